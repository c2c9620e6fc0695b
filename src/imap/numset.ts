// Sequence sets and UID sets (RFC 9051 §9 sequence-set, uid-set; "$" from RFC 5182 §2.1).

/** A seq-number: a number, or "*" for the largest number in use (RFC 9051 §9). */
export type SetNumber = number | '*';

/** A seq-range; a single number has `first === last`. The order is as sent (2:4 = 4:2). */
export interface NumRange {
  readonly first: SetNumber;
  readonly last: SetNumber;
}

/**
 * A parsed sequence-set: explicit ranges, or "$", the result saved by an earlier
 * `SEARCH RETURN (SAVE)` (RFC 5182 §2.1).
 */
export type NumSet = { readonly kind: 'ranges'; readonly ranges: readonly NumRange[] } | { readonly kind: 'saved' };

/** Formats a seq-number. */
function formatNumber(n: SetNumber): string {
  return n === '*' ? '*' : String(n);
}

/** Formats a sequence-set as it goes on the wire ("1:3,5,7:*", or "$"). */
export function formatNumSet(set: NumSet): string {
  if (set.kind === 'saved') return '$';
  return set.ranges
    .map((r) => (r.first === r.last ? formatNumber(r.first) : `${formatNumber(r.first)}:${formatNumber(r.last)}`))
    .join(',');
}

/**
 * Turns numbers into ranges, joining runs of consecutive ascending numbers: [1,2,3,5,9,8] gives
 * 1:3,5,9,8. The order is kept, so the sets of a COPYUID response still correspond pairwise
 * (RFC 4315 §3).
 */
export function compactNumbers(nums: readonly number[]): NumRange[] {
  const out: NumRange[] = [];
  let i = 0;
  while (i < nums.length) {
    const first = nums[i]!;
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out.push({ first, last: nums[j]! });
    i = j + 1;
  }
  return out;
}

/** Formats numbers as a compact sequence-set; "" for none. */
export function formatNumbers(nums: readonly number[]): string {
  return formatNumSet({ kind: 'ranges', ranges: compactNumbers(nums) });
}

/**
 * Whether `n` is in the ranges, with "*" standing for `largest` (the number of messages, or the
 * highest UID). RFC 9051 §9 seq-range: a range includes everything between its ends, whatever
 * their order; "3291:*" includes `largest` even when it is below 3291.
 */
export function numSetContains(set: NumSet, n: number, largest: number): boolean {
  if (set.kind === 'saved') throw new TypeError('numSetContains: resolve "$" first');
  for (const r of set.ranges) {
    const a = r.first === '*' ? largest : r.first;
    const b = r.last === '*' ? largest : r.last;
    if (n >= Math.min(a, b) && n <= Math.max(a, b)) return true;
  }
  return false;
}
