// How removed messages and message data are reported once QRESYNC (RFC 7162 §3.2.10) or
// UIDONLY (RFC 9586 §3) is enabled: VANISHED responses with UIDs instead of EXPUNGE with
// sequence numbers, and UIDFETCH responses keyed by UID instead of FETCH. Also UID range
// arithmetic for VANISHED (EARLIER).
import type { NumSet } from '../imap/index.js';
import { normalizeRanges, type UidRange } from '../store/index.js';
import type { ResponseWriter } from '../imap/index.js';
import type { Session } from './session.js';
import type { MailboxView } from './state.js';

/** Longest UID list in one VANISHED line; as mox, well below the 8 KB RFC 7162 §4 suggests. */
const maxVanishedText = 4 * 1024 - 32;

/** Whether removals are reported with VANISHED: QRESYNC (RFC 7162 §3.2.10.2) or UIDONLY (RFC 9586 §3). */
export function reportsVanished(s: Session): boolean {
  return s.enabled.has('QRESYNC') || s.enabled.has('UIDONLY');
}

/** Whether UIDONLY is enabled (RFC 9586 §3): no sequence numbers in requests or responses. */
export function uidOnly(s: Session): boolean {
  return s.enabled.has('UIDONLY');
}

/** Converts ascending unique UIDs to ranges of consecutive UIDs. */
export function uidRanges(uids: readonly number[]): UidRange[] {
  const out: UidRange[] = [];
  for (const u of uids) {
    const last = out[out.length - 1];
    if (last && u === last.last + 1) last.last = u;
    else out.push({ first: u, last: u });
  }
  return out;
}

/**
 * Queues `* VANISHED [(EARLIER) ]uid-set` responses (RFC 7162 §3.2.10), split over several
 * lines when the set is long. Nothing is sent for an empty set.
 */
export function writeVanished(s: Session, ranges: readonly UidRange[], earlier: boolean): void {
  const prefix = earlier ? '* VANISHED (EARLIER) ' : '* VANISHED ';
  let text = '';
  for (const r of ranges) {
    const item = r.first === r.last ? String(r.first) : `${r.first}:${r.last}`;
    if (text !== '' && text.length + 1 + item.length > maxVanishedText) {
      s.line(prefix + text);
      text = '';
    }
    text += text === '' ? item : `,${item}`;
  }
  if (text !== '') s.line(prefix + text);
}

/**
 * Removes expunged UIDs from the session's view of the mailbox and tells the client: one
 * `* n EXPUNGE` per message (RFC 9051 §7.5.1), or with QRESYNC/UIDONLY one VANISHED response
 * (RFC 7162 §3.2.10.2). UIDs the session does not know are left out: a VANISHED response
 * without EARLIER may only name messages the client was told about.
 */
export function reportExpunged(s: Session, view: MailboxView, uids: readonly number[]): void {
  const vanished = reportsVanished(s);
  const gone: number[] = [];
  for (const uid of uids) {
    const seq = view.remove(uid);
    if (seq === 0) continue;
    if (vanished) gone.push(uid);
    else s.line(`* ${seq} EXPUNGE`);
  }
  if (gone.length > 0) writeVanished(s, uidRanges(gone.sort((a, b) => a - b)), false);
}

/**
 * Starts an untagged FETCH response for a message the session knows, up to its first data
 * item: `* seq FETCH (UID uid ` or, with UIDONLY, `* uid UIDFETCH (` (RFC 9586 §3). Returns
 * undefined when the session does not know the UID.
 */
export function fetchHead(s: Session, view: MailboxView, uid: number): ResponseWriter | undefined {
  const seq = view.seqOf(uid);
  if (seq === 0) return undefined;
  return s.writer().raw(uidOnly(s) ? `* ${uid} UIDFETCH (` : `* ${seq} FETCH (UID ${uid} `);
}

/**
 * The ranges of a parsed UID set; "*" stands for `star`, "$" (RFC 5182) for the saved UIDs.
 * Normalized: sorted, merged, first <= last.
 */
export function setRanges(set: NumSet, star: number, saved: readonly number[]): UidRange[] {
  if (set.kind === 'saved') return uidRanges([...saved].sort((a, b) => a - b));
  return normalizeRanges(set.ranges.map((r) => ({ first: r.first === '*' ? star : r.first, last: r.last === '*' ? star : r.last })));
}

/** Cuts normalized ranges to [lo, hi]. */
export function clipRanges(ranges: readonly UidRange[], lo: number, hi: number): UidRange[] {
  const out: UidRange[] = [];
  for (const r of ranges) {
    const first = Math.max(r.first, lo);
    const last = Math.min(r.last, hi);
    if (first <= last) out.push({ first, last });
  }
  return out;
}

function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The UIDs of normalized ranges without those in `exclude` (ascending, unique), as ranges.
 * Works on ranges, so a client's "1:4294967295" costs no more than the UIDs excluded.
 */
export function rangesMinus(ranges: readonly UidRange[], exclude: readonly number[]): UidRange[] {
  const out: UidRange[] = [];
  for (const r of ranges) {
    let cur = r.first;
    for (let i = lowerBound(exclude, r.first); i < exclude.length && exclude[i]! <= r.last; i++) {
      const x = exclude[i]!;
      if (x > cur) out.push({ first: cur, last: x - 1 });
      cur = x + 1;
    }
    if (cur <= r.last) out.push({ first: cur, last: r.last });
  }
  return out;
}

/** Merges ascending unique lists into one. */
export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}
