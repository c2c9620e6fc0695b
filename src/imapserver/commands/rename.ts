import type { CommandArgs } from '../../imap/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import { checkMailboxName } from '../mailbox-names.js';
import { no } from '../responses.js';
import type { Session } from '../session.js';
import { reportExpunged } from '../vanished.js';
import { mailboxFailure } from './create.js';

/**
 * RENAME: RFC 9051 §6.3.6. Children move along. Renaming Inbox creates the new mailbox and
 * moves Inbox's messages into it, leaving Inbox empty (RFC 9051 §6.3.6), and copies Inbox's
 * annotations to it. Other mailboxes keep theirs. Subscriptions stay with the old names, as
 * in mox.
 */
export function rename(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'RENAME' }>): void {
  const st = needAuthed(s);
  const src = needMailbox(st, a.from);
  const to = checkMailboxName(a.to);
  if (to === 'Inbox') throw no('cannot rename to inbox', 'ALREADYEXISTS');
  if (st.account.mailbox(to)) throw no('mailbox already exists', 'ALREADYEXISTS');
  try {
    if (src.name === 'Inbox') {
      // As mox: the new mailbox and its new parents are not subscribed.
      const made = st.account.createMailbox(to, { origin: s, subscribe: false });
      const dst = made[made.length - 1]!;
      // RFC 5464 §4.1 (as mox): Inbox keeps its annotations and the new mailbox gets a copy.
      st.account.annotations.copy(src.id, dst.id, s);
      const uids = st.account.messages(src.id).map((m) => m.uid);
      if (uids.length > 0) {
        const moved = st.account.moveMessages(src.id, uids, dst.id, { origin: s });
        // Our own removals are not reported by the change feed: apply them to a selected Inbox.
        if (s.state.kind === 'selected' && s.state.mailbox.id === src.id) {
          reportExpunged(s, s.state.mailbox, moved.map((p) => p.srcUid));
        }
      }
      return;
    }
    st.account.renameMailbox(src.id, to, { origin: s });
  } catch (e) {
    throw mailboxFailure(e);
  }
}
