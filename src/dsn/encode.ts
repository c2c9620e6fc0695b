// Encoding of DSN field values for composing: addresses (RFC 3464 §2.3.2, RFC 6533 §3),
// MTA names, comments, dates, and lossless folding (RFC 5322 §2.2.3).
import { parseDomain, domainString } from '../dns/index.js';
import { parseAddress, localpartString, ipDomainString } from '../smtp/index.js';
import { formatMessageDate } from '../message/index.js';
import { DsnError } from './errors.js';
import type { DsnMtaName } from './types.js';

/** Longest line we aim for before folding (RFC 5322 §2.1.1 SHOULD limit). */
const FOLD_AT = 78;

/**
 * Makes text safe for one header field value: control characters (CR and LF included, so no
 * field can be injected) become spaces; without `utf8`, non-ASCII characters become "?"
 * (RFC 3464 §2.1.1 fields are 7-bit; RFC 6533 §4.1 allows UTF-8 in the global variant).
 */
export function cleanText(s: string, utf8: boolean): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) out += ' ';
    else if (c > 0x7f && !utf8) out += '?';
    else out += ch;
  }
  return out;
}

/** Writes text as the content of a comment: parentheses and backslashes quoted (RFC 5322 §3.2.2). */
export function commentText(s: string, utf8: boolean): string {
  return cleanText(s, utf8).replace(/[()\\]/g, (c) => '\\' + c);
}

/** Whether a string has only US-ASCII characters. */
export function isAsciiString(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

/** An address split for writing: the localpart as on the wire and the domain in both forms. */
interface SplitAddress {
  /** Localpart as written on the wire (quoted when needed), e.g. `"a b"`. */
  localpart: string;
  /** Domain in ASCII (A-labels), or an address literal like "[1.2.3.4]". */
  ascii: string;
  /** Domain in Unicode (or the ASCII form when it has no Unicode form). */
  unicode: string;
}

/** Parses an address we are about to write; throws {@link DsnError} naming the field. */
export function splitAddress(addr: string, what: string): SplitAddress {
  const at = addr.lastIndexOf('@');
  const dom = at > 0 ? addr.slice(at + 1) : '';
  // An IP address literal as domain (RFC 5321 §4.1.3), which parseAddress does not take.
  if (dom.startsWith('[') && dom.endsWith(']')) {
    const lp = addr.slice(0, at);
    if (/[\r\n]/.test(lp)) throw new DsnError(`${what}: invalid address ${JSON.stringify(addr)}`);
    return { localpart: lp, ascii: dom, unicode: dom };
  }
  try {
    const a = parseAddress(addr);
    return { localpart: localpartString(a.localpart), ascii: a.domain.ascii, unicode: domainString(a.domain, true) };
  } catch (e) {
    throw new DsnError(`${what}: invalid address ${JSON.stringify(addr)}: ${(e as Error).message}`, { cause: e });
  }
}

/** An address for a header such as From or To: Unicode domain only with `utf8`. */
export function headerAddress(addr: string, utf8: boolean, what: string): string {
  const a = splitAddress(addr, what);
  if (!utf8 && !isAsciiString(a.localpart)) {
    throw new DsnError(`${what}: address ${JSON.stringify(addr)} has a non-ASCII localpart and needs SMTPUTF8`);
  }
  return `${a.localpart}@${utf8 ? a.unicode : a.ascii}`;
}

/**
 * Encodes a localpart as utf-8-addr-xtext (RFC 6533 §3): every character that is not a QCHAR
 * (printable ASCII except "\", "+" and "=") is written as `\x{HEX}`.
 */
export function xtextLocalpart(lp: string): string {
  let out = '';
  for (const ch of lp) {
    const c = ch.codePointAt(0)!;
    if (c > 0x20 && c < 0x7f && ch !== '\\' && ch !== '+' && ch !== '=') out += ch;
    else out += `\\x{${c.toString(16).toUpperCase()}}`;
  }
  return out;
}

/**
 * Writes an address-typed value for Original-Recipient and Final-Recipient. In a global
 * (SMTPUTF8) DSN: `utf-8;` with the address in UTF-8, as mox (RFC 6533 §3 utf-8-address).
 * Otherwise `rfc822;` with the ASCII address, or, for a non-ASCII localpart, `utf-8;` with
 * utf-8-addr-xtext, which RFC 6533 §3 requires in message/delivery-status.
 * Deviation (interop): mox escapes every 7-bit localpart this way even under "rfc822;", so
 * "a+b@x" became "rfc822;a\x{2b}b@x"; we write rfc822 addresses as they are.
 */
export function typedAddress(addr: string, utf8: boolean, what: string): string {
  const a = splitAddress(addr, what);
  if (utf8) return `utf-8;${a.localpart}@${a.unicode}`;
  if (isAsciiString(a.localpart)) return `rfc822;${a.localpart}@${a.ascii}`;
  return `utf-8;${xtextLocalpart(a.localpart)}@${a.ascii}`;
}

/** A host name in ASCII, or in Unicode for a global DSN; unparsable names are cleaned and kept. */
export function hostName(name: string, utf8: boolean): string {
  try {
    return domainString(parseDomain(name), utf8);
  } catch {
    return cleanText(name, utf8).replace(/[\s;()]/g, '');
  }
}

/** Writes an MTA value: "dns; <name>" with the IP as an address literal comment (RFC 3464 §2.2.4, RFC 3464 §2.3.5). */
export function mtaValue(m: DsnMtaName, utf8: boolean): string {
  let s = `dns; ${hostName(m.name, utf8)}`;
  if (m.ip) s += ` (${commentText(ipDomainString({ ip: m.ip }), utf8)})`;
  return s;
}

/** A date-time as mox writes DSN dates: "2 Jan 2006 15:04:05 -0700" (RFC 3464 §2.2.5 numeric zone). */
export function dateValue(ms: number, tzOffsetMinutes: number): string {
  return formatMessageDate(ms, tzOffsetMinutes);
}

/**
 * Folds "Name: value" into lines of at most 78 characters where the value has spaces, by
 * breaking before a space (RFC 5322 §2.2.3), so unfolding gives back the value exactly.
 * `breaks` are positions in value (at spaces) where a new line must start regardless of
 * length, e.g. between the lines of a multi-line SMTP reply. Returns the field with CRLF.
 */
export function foldField(name: string, value: string, breaks: ReadonlySet<number> = new Set()): string {
  let out = '';
  let line = `${name}: `;
  let i = 0;
  while (i < value.length) {
    // The next word: up to (not including) the next space after at least one character.
    let j = value.indexOf(' ', i + 1);
    if (j < 0) j = value.length;
    const word = value.slice(i, j);
    const forced = breaks.has(i) && value[i] === ' ';
    const breakable = value[i] === ' ' && line.trim() !== `${name}:`;
    if (breakable && (forced || line.length + word.length > FOLD_AT)) {
      out += line + '\r\n';
      line = word;
    } else {
      line += word;
    }
    i = j;
  }
  return out + line + '\r\n';
}

/** Encodes a header value with RFC 2047 B encoding when it is not ASCII and the message is not SMTPUTF8. */
export function headerText(s: string, utf8: boolean): string {
  const clean = cleanText(s, true);
  if (utf8 || isAsciiString(clean)) return clean;
  // RFC 2047 §2: encoded words of at most 75 characters; split on character boundaries.
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?utf-8?b?${Buffer.from(w).toString('base64')}?=`).join(' ');
}
