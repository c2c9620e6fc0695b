// Helpers to compose header fields: dates (RFC 5322 §3.3) and folding (RFC 5322 §2.2.3).
import { formatDateTime } from './date.js';

/**
 * Formats a time as an RFC 5322 §3.3 date-time in the given zone (minutes east of UTC),
 * without the optional day of week: "2 Jan 2006 15:04:05 -0700", as mox writes Received and
 * Date headers.
 */
export function formatMessageDate(ms: number, tzOffsetMinutes: number): string {
  return formatDateTime({ ms, offset: tzOffsetMinutes }).replace(/^[A-Z][a-z]{2}, /, '');
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
