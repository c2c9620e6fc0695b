// Quick resynchronisation on SELECT/EXAMINE (RFC 7162 §3.2.5): what changed in a mailbox since
// the client's last known modseq, as VANISHED (EARLIER) and FETCH (UID FLAGS MODSEQ).
import type { CommandArgs, NumSet, QresyncParams } from '../imap/index.js';
import { inRanges, type MailboxInfo, type UidRange } from '../store/index.js';
import { bad, no } from './responses.js';
import { messageFlags } from './flags-out.js';
import type { Session } from './session.js';
import type { MailboxView, SelectedState } from './state.js';
import { clipRanges, fetchHead, mergeSorted, rangesMinus, setRanges, uidRanges, writeVanished } from './vanished.js';

/**
 * Refuses QRESYNC parameters before ENABLE QRESYNC: SELECT/EXAMINE (QRESYNC ...) (RFC 7162
 * §3.2.5) and the VANISHED UID FETCH modifier (RFC 7162 §3.2.6) are BAD. Checked before the
 * command counts as CONDSTORE-enabling.
 */
export function needQresyncEnabled(s: Session, a: CommandArgs): void {
  if (s.enabled.has('QRESYNC')) return;
  if ((a.command === 'SELECT' || a.command === 'EXAMINE') && a.qresync) throw bad('QRESYNC must first be enabled');
  if ((a.command === 'FETCH' || a.command === 'UID FETCH') && a.vanished) throw bad('VANISHED needs QRESYNC, which is not enabled');
}

/** Whether a set is plain numbers in strictly increasing order (what seq-match data must be). */
function strictlyIncreasing(set: NumSet): boolean {
  if (set.kind !== 'ranges') return false;
  let last = 0;
  for (const r of set.ranges) {
    if (r.first === '*' || r.last === '*' || r.first <= last || r.last < r.first) return false;
    last = r.last;
  }
  return true;
}

function* members(set: NumSet): Generator<number> {
  if (set.kind !== 'ranges') return;
  for (const r of set.ranges) {
    for (let n = r.first as number; n <= (r.last as number); n++) yield n;
  }
}

/** What the message sequence match data says (RFC 7162 §3.2.5.2), see {@link planResync}. */
export interface ResyncPlan {
  /** The lowest UID a VANISHED (EARLIER) response may name. */
  floor: number;
  /** The UID of the first pair that did not match, when the mailbox no longer has it; else 0. */
  goneUid: number;
}

/**
 * Checks the message sequence match data (RFC 7162 §3.2.5.2) against the mailbox about to be
 * selected, before anything is sent: both sets must be ascending (like mox, a NO otherwise).
 * Pairs of sequence number and UID are compared until one does not match; the client knows
 * every removal up to the last matching UID.
 */
export function planResync(view: MailboxView, qr: QresyncParams): ResyncPlan {
  let floor = 0;
  if (!qr.seqMatch) return { floor, goneUid: 0 };
  if (!strictlyIncreasing(qr.seqMatch.seqs)) throw no('QRESYNC known message sequence set must be numeric and strictly increasing');
  if (!strictlyIncreasing(qr.seqMatch.uids)) throw no('QRESYNC known uid set must be numeric and strictly increasing');
  const seqs = members(qr.seqMatch.seqs);
  const uids = members(qr.seqMatch.uids);
  for (;;) {
    const seq = seqs.next();
    const uid = uids.next();
    if (seq.done && uid.done) return { floor, goneUid: 0 };
    if (seq.done || uid.done) throw bad('invalid combination of known sequence set and uid set, must be of equal length');
    if (view.uidAt(seq.value) !== uid.value) return { floor, goneUid: view.seqOf(uid.value) === 0 ? uid.value : 0 };
    floor = uid.value + 1;
  }
}

