// Arguments of mailbox commands: SELECT/EXAMINE, CREATE, DELETE, RENAME, (UN)SUBSCRIBE, LIST,
// LSUB, STATUS, GETQUOTA(ROOT), GETMETADATA, SETMETADATA.
import type { Parser } from './parser.js';
import type { CommandArgs, QresyncParams, StatusAtt } from './types.js';

const STATUS_ATTS: readonly StatusAtt[] = [
  'MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'DELETED', 'SIZE', 'RECENT', 'HIGHESTMODSEQ', 'APPENDLIMIT', 'DELETED-STORAGE',
];

/** status-att (RFC 9051 §9; RECENT RFC 3501; HIGHESTMODSEQ RFC 7162 §7; APPENDLIMIT RFC 7889 §5; DELETED-STORAGE RFC 9208 §8). */
export function statusAtt(p: Parser): StatusAtt {
  return p.needWord(STATUS_ATTS, 'status attribute');
}

/** A mailbox command with just a mailbox argument. */
export function parseMailboxOnly(command: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'GETQUOTAROOT') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const mailbox = p.mailbox();
    p.end();
    return { command, mailbox };
  };
}

/**
 * SELECT/EXAMINE mailbox [SP "(" select-param *(SP select-param) ")"] with CONDSTORE
 * (RFC 7162 §3.1.8) and QRESYNC (RFC 7162 §3.2.5). Whether QRESYNC was enabled first is for the
 * session to check.
 */
export function parseSelect(command: 'SELECT' | 'EXAMINE') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const mailbox = p.mailbox();
    let condstore = false;
    let qresync: QresyncParams | undefined;
    if (p.takeSp()) {
      p.list(() => {
        const w = p.needWord(['CONDSTORE', 'QRESYNC'], 'CONDSTORE or QRESYNC');
        if (w === 'CONDSTORE') {
          if (condstore) throw p.error('duplicate CONDSTORE parameter');
          condstore = true;
          return;
        }
        if (qresync) throw p.error('duplicate QRESYNC parameter');
        p.sp();
        p.needChar('(');
        const uidValidity = p.nzNumber();
        p.sp();
        const modseq = p.nzNumber64();
        let q: QresyncParams = { uidValidity, modseq };
        if (p.takeSp()) {
          if (p.peekByte() !== 0x28) {
            q = { ...q, knownUids: p.numSet({ allowStar: false, allowSaved: false }) };
          }
          if (q.knownUids === undefined || p.takeSp()) {
            p.needChar('(');
            const seqs = p.numSet({ allowStar: false, allowSaved: false });
            p.sp();
            const uids = p.numSet({ allowStar: false, allowSaved: false });
            p.needChar(')');
            q = { ...q, seqMatch: { seqs, uids } };
          }
        }
        p.needChar(')');
        qresync = q;
      });
    }
    p.end();
    return { command, mailbox, condstore, ...(qresync ? { qresync } : {}) };
  };
}

/** CREATE mailbox [SP "(" "USE" SP "(" use-attr *(SP use-attr) ")" ")"] (RFC 9051 §6.3.4, RFC 6154 §3). */
export function parseCreate(p: Parser): CommandArgs {
  p.sp();
  const mailbox = p.mailbox();
  const specialUse: string[] = [];
  if (p.takeSp()) {
    p.list(() => {
      p.needWord(['USE'], 'USE');
      p.sp();
      p.list(() => {
        p.needChar('\\', 'special-use attribute');
        specialUse.push(`\\${p.atom()}`);
      }, true);
    });
  }
  p.end();
  return { command: 'CREATE', mailbox, specialUse };
}

/** RENAME mailbox SP mailbox (RFC 9051 §6.3.6). */
export function parseRename(p: Parser): CommandArgs {
  p.sp();
  const from = p.mailbox();
  p.sp();
  const to = p.mailbox();
  p.end();
  return { command: 'RENAME', from, to };
}

/**
 * Validates a metadata entry name and lowercases it (RFC 5464 §3.2: no "//", no trailing "/",
 * no "*" or "%", printable ASCII). A lone "/" is allowed, as Go mox does, for DEPTH INFINITY.
 */
export function metadataEntry(p: Parser): string {
  const s = p.astringText();
  if (s.includes('//')) throw p.error('metadata entry name must not contain "//"');
  if (s !== '/' && s.endsWith('/')) throw p.error('metadata entry name must not end with "/"');
  if (/[*%]/.test(s)) throw p.error('metadata entry name must not contain "*" or "%"');
  if (!/^[\x20-\x7e]*$/.test(s)) throw p.error('metadata entry name must be printable ASCII');
  return s.toLowerCase();
}

/**
 * LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts] (RFC 9051 §6.3.9,
 * LIST-EXTENDED RFC 5258 §3, SPECIAL-USE RFC 6154 §5, LIST-STATUS RFC 5819, LIST-METADATA
 * RFC 9590). Unknown options are a BAD (RFC 5258 §3); MYRIGHTS is not supported (no ACL).
 */
