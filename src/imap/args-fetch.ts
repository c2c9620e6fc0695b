// Arguments of message commands: FETCH, STORE, COPY, MOVE, UID EXPUNGE (and their UID forms).
import type { Parser } from './parser.js';
import type { CommandArgs, FetchAtt, Partial, Section, SimpleFetchAtt } from './types.js';

const FETCH_WORDS = [
  'ENVELOPE', 'FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'BODYSTRUCTURE', 'UID', 'BODY.PEEK', 'BODY', 'BINARY.PEEK', 'BINARY.SIZE',
  'BINARY', 'RFC822.HEADER', 'RFC822.TEXT', 'RFC822', 'MODSEQ', 'SAVEDATE', 'PREVIEW', 'EMAILID', 'THREADID',
] as const;

const MACROS: Readonly<Record<'ALL' | 'FAST' | 'FULL', readonly SimpleFetchAtt[]>> = Object.freeze({
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
});

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** header-list: "(" header-fld-name *(SP header-fld-name) ")". */
function headerList(p: Parser): string[] {
  return p.list(() => p.astringText());
}

/** section-msgtext, or MIME after a part number (RFC 9051 §9 section-text). */
function sectionText(p: Parser, afterPart: boolean): Pick<Section, 'text' | 'fields'> {
  const words = afterPart
    ? (['HEADER.FIELDS.NOT', 'HEADER.FIELDS', 'HEADER', 'TEXT', 'MIME'] as const)
    : (['HEADER.FIELDS.NOT', 'HEADER.FIELDS', 'HEADER', 'TEXT'] as const);
  const text = p.needWord(words, 'section text');
  if (text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT') {
    p.sp();
    return { text, fields: headerList(p) };
  }
  return { text };
}

/** section: "[" [section-spec] "]" (RFC 9051 §9). */
function section(p: Parser): Section {
  p.needChar('[');
  if (p.takeChar(']')) return { part: [] };
  const part: number[] = [];
  let rest: Pick<Section, 'text' | 'fields'> = {};
  if (isDigit(p.peekByte())) {
    part.push(p.nzNumber());
    while (p.takeChar('.')) {
      if (isDigit(p.peekByte())) {
        part.push(p.nzNumber());
        continue;
      }
      rest = sectionText(p, true);
      break;
    }
  } else {
    rest = sectionText(p, false);
  }
  p.needChar(']');
  return { part, ...rest };
}

/** section-binary: "[" [nz-number *("." nz-number)] "]" (RFC 3516 §4.2). */
function sectionBinary(p: Parser): number[] {
  p.needChar('[');
  const part: number[] = [];
  if (!p.takeChar(']')) {
    do part.push(p.nzNumber());
    while (p.takeChar('.'));
    p.needChar(']');
  }
  return part;
}

/** partial: "<" number64 "." nz-number64 ">" (RFC 9051 §9). */
function partial(p: Parser): Partial | undefined {
  if (!p.takeChar('<')) return undefined;
  const offset = p.number64();
  p.needChar('.');
  const count = p.nzNumber64();
  p.needChar('>');
  return { offset, count };
}

/** One fetch-att (RFC 9051 §9, RFC 3501 §9 RFC822.*, RFC 7162 MODSEQ, RFC 8514 SAVEDATE, RFC 8970 PREVIEW, RFC 8474 ids). */
export function fetchAtt(p: Parser): FetchAtt {
  const w = p.needWord(FETCH_WORDS, 'fetch attribute');
  switch (w) {
    case 'BODY':
    case 'BODY.PEEK': {
      if (w === 'BODY' && p.peekByte() !== 0x5b) return { att: 'BODY' };
      const s = section(p);
      const pt = partial(p);
      return { att: 'BODY[]', peek: w === 'BODY.PEEK', section: s, ...(pt ? { partial: pt } : {}) };
    }
    case 'BINARY':
    case 'BINARY.PEEK': {
      const part = sectionBinary(p);
      const pt = partial(p);
      return { att: 'BINARY[]', peek: w === 'BINARY.PEEK', part, ...(pt ? { partial: pt } : {}) };
    }
    case 'BINARY.SIZE':
      return { att: 'BINARY.SIZE', part: sectionBinary(p) };
    case 'PREVIEW': {
      // RFC 8970 §3: PREVIEW [SP "(" "LAZY" ")"].
      if (!p.peek(' (')) return { att: 'PREVIEW', lazy: false };
      p.sp();
      const mods = p.list(() => p.needWord(['LAZY'], 'LAZY'));
      return { att: 'PREVIEW', lazy: mods.length > 0 };
    }
    default:
      return { att: w };
  }
}

