import { formatNumbers, type CommandArgs } from '../../imap/index.js';
import { needAuthed, needMailbox, needSelected, needSelectedMailbox, needWritable } from '../guards.js';
import { resolveSet } from '../numsets.js';
import type { Done } from '../responses.js';
import type { Session } from '../session.js';
import { reportExpunged } from '../vanished.js';
import { mailboxFailure } from './create.js';
import { quotaLimit } from './quota.js';

type Args = Extract<CommandArgs, { command: 'COPY' | 'UID COPY' | 'MOVE' | 'UID MOVE' }>;

/**
 * COPY and UID COPY (RFC 9051 §6.4.7), MOVE and UID MOVE (RFC 6851). A missing destination is
 * NO [TRYCREATE]. UIDPLUS (RFC 4315 §3): COPY answers with COPYUID in the tagged OK; MOVE
 * sends it in an untagged OK first, then the EXPUNGE responses (RFC 6851 §4.3), or VANISHED
 * with QRESYNC or UIDONLY (RFC 7162 §3.2.10, RFC 9586 §3). Moving into the selected mailbox
 * itself gives the messages new UIDs (Deviation: mox refuses it; RFC 6851 allows it and
 * imaptest expects it). A COPY past the account's quota is NO [OVERQUOTA] (RFC 9208 §4.3.1);
 * MOVE adds nothing, so it is not limited (as mox).
 */
export async function copy(s: Session, _tag: string, a: Args): Promise<Done | void> {
  const isMove = a.command === 'MOVE' || a.command === 'UID MOVE';
  const st = isMove ? needWritable(s) : needSelected(s);
  const src = needSelectedMailbox(st);
  const dst = needMailbox(needAuthed(s), a.mailbox, 'TRYCREATE');
  const uids = resolveSet(s, st.mailbox, a.set, a.uid);
  if (uids.length === 0) return;
  let pairs;
  try {
    pairs = isMove ? st.account.moveMessages(src.id, uids, dst.id, { origin: s }) : await st.account.copyMessages(src.id, uids, dst.id, { origin: s, quota: quotaLimit(s, st) });
  } catch (e) {
    throw mailboxFailure(e);
  }
  if (pairs.length === 0) return;
  const code = `COPYUID ${dst.uidValidity} ${formatNumbers(pairs.map((p) => p.srcUid))} ${formatNumbers(pairs.map((p) => p.dstUid))}`;
  if (!isMove) return { code, text: 'COPY done' };
  s.status(null, 'OK', 'moved', code);
  reportExpunged(s, st.mailbox, pairs.map((p) => p.srcUid));
  // As mox: with QRESYNC the tagged OK carries the source's new HIGHESTMODSEQ (RFC 7162 §3.2).
  if (s.enabled.has('QRESYNC')) return { code: `HIGHESTMODSEQ ${st.account.mailboxById(src.id)?.modseq ?? src.modseq}`, text: 'move' };
}
