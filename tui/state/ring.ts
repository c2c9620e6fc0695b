/**
 * Appends to a bounded list without mutating it: keeps the newest `max` items. Used for
 * sessions, transcripts, failures and logs, so memory stays bounded at any message rate.
 */
export function pushBounded<T>(list: readonly T[], item: T, max: number): T[] {
  const start = list.length + 1 > max ? list.length + 1 - max : 0;
  const out = list.slice(start);
  out.push(item);
  return out;
}

/** Appends several items to a bounded list without mutating it (newest `max` kept). */
export function pushAllBounded<T>(list: readonly T[], items: readonly T[], max: number): T[] {
  if (items.length === 0) return list as T[];
  const all = list.concat(items);
  return all.length > max ? all.slice(all.length - max) : all;
}
