import type { CommandArgs } from '../../imap/index.js';
import { needSelectedMailbox, needWritable } from '../guards.js';
import { resolveSet } from '../numsets.js';
import type { Done } from '../responses.js';
import type { Session } from '../session.js';
import { reportExpunged } from '../vanished.js';

/**
 * EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 9051 §6.4.9, RFC 4315 §2.1): removes the
 * \Deleted messages the session knows (all, or those in the UID set) and sends an EXPUNGE
 * response for each, or one VANISHED with QRESYNC or UIDONLY (RFC 7162 §3.2.7, §3.2.9,
 * RFC 9586 §3). With CONDSTORE the tagged OK carries HIGHESTMODSEQ (RFC 7162 §3.1.10).
 */
export async function expunge(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'EXPUNGE' | 'UID EXPUNGE' }>): Promise<Done | void> {
  const st = needWritable(s);
  const mb = needSelectedMailbox(st);
  const uids = a.command === 'UID EXPUNGE' ? resolveSet(s, st.mailbox, a.uids, true) : [...st.mailbox.all()];
  const removed = uids.length === 0 ? [] : await st.account.expunge(mb.id, { uids, origin: s });
  reportExpunged(s, st.mailbox, removed);
  if (s.condstore) {
    const after = st.account.mailboxById(mb.id);
    return { code: `HIGHESTMODSEQ ${after?.modseq ?? mb.modseq}`, text: 'expunged' };
  }
}