/**
 * UIDs of normalized `ranges` (within the session's UIDNEXT) removed from the selected
 * mailbox after modseq `since`, for VANISHED (EARLIER) (RFC 7162 §3.2.6). Without the full
 * removal history (removals from before it was recorded), every UID of the ranges that is not
 * in the mailbox is reported (RFC 7162 §3.2.6 <minmodseq>), except those known to have gone
 * before `since`.
 * Deviation (mox bug): mox then also reports unchanged messages that still exist.
 */
export function vanishedEarlier(st: SelectedState, mailboxId: number, ranges: readonly UidRange[], since: number): UidRange[] {
  if (st.account.untrackedRemovals(mailboxId) === 0) return uidRanges(st.account.vanishedSince(mailboxId, since, ranges));
  const old = st.account
    .expungedInRange(mailboxId, 1, st.mailbox.uidNext - 1)
    .filter((r) => r.modseq <= since)
    .map((r) => r.uid);
  return rangesMinus(ranges, mergeSorted(st.mailbox.all(), old));
}

/**
 * Reports the changes since the client's state after the untagged SELECT responses, when the
 * client's UIDVALIDITY matches (RFC 7162 §3.2.5.1): removed UIDs of the known set as
 * `VANISHED (EARLIER)`, then `FETCH (UID FLAGS MODSEQ)` for messages changed since the
 * modseq. This amounts to `UID FETCH known-uids (FLAGS) (CHANGEDSINCE modseq VANISHED)`, so
 * as RFC 7162 §3.2.6 asks, the VANISHED response comes before the FETCH responses.
 * Deviation (RFC 7162 §3.2.6): mox sends VANISHED (EARLIER) after the FETCH responses.
 */
export async function resync(s: Session, st: SelectedState, mb: MailboxInfo, qr: QresyncParams, plan: ResyncPlan): Promise<void> {
  let since = qr.modseq;
  const maxUid = st.mailbox.uidNext - 1;
  // RFC 7162 §3.2.5.1: without known UIDs, 1:<UIDNEXT-1>.
  let known: UidRange[] = qr.knownUids ? setRanges(qr.knownUids, maxUid, []) : [{ first: 1, last: maxUid }];
  let floor = plan.floor;
  const goneUid = plan.goneUid;
  if (goneUid > 0) {
    // As mox: a UID the client claims to know at its modseq, but that was removed at or
    // before that modseq, means the client missed changes; send all removals from before it.
    const rec = st.account.expungedInRange(mb.id, goneUid, goneUid)[0];
    if (rec && since >= rec.modseq) {
      since = rec.modseq - 1;
      floor = 0;
      known = [{ first: 1, last: maxUid }];
      s.status(
        null,
        'OK',
        'Synchronization inconsistency in client detected. Client tried to sync with a UID that was removed at or after the MODSEQ it sent in the request. Sending all historic message removals for selected mailbox. Full synchronization recommended.',
        'ALERT',
      );
    }
  }
  known = clipRanges(known, 1, maxUid);
  // The match data limits only what is reported as removed, not the flag changes.
  const gone = clipRanges(known, Math.max(1, floor), maxUid);

  // Deviation (mox bug): without the full removal history, mox ignores the sequence match
  // data; we keep its lower bound, as RFC 7162 §3.2.5.2 intends.
  writeVanished(s, vanishedEarlier(st, mb.id, gone, since), true);

  // Messages the session does not know were added after the SELECT's snapshot and will be
  // reported as EXISTS; fetchHead leaves them out.
  for (const m of st.account.changedSince(mb.id, since)) {
    if (!inRanges(known, m.uid)) continue;
    const w = fetchHead(s, st.mailbox, m.uid);
    if (!w) continue;
    w.raw('FLAGS ').flags(messageFlags(s, st, m.flags, m.keywords)).raw(` MODSEQ (${m.modseq}))`).crlf();
    s.send(w);
    st.mailbox.reported.set(m.uid, m.modseq);
    await s.maybeFlush();
  }
}
