import type { CommandArgs } from '../../imap/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import type { Session } from '../session.js';

/**
 * SUBSCRIBE and UNSUBSCRIBE: RFC 9051 §6.3.7, §6.3.8.
 * Deviation (store model): only existing mailboxes can be subscribed; the subscription is a
 * property of the mailbox, so it goes when the mailbox is deleted.
 */
export function subscribe(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'GETQUOTAROOT' }>): void {
  const st = needAuthed(s);
  const mb = needMailbox(st, a.mailbox);
  st.account.setSubscribed(mb.id, a.command === 'SUBSCRIBE');
}
