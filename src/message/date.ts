/** A point in time with the zone offset it was written in. */
export interface DateTime {
  /** Milliseconds since the Unix epoch. */
  ms: number;
  /** Zone offset in minutes east of UTC, as written (e.g. -420 for "-0700"). */
  offset: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// RFC 5322 §4.3 obs-zone: US zones; military single letters mean "unknown", taken as +0000.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

/** Splits a date into tokens at white space and commas, dropping comments (RFC 5322 §3.2.2). */
function tokens(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x20;
    if (depth > 0) {
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      continue;
    }
    const sep = c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x2c || c === 0x28;
    if (sep && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
    if (c === 0x28) depth = 1;
    else if (!sep && start < 0) start = i;
  }
  return out;
}

/** Parses 1 to 4 decimal digits; -1 for anything else. */
function digits(s: string, from: number, to: number): number {
  if (to <= from || to - from > 4) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return s.length > 0;
}

/** Parses "hh:mm" or "hh:mm:ss" into seconds of the day; -1 when malformed or out of range. */
function timeOfDay(t: string): number {
  const c1 = t.indexOf(':');
  const c2 = c1 < 0 ? -1 : t.indexOf(':', c1 + 1);
  if (c1 < 1 || c1 > 2) return -1;
  const h = digits(t, 0, c1);
  const mEnd = c2 < 0 ? t.length : c2;
  if (mEnd - c1 - 1 !== 2) return -1;
  const m = digits(t, c1 + 1, mEnd);
  let sec = 0;
  if (c2 >= 0) {
    if (t.length - c2 - 1 !== 2) return -1;
    sec = digits(t, c2 + 1, t.length);
  }
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return -1;
  return h * 3600 + m * 60 + sec;
}

/**
 * Parses an RFC 5322 §3.3 date-time, including the obsolete forms of §4.3 (two- and
 * three-digit years, alphabetic zones, comments, missing seconds). Returns undefined for
 * anything else, and for out-of-range fields or years past 9999 (mox then sends NIL).
 * Unlike mox (Go reads "EST" and friends as +0000), zone names get their RFC 5322 §4.3 offsets.
 */
export function parseDateTime(s: string): DateTime | undefined {
  const t = tokens(s);
  let i = 0;
  if (t.length > 0 && isLetters(t[0]!) && !MONTHS.includes(t[0]!.slice(0, 3).toLowerCase())) i++; // day-of-week
  if (t.length - i < 4) return undefined;
  const [dayS, monS, yearS, timeS] = [t[i]!, t[i + 1]!, t[i + 2]!, t[i + 3]!];
  const zoneS = t[i + 4];
  const day = dayS.length <= 2 ? digits(dayS, 0, dayS.length) : -1;
  const mon = isLetters(monS) ? MONTHS.indexOf(monS.slice(0, 3).toLowerCase()) : -1;
  let year = yearS.length >= 2 ? digits(yearS, 0, yearS.length) : -1;
  const secs = timeOfDay(timeS);
  if (day < 1 || mon < 0 || year < 0 || secs < 0) return undefined;
  if (yearS.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearS.length === 3) year += 1900;
  const dim = new Date(Date.UTC(2000, mon + 1, 0)).getUTCDate() - (mon === 1 && !isLeap(year) ? 1 : 0);
  if (day > dim) return undefined;
  let offset = 0;
  if (zoneS !== undefined) {
    const sign = zoneS.charCodeAt(0);
    if ((sign === 0x2b || sign === 0x2d) && zoneS.length === 5) {
      const hh = digits(zoneS, 1, 3);
      const mm = digits(zoneS, 3, 5);
      if (hh < 0 || mm < 0 || mm > 59) return undefined;
      offset = (sign === 0x2d ? -1 : 1) * (hh * 60 + mm);
    } else if (ZONES[zoneS.toLowerCase()] !== undefined) {
      offset = ZONES[zoneS.toLowerCase()]!;
    } else if (!(zoneS.length === 1 && isLetters(zoneS))) {
      return undefined;
    }
  }
  const d = new Date(Date.UTC(2000, mon, day));
  d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999.
  const ms = d.getTime() + secs * 1000 - offset * 60000;
  // As mox: an offset of a day or more is not representable; keep the instant, in UTC.
  if (Math.abs(offset) >= 24 * 60) offset = 0;
  return { ms, offset };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Formats a date-time as mox does for IMAP ENVELOPE: "Mon, 2 Jan 2006 15:04:05 -0700" (RFC 5322 §3.3). */
export function formatDateTime(dt: DateTime): string {
  const d = new Date(dt.ms + dt.offset * 60000);
  const off = Math.abs(dt.offset);
  const sign = dt.offset < 0 ? '-' : '+';
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${String(d.getUTCFullYear()).padStart(4, '0')} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${sign}${pad2(Math.floor(off / 60))}${pad2(off % 60)}`
  );
}
