// Turning sequence sets and UID sets (RFC 9051 §9) into the UIDs a session knows.
import type { NumSet } from '../imap/index.js';
import { bad } from './responses.js';
import type { Session } from './session.js';
import type { MailboxView } from './state.js';

/** The saved search result (RFC 5182 §2.1), without UIDs the session no longer knows. */
export function savedResult(s: Session, view: MailboxView): number[] {
  const r = (s.searchResult ?? []).filter((u) => view.seqOf(u) > 0);
  s.searchResult = r;
  return r;
}

/**
 * Resolves a set to the UIDs the session knows, ascending and unique. Sequence numbers above
 * the number of messages (and "*" in an empty mailbox) are a BAD (RFC 9051 §9 seq-number);
 * UIDs that do not exist are ignored, and "*" is the highest UID (RFC 9051 §6.4.8).
 */
export function resolveSet(s: Session, view: MailboxView, set: NumSet, uid: boolean): number[] {
  if (set.kind === 'saved') return savedResult(s, view);
  const all = view.all();
  const n = all.length;
  if (!uid) {
    const picked = new Set<number>();
    for (const r of set.ranges) {
      const a = seqValue(r.first, n);
      const b = seqValue(r.last, n);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      for (let i = lo; i <= hi; i++) picked.add(all[i - 1]!);
    }
    return [...picked].sort((x, y) => x - y);
  }
  if (n === 0) return [];
  const max = all[n - 1]!;
  const picked = new Set<number>();
  for (const r of set.ranges) {
    const a = r.first === '*' ? max : r.first;
    const b = r.last === '*' ? max : r.last;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    for (let i = view.lowerBound(lo); i < n && all[i]! <= hi; i++) picked.add(all[i]!);
  }
  return [...picked].sort((x, y) => x - y);
}

function seqValue(v: number | '*', n: number): number {
  if (v === '*') {
    if (n === 0) throw bad('invalid seqset * on empty mailbox');
    return n;
  }
  if (v > n) throw bad(`msgseq ${v} not in mailbox`);
  return v;
}
