// Arguments of NOTIFY (RFC 5465 §6) and the mailbox filters it shares with ESEARCH (RFC 7377).
import { fetchAtt } from './args-fetch.js';
import type { Parser } from './parser.js';
import type { CommandArgs, MailboxFilter, NotifyEvent, NotifyEventGroup } from './types.js';

const NOTIFY_FILTERS = [
  'SELECTED-DELAYED', 'SELECTED', 'INBOXES', 'PERSONAL', 'SUBSCRIBED', 'SUBTREE-ONE', 'SUBTREE', 'MAILBOXES',
] as const;
const ESEARCH_FILTERS = ['SELECTED', 'INBOXES', 'PERSONAL', 'SUBSCRIBED', 'SUBTREE-ONE', 'SUBTREE', 'MAILBOXES'] as const;

/**
 * filter-mailboxes (RFC 5465 §8): SELECTED, SELECTED-DELAYED (NOTIFY only), INBOXES, PERSONAL,
 * SUBSCRIBED, or SUBTREE/SUBTREE-ONE/MAILBOXES with one mailbox or a list. SUBTREE-ONE comes from
 * RFC 7377 and is accepted for NOTIFY too, as Go mox does.
 */
export function mailboxFilter(p: Parser, kind: 'notify' | 'esearch'): MailboxFilter {
  const f = p.needWord(kind === 'notify' ? NOTIFY_FILTERS : ESEARCH_FILTERS, 'mailbox filter');
  if (f !== 'SUBTREE' && f !== 'SUBTREE-ONE' && f !== 'MAILBOXES') return { kind: f };
  p.sp();
  const mailboxes = p.peekByte() === 0x28 ? p.list(() => p.mailbox()) : [p.mailbox()];
  return { kind: f, mailboxes };
}

/** An event; MessageNew may carry fetch attributes (RFC 5465 §8 message-event). */
function notifyEvent(p: Parser): NotifyEvent {
  const name = p.atom().toUpperCase();
  if (name === 'MESSAGENEW' && p.peek(' (')) {
    p.sp();
    return { name, fetch: p.list(() => fetchAtt(p)) };
  }
  return { name };
}

/** NOTIFY SP ("NONE" / "SET" [SP "STATUS"] SP event-group *(SP event-group)) (RFC 5465 §8). */
export function parseNotify(p: Parser): CommandArgs {
  p.sp();
  if (p.takeWord(['NONE'])) {
    p.end();
    return { command: 'NOTIFY', none: true };
  }
  p.needWord(['SET'], 'SET or NONE');
  p.sp();
  const status = p.takeWord(['STATUS']) !== undefined;
  if (status) p.sp();
  const groups: NotifyEventGroup[] = [];
  do {
    p.needChar('(');
    const filter = mailboxFilter(p, 'notify');
    p.sp();
    const events = p.takeWord(['NONE']) ? [] : p.list(() => notifyEvent(p));
    p.needChar(')');
    groups.push({ filter, events });
  } while (p.takeSp());
  p.end();
  return { command: 'NOTIFY', none: false, status, groups };
}
