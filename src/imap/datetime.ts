// IMAP dates (RFC 9051 §9 date, date-time). Time zones are explicit offsets; nothing here reads
// the clock.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A calendar date without time or zone, as used by SEARCH keys (RFC 9051 §6.4.4). */
export interface ImapDate {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
}

/** A date-time: an instant plus the zone offset it was written in (APPEND, RFC 9051 §6.3.12). */
export interface ImapDateTime {
  /** Milliseconds since the Unix epoch (UTC). */
  readonly epochMs: number;
  /** Zone offset in minutes east of UTC, e.g. -480 for "-0800". */
  readonly offsetMinutes: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthIndex(s: string): number {
  const l = s.toLowerCase();
  return MONTHS.findIndex((m) => m.toLowerCase() === l);
}

/**
 * Parses date-text "d-Mon-yyyy" (day 1 or 2 digits, month case-insensitive). Returns undefined
 * when the text is not a valid calendar date.
 */
export function parseDateText(s: string): ImapDate | undefined {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(s);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = monthIndex(m[2]!) + 1;
  const year = Number(m[3]);
  if (month === 0 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/**
 * Parses the inside of a date-time "dd-Mon-yyyy hh:mm:ss +zzzz" (the day may be " d", "dd",
 * or, leniently, "d"). Returns undefined when invalid.
 */
export function parseDateTimeText(s: string): ImapDateTime | undefined {
  const m = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const date = parseDateText(`${m[1]}-${m[2]}-${m[3]}`);
  if (!date) return undefined;
  const [hh, mm, ss, zh, zm] = [m[4], m[5], m[6], m[8], m[9]].map(Number) as [number, number, number, number, number];
  if (hh > 23 || mm > 59 || ss > 60 || zh > 23 || zm > 59) return undefined;
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (zh * 60 + zm);
  const local = Date.UTC(date.year, date.month - 1, date.day, hh, mm, Math.min(ss, 59));
  return { epochMs: local - offsetMinutes * 60_000, offsetMinutes };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Formats an instant as an IMAP date-time without the quotes, in the given zone:
 * " 7-Feb-1994 21:52:25 -0800" (day padded with a space: RFC 9051 §9 date-day-fixed).
 */
export function formatDateTime(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${day}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCFullYear()).padStart(4, '0')} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

/** Formats a date as date-text "d-Mon-yyyy". */
export function formatDate(d: ImapDate): string {
  return `${d.day}-${MONTHS[d.month - 1]}-${String(d.year).padStart(4, '0')}`;
}
