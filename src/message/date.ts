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

function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && depth > 0) i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/**
 * Parses an RFC 5322 §3.3 date-time, including the obsolete forms of §4.3 (two- and
 * three-digit years, alphabetic zones, comments, missing seconds). Returns undefined for
 * anything else, and for out-of-range fields or years past 9999 (mox then sends NIL).
 * Deviation (RFC 5322 §4.3): mox (Go) reads "EST" and friends as +0000; we use their offsets.
 */
export function parseDateTime(s: string): DateTime | undefined {
  const t = stripComments(s).replace(/,/g, ' ').trim().split(/[ \t\r\n]+/);
  let i = 0;
  if (t[i] && /^[a-z]+$/i.test(t[i]!) && !MONTHS.includes(t[i]!.slice(0, 3).toLowerCase())) i++; // day-of-week
  const dayS = t[i++];
  const monS = t[i++];
  const yearS = t[i++];
  const timeS = t[i++];
  const zoneS = t[i++];
  if (!dayS || !monS || !yearS || !timeS || !/^\d{1,2}$/.test(dayS) || !/^\d{2,4}$/.test(yearS)) return undefined;
  const mon = MONTHS.indexOf(monS.toLowerCase().slice(0, 3));
  if (mon < 0 || (monS.length > 3 && !/^[a-z]+$/i.test(monS))) return undefined;
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(timeS);
  if (!tm) return undefined;
  let year = Number(yearS);
  if (yearS.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearS.length === 3) year += 1900;
  const day = Number(dayS);
  const hour = Number(tm[1]);
  const min = Number(tm[2]);
  const sec = tm[3] === undefined ? 0 : Number(tm[3]);
  const dim = new Date(Date.UTC(year, mon + 1, 0)).getUTCDate();
  if (day < 1 || day > dim || hour > 23 || min > 59 || sec > 59 || year > 9999) return undefined;
  let offset = 0;
  if (zoneS !== undefined) {
    const z = /^([+-])(\d{2})(\d{2})$/.exec(zoneS);
    if (z) {
      if (Number(z[3]) > 59) return undefined;
      offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
    } else if (ZONES[zoneS.toLowerCase()] !== undefined) {
      offset = ZONES[zoneS.toLowerCase()]!;
    } else if (!/^[a-z]$/i.test(zoneS)) {
      return undefined;
    }
  }
  const utc = Date.UTC(year, mon, day, hour, min, sec);
  const d = new Date(utc);
  d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999.
  const ms = d.getTime() - offset * 60000;
  // As mox: an offset of a day or more is not representable; keep the instant, in UTC.
  if (Math.abs(offset) >= 24 * 60) offset = 0;
  return { ms, offset };
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