export function parseList(p: Parser): CommandArgs {
  p.sp();
  let extended = false;
  let selectSubscribed = false;
  let selectRemote = false;
  let selectRecursiveMatch = false;
  let selectSpecialUse = false;
  if (p.peekByte() === 0x28) {
    extended = true;
    p.list(() => {
      const w = p.needWord(['SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH', 'SPECIAL-USE'], 'list selection option');
      if (w === 'SUBSCRIBED') selectSubscribed = true;
      else if (w === 'REMOTE') selectRemote = true;
      else if (w === 'RECURSIVEMATCH') selectRecursiveMatch = true;
      else selectSpecialUse = true;
    }, true);
    // RFC 5258 §3: RECURSIVEMATCH needs a base option.
    if (selectRecursiveMatch && !selectSubscribed && !selectSpecialUse) {
      throw p.error('RECURSIVEMATCH needs another selection option');
    }
    p.sp();
  }
  const reference = p.mailbox();
  p.sp();
  let patterns: string[];
  if (p.peekByte() === 0x28) {
    extended = true;
    patterns = p.list(() => p.listMailbox());
  } else {
    patterns = [p.listMailbox()];
  }
  let returnSubscribed = false;
  let returnChildren = false;
  let returnSpecialUse = false;
  let returnStatus: StatusAtt[] | undefined;
  let returnMetadata: string[] | undefined;
  if (p.takeSp()) {
    extended = true;
    p.needWord(['RETURN'], 'RETURN');
    p.sp();
    p.list(() => {
      const w = p.needWord(['SUBSCRIBED', 'CHILDREN', 'SPECIAL-USE', 'STATUS', 'METADATA'], 'list return option');
      if (w === 'SUBSCRIBED') returnSubscribed = true;
      else if (w === 'CHILDREN') returnChildren = true;
      else if (w === 'SPECIAL-USE') returnSpecialUse = true;
      else if (w === 'STATUS') {
        p.sp();
        returnStatus = p.list(() => statusAtt(p));
      } else {
        p.sp();
        returnMetadata = p.list(() => metadataEntry(p));
      }
    }, true);
  }
  p.end();
  return {
    command: 'LIST',
    reference,
    patterns,
    extended,
    selectSubscribed,
    selectRemote,
    selectRecursiveMatch,
    selectSpecialUse,
    returnSubscribed,
    returnChildren,
    returnSpecialUse,
    ...(returnStatus ? { returnStatus } : {}),
    ...(returnMetadata ? { returnMetadata } : {}),
  };
}

/** LSUB mailbox SP list-mailbox (RFC 3501 §6.3.9). */
export function parseLsub(p: Parser): CommandArgs {
  p.sp();
  const reference = p.mailbox();
  p.sp();
  const pattern = p.listMailbox();
  p.end();
  return { command: 'LSUB', reference, pattern };
}

/** STATUS mailbox SP "(" status-att *(SP status-att) ")" (RFC 9051 §6.3.11). */
export function parseStatus(p: Parser): CommandArgs {
  p.sp();
  const mailbox = p.mailbox();
  p.sp();
  const attributes = p.list(() => statusAtt(p));
  p.end();
  return { command: 'STATUS', mailbox, attributes };
}

/** GETQUOTA quota-root (RFC 9208 §4.2). */
export function parseGetQuota(p: Parser): CommandArgs {
  p.sp();
  const root = p.astringText();
  p.end();
  return { command: 'GETQUOTA', root };
}

/**
 * GETMETADATA [SP "(" option *(SP option) ")"] SP mailbox SP entries (RFC 5464 §4.2), options
 * MAXSIZE and DEPTH, each at most once. The mailbox is "" for server metadata.
 */
export function parseGetMetadata(p: Parser): CommandArgs {
  p.sp();
  let maxSize: number | undefined;
  let depth: '0' | '1' | 'INFINITY' | undefined;
  if (p.peekByte() === 0x28) {
    p.list(() => {
      const w = p.needWord(['MAXSIZE', 'DEPTH'], 'MAXSIZE or DEPTH');
      p.sp();
      if (w === 'MAXSIZE') {
        if (maxSize !== undefined) throw p.error('duplicate MAXSIZE option');
        maxSize = p.number();
      } else {
        if (depth !== undefined) throw p.error('duplicate DEPTH option');
        depth = p.needWord(['0', '1', 'INFINITY'] as const, 'depth 0, 1 or infinity');
      }
    });
    p.sp();
  }
  const mailbox = p.mailbox();
  p.sp();
  const entries = p.peekByte() === 0x28 ? p.list(() => metadataEntry(p)) : [metadataEntry(p)];
  p.end();
  return {
    command: 'GETMETADATA',
    mailbox,
    entries,
    ...(maxSize !== undefined ? { maxSize } : {}),
    ...(depth !== undefined ? { depth } : {}),
  };
}

/** SETMETADATA mailbox SP "(" entry SP value *(SP entry SP value) ")"; value is nstring or literal8 (RFC 5464 §4.3). */
export function parseSetMetadata(p: Parser): CommandArgs {
  p.sp();
  const mailbox = p.mailbox();
  p.sp();
  const entries = p.list(() => {
    const name = metadataEntry(p);
    p.sp();
    if (p.atLiteral()) {
      const lit = p.literal(true);
      return { name, value: lit.data, binary: lit.binary };
    }
    if (p.peekByte() === 0x22) return { name, value: p.quoted(), binary: false };
    p.needWord(['NIL'], 'metadata value');
    return { name, value: null, binary: false };
  });
  p.end();
  return { command: 'SETMETADATA', mailbox, entries };
}
