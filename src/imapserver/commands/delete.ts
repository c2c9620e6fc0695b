import type { CommandArgs } from '../../imap/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import { no } from '../responses.js';
import type { Session } from '../session.js';
import { mailboxFailure } from './create.js';

/**
 * DELETE: RFC 9051 §6.3.5. Inbox cannot be deleted; like mox, neither can a mailbox with
 * children (NO [HASCHILDREN]).
 */
export async function del(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'GETQUOTAROOT' }>): Promise<void> {
  const st = needAuthed(s);
  if (a.mailbox === 'Inbox') throw no('cannot delete inbox', 'CANNOT');
  const mb = needMailbox(st, a.mailbox);
  try {
    await st.account.deleteMailbox(mb.id, { origin: s });
  } catch (e) {
    throw mailboxFailure(e);
  }
}
