// JSON and time text as Go's encoding/json writes them for mox (SetEscapeHTML(false)).

/**
 * Encodes a value as Go's json.Encoder does with HTML escaping off: like JSON.stringify, but
 * U+2028 and U+2029 are escaped, and a newline ends the output. `indent` indents with tabs.
 */
export function goJson(v: unknown, indent = false): string {
  return JSON.stringify(v, null, indent ? '\t' : undefined).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) + '\n';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A time as Go's time.Time marshals to JSON (RFC 3339 with fractional seconds without
 * trailing zeros), at the given offset east of UTC in minutes ("Z" for 0).
 */
export function rfc3339(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  let s = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = d.getUTCMilliseconds();
  if (frac) s += '.' + pad(frac, 3).replace(/0+$/, '');
  if (offsetMinutes === 0) return s + 'Z';
  const a = Math.abs(offsetMinutes);
  return `${s}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
