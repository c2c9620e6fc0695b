// Helpers to compose header fields: dates (RFC 5322 §3.3) and folding (RFC 5322 §2.2.3).

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Formats a time as an RFC 5322 §3.3 date-time in the given zone (minutes east of UTC),
 * e.g. "2 Jan 2006 15:04:05 -0700" as mox writes it; with `weekday`, "Mon, 2 Jan 2006 …".
 */
export function formatMessageDate(ms: number, tzOffsetMinutes: number, opts: { weekday?: boolean } = {}): string {
  const d = new Date(ms + tzOffsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = tzOffsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(tzOffsetMinutes);
  const zone = `${sign}${pad(Math.floor(off / 60))}${pad(off % 60)}`;
  const s = `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}`;
  return opts.weekday ? `${days[d.getUTCDay()]}, ${s}` : s;
}

/** The local time zone's offset at a moment, in minutes east of UTC. */
export function localZoneOffset(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}

/**
 * Builds one header field from words, folding before a word when the line would exceed
 * 78 characters (RFC 5322 §2.1.1, §2.2.3). Returns the field with its final CRLF.
 */
export function foldedField(name: string, words: string[]): string {
  let line = `${name}:`;
  let out = '';
  for (const w of words) {
    if (w === '') continue;
    if (line.length + 1 + w.length > 78 && line.trim() !== `${name}:`) {
      out += line + '\r\n';
      line = '\t' + w;
    } else {
      line += ' ' + w;
    }
  }
  return out + line + '\r\n';
}
