import type { CommandArgs } from '../../imap/index.js';
import { parseFlags } from '../../store/index.js';
import { needAuthed, needMailbox, needSelectedMailbox, needWritable } from '../guards.js';
import { applyChanges } from '../idle.js';
import { bad, no, type Done } from '../responses.js';
import type { Session } from '../session.js';
import type { SelectedState } from '../state.js';
import { mailboxFailure } from './create.js';
import { reportExpunged } from '../vanished.js';

type Args = Extract<CommandArgs, { command: 'REPLACE' | 'UID REPLACE' }>;

/** The UID of the message to replace: "*" is the last message (RFC 8508 §5, seq-number). */
function targetUid(st: SelectedState, a: Args): number {
  const view = st.mailbox;
  if (a.target === '*') {
    if (view.exists === 0) throw bad('cannot use * on empty mailbox');
    return view.uidAt(view.exists)!;
  }
  if (!a.uid) {
    const uid = view.uidAt(a.target);
    if (uid === undefined) throw no('invalid msgseq');
    return uid;
  }
  if (view.seqOf(a.target) === 0) throw no('message to be replaced does not exist');
  return a.target;
}

/**
 * REPLACE and UID REPLACE (RFC 8508 §3): appends a message to a mailbox (the selected one or
 * another) and expunges the given message of the selected mailbox, atomically (RFC 8508
 * §3.4). Responses in the order of its examples: the untagged OK with APPENDUID (RFC 8508
 * §4.3, RFC 4315 §3), EXISTS when the new message landed in the selected mailbox, then
 * EXPUNGE (VANISHED with QRESYNC, RFC 8508 §4.5) for the old one. A missing destination is
 * NO [TRYCREATE] (as APPEND).
 */
export async function replace(s: Session, _tag: string, a: Args): Promise<Done> {
  // todo(RFC 8508 §3.2): mox refuses a REPLACE with a synchronizing literal before asking for
  // the data (missing destination, unknown message); we read the literal, then answer NO.
  const st = needWritable(s);
  const src = needSelectedMailbox(st);
  const oldUid = targetUid(st, a);
  const dst = needMailbox(needAuthed(s), a.mailbox, 'TRYCREATE');
  if (a.message.data.length === 0) throw no('empty message');
  const f = parseFlags(a.message.flags);
  const item = { data: a.message.data, flags: f.bits, keywords: f.keywords, received: a.message.date?.epochMs ?? s.ports.clock.now() };
  let r;
  try {
    r = await st.account.replaceMessage(src.id, oldUid, dst.id, item, { origin: s });
  } catch (e) {
    throw mailboxFailure(e);
  }
  if (!r) {
    // Expunged by another session meanwhile: its EXPUNGE goes out before our NO.
    await st.account.durable();
    throw no('message to be replaced has been expunged');
  }
  // Deviation (client bookkeeping): mox sends APPENDUID only when the destination is the
  // selected mailbox, and with an empty text (RFC 3501 §9 requires text); we always send it.
  s.status(null, 'OK', 'Replacement Message ready', `APPENDUID ${dst.uidValidity} ${r.added.uid}`);
  // The commit's changes reach this session once durable: EXISTS for the new message when it
  // is in the selected mailbox (with changes of others queued before it).
  await st.account.durable();
  await applyChanges(s, { expunges: true, delayed: true });
  // EXPUNGE, or VANISHED with QRESYNC/UIDONLY (RFC 8508 §4.5, RFC 9586 §3).
  reportExpunged(s, st.mailbox, [oldUid]);
  // Deviation (consistency with EXPUNGE): mox always adds HIGHESTMODSEQ; we do when CONDSTORE
  // is enabled (RFC 8508 §4.5, RFC 7162 §3.1), as for EXPUNGE.
  if (s.condstore) return { code: `HIGHESTMODSEQ ${r.modseq}`, text: 'replaced' };
  return { text: 'replaced' };
}
