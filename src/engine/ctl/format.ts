import { formatDuration } from '../../config/index.js';
import { localpartString } from '../../smtp/index.js';

// Text formatting as Go mox's ctl.go prints it (fmt's %q, time.Time and time.Duration), so
// `mox queue …` output looks the same as with Go mox. Times are shown in the server's local
// time zone, as Go does for times read from its database.

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const escapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/**
 * Quotes a string as Go's `%q` (strconv.Quote) does: backslash escapes for quotes, backslash
 * and control characters, `\xNN` for other ASCII controls, `\uNNNN`/`\UNNNNNNNN` for
 * characters that are not printable; with `ascii`, all non-ASCII too (strconv.QuoteToASCII).
 */
export function goQuote(s: string, ascii = false): string {
  let out = '"';
  for (const c of s) {
    const e = escapes[c];
    if (e) {
      out += e;
      continue;
    }
    const cp = c.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f || (!ascii && printable.test(c) && !(cp >= 0xd800 && cp < 0xe000))) out += c;
    else if (cp >= 0xd800 && cp < 0xe000) out += '\\ufffd'; // A lone surrogate: Go sees invalid UTF-8.
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Rounds to whole seconds as Go's Duration.Round(time.Second): halves away from zero. */
export function roundSecondsMs(ms: number): number {
  const s = Math.round(Math.abs(ms) / 1000) * 1000;
  return ms < 0 ? -s : s;
}

/** A duration in ms as Go prints `d.Round(time.Second)`, e.g. "1h2m3s", "-7m30s", "0s". */
export function goDurationSeconds(ms: number): string {
  return formatDuration(roundSecondsMs(ms));
}

// The local time zone's offset at a moment, in minutes east of UTC.
function offsetMinutes(d: Date): number {
  const o = -d.getTimezoneOffset();
  return o === 0 ? 0 : o; // No -0.
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}${colon ? ':' : ''}${pad(m % 60)}`;
}

function dateTime(d: Date, sep: string): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}${sep}${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * A time (ms since epoch) in RFC 3339 form in the local zone, as Go's time.RFC3339 layout
 * ("2006-01-02T15:04:05Z07:00"): "Z" for UTC. With `fraction`, milliseconds are added
 * without trailing zeros, as time.RFC3339Nano (and Go's JSON encoding of times) does.
 */
export function rfc3339(ms: number, fraction = false): string {
  const d = new Date(ms);
  let s = dateTime(d, 'T');
  const frac = ((ms % 1000) + 1000) % 1000;
  if (fraction && frac !== 0) s += `.${pad(frac, 3).replace(/0+$/, '')}`;
  const off = offsetMinutes(d);
  return s + (off === 0 ? 'Z' : offsetText(off, true));
}

/**
 * A time as Go's time.Time String() after Round(time.Second):
 * "2006-01-02 15:04:05 -0700 MST" in the local zone.
 */
export function goTimeString(ms: number): string {
  const d = new Date(roundSecondsMs(ms));
  const off = offsetMinutes(d);
  return `${dateTime(d, ' ')} ${offsetText(off, false)} ${zoneName(d, off)}`;
}

// Go prints the zone's abbreviation from the time zone database; Intl gives it for many
// zones. Where it only has "GMT+1"-style names, Go's tzdata uses numeric names like "+01".
function zoneName(d: Date, off: number): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (/^[A-Z]{2,5}$/.test(name) && name !== 'GMT') return name;
  if (off === 0) return 'UTC';
  const t = offsetText(off, false);
  return t.endsWith('00') ? t.slice(0, 3) : t;
}

/**
 * An SMTP path as mox's Path.LogString: "localpart@domain" with the domain in Unicode, plus
 * "/localpart@ascii-domain" when the domain has a Unicode form or the localpart needs
 * escaping in ASCII; "" for the null path. `domain` is the ASCII form, `domainStr` the
 * Unicode (or ASCII) one; IP literals are shown without brackets, as mox does.
 */
export function pathLogString(localpart: string, domain: string, domainStr: string): string {
  if (localpart === '' && domain === '' && domainStr === '') return '';
  const ip = /^\[(?:IPv6:)?(.*)\]$/i.exec(domainStr || domain);
  const lp = localpartString(localpart);
  if (ip) return `${lp}@${ip[1]}`;
  const ascii = domain || domainStr;
  const uni = domainStr || domain;
  let s = `${lp}@${uni}`;
  // mox quotes the localpart's text form (already a quoted-string when it needs one).
  const q = goQuote(lp, true);
  const escaped = q !== `"${lp}"`;
  if (uni !== ascii || escaped) s += `/${escaped ? q : lp}@${ascii}`;
  return s;
}

/**
 * JSON as Go's json.Encoder with SetIndent("", "\t") writes it: tab indentation, `<`, `>`,
 * `&`, U+2028 and U+2029 escaped, and a final newline.
 */
export function goJsonIndent(v: unknown): string {
  const s = JSON.stringify(v, null, '\t').replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
  return s + '\n';
}
