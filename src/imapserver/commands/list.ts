import type { CommandArgs } from '../../imap/index.js';
import type { MailboxInfo } from '../../store/index.js';
import { needAuthed } from '../guards.js';
import { parentName, patternMatcher } from '../mailbox-names.js';
import type { Session } from '../session.js';
import { writeListMetadata } from './metadata.js';
import { writeStatus } from './status.js';

/**
 * LIST: RFC 9051 §6.3.9 with LIST-EXTENDED (RFC 5258): selection options SUBSCRIBED,
 * RECURSIVEMATCH and SPECIAL-USE (RFC 6154 §5.1), return options SUBSCRIBED, CHILDREN,
 * SPECIAL-USE, STATUS (RFC 5819) and METADATA (RFC 9590). Special-use attributes are always included (as mox
 * does: clients use them without asking), and \HasChildren/\HasNoChildren too (RFC 5258 §4
 * allows that; IMAP4rev2 clients expect them).
 */
export function list(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'LIST' }>): void {
  const st = needAuthed(s);
  // RFC 9051 §6.3.9: an empty pattern asks for the hierarchy delimiter.
  if (!a.extended && a.patterns.length === 1 && a.patterns[0] === '') {
    s.line('* LIST (\\Noselect) "/" ""');
    return;
  }
  const match = patternMatcher(a.reference, a.patterns);
  const mailboxes = st.account.mailboxes();
  const hasChild = new Set<string>();
  const hasSubscribedChild = new Set<string>();
  for (const mb of mailboxes) {
    for (let p = parentName(mb.name); p !== ''; p = parentName(p)) {
      hasChild.add(p);
      if (mb.subscribed) hasSubscribedChild.add(p);
    }
  }
  for (const mb of mailboxes) {
    if (!match(mb.name)) continue;
    const childInfo = a.selectRecursiveMatch && a.selectSubscribed && hasSubscribedChild.has(mb.name);
    if (a.selectSubscribed && !mb.subscribed && !childInfo) continue;
    if (a.selectSpecialUse && mb.specialUse === '') continue;
    const flags: string[] = [hasChild.has(mb.name) ? '\\HasChildren' : '\\HasNoChildren'];
    if (mb.subscribed && (a.selectSubscribed || a.returnSubscribed)) flags.push('\\Subscribed');
    if (mb.specialUse !== '') flags.push(mb.specialUse);
    const w = s.writer().raw('* LIST ').flags(flags).raw(' "/" ').mailbox(mb.name);
    // RFC 5258 §3.5: CHILDINFO for a parent of subscribed mailboxes.
    if (childInfo) w.raw(' ("CHILDINFO" ("SUBSCRIBED"))');
    s.send(w.crlf());
    if (a.returnStatus) writeStatus(s, mb, a.returnStatus);
    // RFC 9590 §3: the METADATA response follows the mailbox's LIST response. Deviation (RFC
    // order): mox sends all METADATA responses after all LIST responses.
    if (a.returnMetadata) writeListMetadata(s, st.account, mb, a.returnMetadata);
  }
}

/**
 * LSUB: RFC 3501 §6.3.9 (gone in IMAP4rev2). Subscribed mailboxes; with a trailing "%", a
 * parent of subscribed mailboxes that is itself not subscribed shows as \NoSelect.
 */
export function lsub(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'LSUB' }>): void {
  const st = needAuthed(s);
  const match = patternMatcher(a.reference, [a.pattern]);
  const mailboxes: MailboxInfo[] = st.account.mailboxes();
  const parents = new Set<string>();
  if (a.pattern.endsWith('%')) {
    for (const mb of mailboxes) {
      if (!mb.subscribed) continue;
      for (let p = parentName(mb.name); p !== ''; p = parentName(p)) parents.add(p);
    }
  }
  for (const mb of mailboxes) {
    if (!match(mb.name)) continue;
    if (mb.subscribed) s.send(s.writer().raw('* LSUB () "/" ').mailbox(mb.name).crlf());
    else if (parents.has(mb.name)) s.send(s.writer().raw('* LSUB (\\Noselect) "/" ').mailbox(mb.name).crlf());
  }
}
