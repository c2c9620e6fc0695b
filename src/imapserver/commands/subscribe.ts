import type { CommandArgs } from '../../imap/index.js';
import { needAuthed } from '../guards.js';
import { checkMailboxName } from '../mailbox-names.js';
import { no } from '../responses.js';
import type { Session } from '../session.js';

/**
 * SUBSCRIBE and UNSUBSCRIBE: RFC 9051 §6.3.7, §6.3.8. Subscriptions are names, as in mox: a
 * name without a mailbox can be subscribed, and a subscription outlives its mailbox.
 * Unsubscribing a name that is not subscribed is fine when the mailbox exists; otherwise NO,
 * as mox.
 */
export function subscribe(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'GETQUOTAROOT' }>): void {
  const st = needAuthed(s);
  const name = checkMailboxName(a.mailbox);
  const on = a.command === 'SUBSCRIBE';
  if (!st.account.setSubscription(name, on, { origin: s }) && !on && !st.account.mailbox(name)) throw no('mailbox does not exist');
}