/**
 * FETCH/UID FETCH sequence-set SP (macro / fetch-att / "(" fetch-att *(SP fetch-att) ")")
 * [SP modifiers] (RFC 9051 §6.4.5, RFC 7162 §3.1.4, §3.2.6).
 */
export function parseFetch(command: 'FETCH' | 'UID FETCH') {
  return (p: Parser): CommandArgs => {
    const uid = command === 'UID FETCH';
    p.sp();
    const set = p.numSet();
    p.sp();
    let macro: 'ALL' | 'FAST' | 'FULL' | undefined;
    let atts: FetchAtt[];
    if (p.peekByte() === 0x28) {
      atts = p.list(() => fetchAtt(p));
    } else {
      macro = p.takeWord(['ALL', 'FAST', 'FULL']);
      atts = macro ? MACROS[macro].map((att) => ({ att })) : [fetchAtt(p)];
    }
    let changedSince: number | undefined;
    let vanished = false;
    if (p.takeSp()) {
      p.list(() => {
        const w = p.needWord(['CHANGEDSINCE', 'VANISHED'], 'CHANGEDSINCE or VANISHED');
        if (w === 'CHANGEDSINCE') {
          if (changedSince !== undefined) throw p.error('duplicate CHANGEDSINCE');
          p.sp();
          // Deviation (interop): 0 is accepted (iOS Mail sends it), as Go mox does outside pedantic mode.
          changedSince = p.number64();
        } else {
          if (vanished) throw p.error('duplicate VANISHED');
          // RFC 7162 §3.2.6: VANISHED only with UID FETCH.
          if (!uid) throw p.error('VANISHED only allowed with UID FETCH');
          vanished = true;
        }
      });
      // RFC 7162 §3.2.6: VANISHED requires CHANGEDSINCE.
      if (vanished && changedSince === undefined) throw p.error('VANISHED requires CHANGEDSINCE');
    }
    p.end();
    return { command, uid, set, atts, vanished, ...(macro ? { macro } : {}), ...(changedSince !== undefined ? { changedSince } : {}) };
  };
}

/**
 * STORE/UID STORE sequence-set [SP "(" UNCHANGEDSINCE SP number64 ")"] SP ["+"/"-"]
 * FLAGS[.SILENT] SP flags (RFC 9051 §6.4.6, RFC 7162 §3.1.3).
 */
export function parseStore(command: 'STORE' | 'UID STORE') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const set = p.numSet();
    p.sp();
    let unchangedSince: number | undefined;
    if (p.peekByte() === 0x28) {
      p.list(() => {
        if (unchangedSince !== undefined) throw p.error('duplicate UNCHANGEDSINCE');
        p.needWord(['UNCHANGEDSINCE'], 'UNCHANGEDSINCE');
        p.sp();
        unchangedSince = p.number64();
      });
      p.sp();
    }
    const mode = p.takeChar('+') ? '+' : p.takeChar('-') ? '-' : '';
    const w = p.needWord(['FLAGS', 'FLAGS.SILENT'], 'FLAGS or FLAGS.SILENT');
    p.sp();
    let flags: string[];
    if (p.peekByte() === 0x28) {
      flags = p.flagList();
    } else {
      flags = [p.flag()];
      while (p.takeSp()) flags.push(p.flag());
    }
    p.end();
    return {
      command,
      uid: command === 'UID STORE',
      set,
      mode,
      silent: w === 'FLAGS.SILENT',
      flags,
      ...(unchangedSince !== undefined ? { unchangedSince } : {}),
    };
  };
}

/** COPY/MOVE sequence-set SP mailbox (RFC 9051 §6.4.7, §6.4.8), and their UID forms. */
export function parseCopyMove(command: 'COPY' | 'UID COPY' | 'MOVE' | 'UID MOVE') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const set = p.numSet();
    p.sp();
    const mailbox = p.mailbox();
    p.end();
    return { command, uid: command.startsWith('UID '), set, mailbox };
  };
}

/** UID EXPUNGE uid-set (RFC 9051 §6.4.9, RFC 4315 §2.1). */
export function parseUidExpunge(p: Parser): CommandArgs {
  p.sp();
  const uids = p.numSet();
  p.end();
  return { command: 'UID EXPUNGE', uids };
}
