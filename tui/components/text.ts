/** Cuts or pads a cell to exactly `width` columns (ellipsis when cut). Control chars become spaces. */
export function cell(s: string, width: number): string {
  if (width <= 0) return '';
  const t = s.replace(/[\x00-\x1f\x7f]/g, ' ');
  if (t.length > width) return width === 1 ? '…' : `${t.slice(0, width - 1)}…`;
  return t.padEnd(width);
}

/** Time of day as HH:MM:SS (local time of the terminal). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A duration relative to now, short: "in 4m", "3s ago", "now". */
export function relTime(ms: number, now: number): string {
  const d = Math.round((ms - now) / 1000);
  if (d === 0) return 'now';
  const a = Math.abs(d);
  const s = a < 60 ? `${a}s` : a < 3600 ? `${Math.floor(a / 60)}m` : a < 86400 ? `${Math.floor(a / 3600)}h` : `${Math.floor(a / 86400)}d`;
  return d > 0 ? `in ${s}` : `${s} ago`;
}

/** A byte count, short: 512B, 1.2K, 3.4M. */
export function bytes(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}K`;
  return `${(n / 1024 / 1024).toFixed(1)}M`;
}

/**
 * Joins whole items with `sep` as far as they fit in `width`; items that do not fit are left
 * out and "…" marks the cut, so a port number or a count is never shown cut short.
 */
export function fitItems(items: readonly string[], width: number, sep = ' '): string {
  const all = items.join(sep);
  if (all.length <= width) return all;
  let out = '';
  for (const item of items) {
    const next = out ? `${out}${sep}${item}` : item;
    if (next.length + 2 > width) break;
    out = next;
  }
  return out ? `${out} …` : cell(all, width);
}
