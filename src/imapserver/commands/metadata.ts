// METADATA (RFC 5464) and LIST-METADATA (RFC 9590), as mox has them: server annotations
// (mailbox "") and mailbox annotations, /private and /shared stored alike (there is no ACL, so
// the account owner sees both; NOPRIVATE is never needed), account-wide limits of 1000 entries
// and 1 MB, and unsolicited METADATA responses only after ENABLE METADATA (or NOTIFY, see
// notify.ts).
import type { CommandArgs, ResponseWriter } from '../../imap/index.js';
import { AnnotationLimitError, defaultAnnotationLimits, type Account, type Annotation, type MailboxInfo } from '../../store/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import { no, type Done } from '../responses.js';
import type { Session } from '../session.js';
import type { AuthedState } from '../state.js';

type Depth = '0' | '1' | 'INFINITY';

/** Whether an entry name is asked for by `entries` at `depth` (RFC 5464 §4.2.2). */
export function entryWanted(key: string, entries: readonly string[], depth: Depth): boolean {
  for (const e of entries) {
    if (key === e) return true;
    if (depth === '0') continue;
    // "/" (and "") ask for everything below the root, as in mox.
    const prefix = e.endsWith('/') ? e : `${e}/`;
    if (!key.startsWith(prefix)) continue;
    if (depth === 'INFINITY' || !key.slice(prefix.length).includes('/')) return true;
  }
  return false;
}

// RFC 5464 §5: value = nstring / literal8, in the form the client stored it.
function writeValue(w: ResponseWriter, a: Annotation | undefined): void {
  if (!a) w.nil();
  else if (a.isString) w.string(a.value);
  else w.literal(a.value, true);
}

// The mailbox of a METADATA command: "" is the server (id 0). RFC 5464 §4.2, §4.3: a missing
// mailbox is NO [TRYCREATE] (as mox).
function target(st: AuthedState, mailbox: string): { id: number; name: string } {
  if (mailbox === '') return { id: 0, name: '' };
  const mb = needMailbox(st, mailbox, 'TRYCREATE');
  return { id: mb.id, name: mb.name };
}

/**
 * GETMETADATA (RFC 5464 §4.2): entries of a mailbox or the server with DEPTH (§4.2.2) and
 * MAXSIZE (§4.2.1: larger values are left out and the largest one's size is reported in
 * [METADATA LONGENTRIES n]). Nothing matching means no untagged response (§4.4.1 needs one
 * entry at least).
 */
export function getmetadata(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'GETMETADATA' }>): Done | void {
  const st = needAuthed(s);
  const mb = target(st, a.mailbox);
  const depth = a.depth ?? '0';
  let longest = -1;
  const shown: Annotation[] = [];
  for (const x of st.account.annotations.list(mb.id)) {
    if (!entryWanted(x.key, a.entries, depth)) continue;
    if (a.maxSize !== undefined && x.value.length > a.maxSize) longest = Math.max(longest, x.value.length);
    else shown.push(x);
  }
  if (shown.length > 0) {
    const w = s.writer().raw('* METADATA ').mailbox(mb.name).raw(' (');
    shown.forEach((x, i) => {
      if (i > 0) w.sp();
      w.astring(x.key).sp();
      writeValue(w, x);
    });
    s.send(w.raw(')').crlf());
  }
  if (longest >= 0) return { code: `METADATA LONGENTRIES ${longest}`, text: 'GETMETADATA done' };
}

// RFC 5464 §3.2: entry names start with /private/ or /shared/; the vendor trees need a vendor
// name and at least one more element (/private/vendor/<vendor>/<name>).
function checkEntry(key: string): void {
  if (!key.startsWith('/private/') && !key.startsWith('/shared/')) throw no('only /private/* and /shared/* entry names allowed');
  const parts = key.slice(1).split('/');
  if (parts[1] === 'vendor' && parts.length < 4) {
    throw no('entry names starting with /private/vendor or /shared/vendor must have at least 4 components');
  }
}

/**
 * SETMETADATA (RFC 5464 §4.3): sets entries, NIL removes one; all or nothing. Limits are
 * account-wide: NO [METADATA TOOMANY] past 1000 entries, NO [METADATA MAXSIZE n] past 1 MB of
 * names and values.
 */
export function setmetadata(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'SETMETADATA' }>): void {
  const st = needAuthed(s);
  for (const e of a.entries) checkEntry(e.name);
  const mb = target(st, a.mailbox);
  // Deviation (interop): a plain {n} literal is a string value (RFC 5464 §5: nstring); mox
  // refuses it and accepts only quoted strings and literal8.
  const updates = a.entries.map((e) => ({ key: e.name, value: e.value, isString: !e.binary }));
  try {
    st.account.annotations.set(mb.id, updates, defaultAnnotationLimits, s);
  } catch (e) {
    if (!(e instanceof AnnotationLimitError)) throw e;
    // Deviation (mox bug): RFC 5464 §5 has no parentheses in these codes; mox sends
    // "METADATA (TOOMANY)" and "METADATA (MAXSIZE n)".
    if (e.limit === 'entries') throw no(`too many metadata entries, ${e.max} allowed in total`, 'METADATA TOOMANY');
    throw no(`metadata entry values too large, total maximum size is ${e.max} bytes`, `METADATA MAXSIZE ${e.max}`);
  }
}

/**
 * Queues "* METADATA mailbox (entry value ...)" for LIST RETURN (METADATA (...)) (RFC 9590
 * §3): each requested entry with its value, NIL when it is not set.
 */
export function writeListMetadata(s: Session, account: Account, mb: MailboxInfo, entries: readonly string[]): void {
  const w = s.writer().raw('* METADATA ').mailbox(mb.name).raw(' (');
  entries.forEach((key, i) => {
    if (i > 0) w.sp();
    w.astring(key).sp();
    writeValue(w, account.annotations.get(mb.id, key));
  });
  s.send(w.raw(')').crlf());
}

