/**
 * Whether a row matches a list filter: every space-separated word of `filter` occurs in one
 * of the row's fields (case-insensitive). An empty filter matches everything.
 */
export function matchesFilter(filter: string, fields: readonly (string | number | undefined)[]): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fields.map((f) => (f === undefined ? '' : String(f).toLowerCase())).join('\u0000');
  return words.every((w) => hay.includes(w));
}
