// Times in webhook payloads and records, as Go's JSON encoding of time.Time writes them.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A time (ms since epoch) in RFC 3339 form with milliseconds (trailing zeros dropped, as Go's
 * RFC3339Nano), at `offsetMinutes` east of UTC; the local zone of this process by default
 * (mox writes times in the server's zone). "Z" for UTC.
 */
export function rfc3339(ms: number, offsetMinutes?: number): string {
  const off = offsetMinutes ?? -new Date(ms).getTimezoneOffset();
  const d = new Date(ms + off * 60_000);
  let s = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = ((ms % 1000) + 1000) % 1000;
  if (frac !== 0) s += `.${pad(frac, 3).replace(/0+$/, '')}`;
  if (off === 0) return `${s}Z`;
  const a = Math.abs(off);
  return `${s}${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
