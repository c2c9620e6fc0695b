// Session state (style rule 3): a union that carries its data, and the view a selected
// session has of its mailbox: its own list of UIDs, so message sequence numbers stay stable
// until the session is allowed to tell the client about changes (RFC 9051 §7.5.1).
import type { Account } from '../store/index.js';

/** The IMAP connection states of RFC 9051 §3, with the data each one needs. */
export type ImapState =
  | { kind: 'notAuthenticated' }
  | { kind: 'authenticated'; account: Account; username: string }
  | { kind: 'selected'; account: Account; username: string; mailbox: MailboxView; readOnly: boolean }
  | { kind: 'logout' };

/** The authenticated states. */
export type AuthedState = Extract<ImapState, { account: Account }>;
/** The selected state. */
export type SelectedState = Extract<ImapState, { kind: 'selected' }>;

/**
 * A selected mailbox as this session's client knows it: the UIDs in sequence number order
 * (RFC 9051 §2.3.1.2). Other sessions' changes are applied only when the session reports them.
 */
export class MailboxView {
  /** UIDs known to the client, ascending; index + 1 is the message sequence number. */
  private readonly uids: number[];
  /** One more than the highest UID the client knows; later adds must be above it. */
  uidNext: number;
  /**
   * Modseq of the flags last reported per UID (own STORE or FETCH), so an older change from
   * another session that is still queued is not reported after a newer state.
   */
  readonly reported = new Map<number, number>();
  /** Keywords announced to the client in FLAGS; others are announced before first use (RFC 9051 §7.3.5). */
  readonly keywords = new Set<string>();

  constructor(
    readonly id: number,
    readonly name: string,
    readonly uidValidity: number,
    uids: number[],
    uidNext: number,
  ) {
    this.uids = uids;
    this.uidNext = Math.max(uidNext, (uids[uids.length - 1] ?? 0) + 1);
  }

  /** Number of messages (EXISTS). */
  get exists(): number {
    return this.uids.length;
  }

  /** All UIDs in sequence order (do not modify). */
  all(): readonly number[] {
    return this.uids;
  }

  /** The UID at a sequence number (1-based), or undefined. */
  uidAt(seq: number): number | undefined {
    return this.uids[seq - 1];
  }

  /** The sequence number of a UID, or 0 when the session does not know it. */
  seqOf(uid: number): number {
    let lo = 0;
    let hi = this.uids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.uids[mid]!;
      if (v === uid) return mid + 1;
      if (v < uid) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }

  /** Adds a new UID at the end; returns false when it is not above every known UID (already known). */
  append(uid: number): boolean {
    if (uid < this.uidNext) return false;
    this.uids.push(uid);
    this.uidNext = uid + 1;
    return true;
  }

  /** Removes a UID; returns the sequence number it had, or 0 when unknown. */
  remove(uid: number): number {
    const seq = this.seqOf(uid);
    if (seq > 0) {
      this.uids.splice(seq - 1, 1);
      this.reported.delete(uid);
    }
    return seq;
  }

  /** Index of the first UID >= `uid` (for range scans). */
  lowerBound(uid: number): number {
    let lo = 0;
    let hi = this.uids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.uids[mid]! < uid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
