// What quick resynchronisation (QRESYNC, RFC 7162 §3.2) needs of the store: messages changed
// since a modseq (index message_modseq), and removed UIDs kept as tombstones in
// message_expunged with the modseq of their removal (RFC 7162 §3.2: "the server MUST associate
// the incremented mod-sequence with the UIDs of the expunged messages").
import type { SqlDb } from './db/index.js';
import { messageColumnsLean, messageFromRow } from './rows.js';
import type { MessageInfo } from './types.js';

/** An inclusive range of UIDs, first <= last. */
export interface UidRange {
  first: number;
  last: number;
}

/** Sorts and merges ranges (overlapping or adjacent ones become one); `first > last` is swapped. */
export function normalizeRanges(ranges: readonly UidRange[]): UidRange[] {
  const sorted = ranges
    .map((r) => (r.first <= r.last ? { first: r.first, last: r.last } : { first: r.last, last: r.first }))
    .sort((a, b) => a.first - b.first);
  const out: UidRange[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r.first <= prev.last + 1) prev.last = Math.max(prev.last, r.last);
    else out.push(r);
  }
  return out;
}

/** Whether `uid` is in normalized ranges (binary search). */
export function inRanges(ranges: readonly UidRange[], uid: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid]!;
    if (uid < r.first) hi = mid;
    else if (uid > r.last) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Records UIDs that left a mailbox (expunge, move) with the modseq of their removal; call in
 * the removing transaction. UIDs are never reused within a UIDVALIDITY, so a UID is recorded
 * once; a repeat keeps the first record.
 */
export function recordExpunged(db: SqlDb, mailboxId: number, uids: readonly number[], modseq: number): void {
  const st = db.prepare('INSERT INTO message_expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  for (const uid of uids) st.run(mailboxId, uid, modseq);
}

/** Removes a mailbox's tombstones when it is deleted (a new mailbox may get the same id). */
export function forgetExpunged(db: SqlDb, mailboxId: number): void {
  db.prepare('DELETE FROM message_expunged WHERE mailbox_id = ?').run(mailboxId);
}

/**
 * Messages of a mailbox whose modseq is above `modseq` (flags changed or added since), in UID
 * order, without the part tree (MessageInfo.parsed is null).
 */
export function changedSince(db: SqlDb, mailboxId: number, modseq: number): MessageInfo[] {
  return db
    .prepare(`SELECT ${messageColumnsLean} FROM message WHERE mailbox_id = ? AND modseq > ? ORDER BY uid`)
    .all(mailboxId, modseq)
    .map(messageFromRow);
}

/**
 * UIDs removed from a mailbox after `modseq`, ascending; with `within`, only UIDs in those
 * ranges (RFC 7162 §3.2.6: expunged messages of the UID set whose modseq is larger).
 */
export function vanishedSince(db: SqlDb, mailboxId: number, modseq: number, within?: readonly UidRange[]): number[] {
  const uids = db
    .prepare('SELECT uid FROM message_expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid')
    .all(mailboxId, modseq)
    .map((r) => Number(r.uid));
  if (!within) return uids;
  const ranges = normalizeRanges(within);
  return uids.filter((u) => inRanges(ranges, u));
}

/** All UIDs removed from a mailbox in [first, last], ascending, with the modseq of their removal. */
export function expungedInRange(db: SqlDb, mailboxId: number, first: number, last: number): { uid: number; modseq: number }[] {
  return db
    .prepare('SELECT uid, modseq FROM message_expunged WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid')
    .all(mailboxId, first, last)
    .map((r) => ({ uid: Number(r.uid), modseq: Number(r.modseq) }));
}

/**
 * How many UIDs below the mailbox's UIDNEXT are neither a message nor a tombstone: messages
 * removed before tombstones were kept (schema 2). Every UID below UIDNEXT was given to exactly
 * one message, so 0 means the removal history is complete.
 */
export function untrackedRemovals(db: SqlDb, mailboxId: number): number {
  const r = db
    .prepare(
      `SELECT uidnext - 1 - (SELECT count(*) FROM message WHERE mailbox_id = ?1) - (SELECT count(*) FROM message_expunged WHERE mailbox_id = ?1) AS n
       FROM mailbox WHERE id = ?1`,
    )
    .get(mailboxId);
  return r ? Math.max(0, Number(r.n)) : 0;
}
