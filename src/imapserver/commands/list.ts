import type { CommandArgs } from '../../imap/index.js';
import { needAuthed } from '../guards.js';
import { parentName, patternMatcher } from '../mailbox-names.js';
import type { Session } from '../session.js';
import { writeListMetadata } from './metadata.js';
import { writeStatus } from './status.js';

/** The ancestors of a name, nearest first. */
function ancestors(name: string): string[] {
  const out: string[] = [];
  for (let p = parentName(name); p !== ''; p = parentName(p)) out.push(p);
  return out;
}

/**
 * LIST: RFC 9051 §6.3.9 with LIST-EXTENDED (RFC 5258): selection options SUBSCRIBED,
 * RECURSIVEMATCH and SPECIAL-USE (RFC 6154 §5.1), return options SUBSCRIBED, CHILDREN,
 * SPECIAL-USE, STATUS (RFC 5819) and METADATA (RFC 9590). Special-use attributes are always
 * included (as mox does: clients use them without asking), and \HasChildren/\HasNoChildren
 * for existing mailboxes too (RFC 5258 §4 allows that; IMAP4rev2 clients expect them). With
 * SUBSCRIBED, subscribed names without a mailbox are listed as \NonExistent (RFC 5258 §3.1).
 */
export function list(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'LIST' }>): void {
  const st = needAuthed(s);
  // RFC 9051 §6.3.9: an empty pattern asks for the hierarchy delimiter.
  if (!a.extended && a.patterns.length === 1 && a.patterns[0] === '') {
    s.line('* LIST (\\Noselect) "/" ""');
    return;
  }
  const match = patternMatcher(a.reference, a.patterns);
  const mailboxes = new Map(st.account.mailboxes().map((m) => [m.name, m]));
  const subscribed = new Set(a.selectSubscribed || a.returnSubscribed ? st.account.subscriptions() : []);
  const hasChild = new Set<string>();
  for (const name of mailboxes.keys()) for (const p of ancestors(name)) hasChild.add(p);
  // RFC 5258 §3.5: names with subscribed descendants, and those with a subscribed descendant
  // that is not listed itself (only those get CHILDINFO when they are not subscribed).
  const subParents = new Set<string>();
  const unlistedSubParents = new Set<string>();
  const names = new Set(mailboxes.keys());
  if (a.selectSubscribed) {
    for (const sub of subscribed) {
      names.add(sub);
      const unlisted = !match(sub);
      for (const p of ancestors(sub)) {
        subParents.add(p);
        if (unlisted) unlistedSubParents.add(p);
        if (a.selectRecursiveMatch) names.add(p);
      }
    }
  }
  for (const name of [...names].sort()) {
    if (!match(name)) continue;
    const mb = mailboxes.get(name);
    const sub = subscribed.has(name);
    let childInfo = false;
    if (a.selectSubscribed) {
      // RFC 5258 §3.5: CHILDINFO for subscribed descendants, on a name that is not subscribed
      // only when one of them is not listed anyway.
      childInfo = a.selectRecursiveMatch && (sub ? subParents : unlistedSubParents).has(name);
      if (!sub && !childInfo) continue;
    } else if (!mb) continue;
    if (a.selectSpecialUse && (!mb || mb.specialUse === '')) continue;
    const flags: string[] = [];
    if (mb || a.returnChildren) flags.push(hasChild.has(name) ? '\\HasChildren' : '\\HasNoChildren');
    if (sub && (a.selectSubscribed || a.returnSubscribed)) flags.push('\\Subscribed');
    if (!mb) flags.push('\\NonExistent');
    if (mb && mb.specialUse !== '') flags.push(mb.specialUse);
    const w = s.writer().raw('* LIST ').flags(flags).raw(' "/" ').mailbox(name);
    if (childInfo) w.raw(' ("CHILDINFO" ("SUBSCRIBED"))');
    s.send(w.crlf());
    if (!mb) continue;
    if (a.returnStatus) writeStatus(s, mb, a.returnStatus);
    // RFC 9590 §3: the METADATA response follows the mailbox's LIST response. Deviation (RFC
    // order): mox sends all METADATA responses after all LIST responses.
    if (a.returnMetadata) writeListMetadata(s, st.account, mb, a.returnMetadata);
  }
}

/**
 * LSUB: RFC 3501 §6.3.9 (gone in IMAP4rev2). Subscribed names; with a trailing "%", a parent
 * of subscribed names that is itself not subscribed shows as \Noselect. Deviation (RFC 3501
 * §6.3.9): mox lists such a parent only when it exists as a mailbox.
 */
export function lsub(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'LSUB' }>): void {
  const st = needAuthed(s);
  const match = patternMatcher(a.reference, [a.pattern]);
  const subscribed = new Set(st.account.subscriptions());
  const parents = new Set<string>();
  if (a.pattern.endsWith('%')) {
    for (const sub of subscribed) for (const p of ancestors(sub)) if (!subscribed.has(p)) parents.add(p);
  }
  for (const name of [...subscribed, ...parents].sort()) {
    if (!match(name)) continue;
    s.send(s.writer().raw(subscribed.has(name) ? '* LSUB () "/" ' : '* LSUB (\\Noselect) "/" ').mailbox(name).crlf());
  }
}
