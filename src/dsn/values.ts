// Parsing of DSN field values (RFC 3464 §2.1.1, RFC 3464 §2.1.2, RFC 3464 §2.2, RFC 3464 §2.3, RFC 6533 §3): typed
// sub-fields, comments, addresses, MTA names, status codes, diagnostic codes, dates.
import { parseDateTime } from '../message/index.js';
import { DsnError } from './errors.js';
import { DSN_ACTIONS, type DsnAction, type DsnAddress, type DsnDiagnostic, type DsnMta, type DsnStatus } from './types.js';

/** A value with its comments taken out. */
export interface Uncommented {
  /** The value without comments; quoted strings kept as written. */
  text: string;
  /** Comment contents, outermost level, quoted-pairs resolved. */
  comments: string[];
}

/**
 * Removes comments from a field value (RFC 3464 §2.1.1: text in parentheses is a comment;
 * RFC 5322 §3.2.2 nesting and quoted-pairs). Parentheses inside quoted strings are not
 * comments. An unclosed comment runs to the end of the value.
 */
export function removeComments(s: string): Uncommented {
  let text = '';
  const comments: string[] = [];
  let depth = 0;
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (depth > 0) {
      if (c === '\\' && i + 1 < s.length) {
        cur += s[++i];
      } else if (c === '(') {
        depth++;
        cur += c;
      } else if (c === ')') {
        depth--;
        if (depth === 0) {
          comments.push(cur.trim());
          cur = '';
        } else {
          cur += c;
        }
      } else {
        cur += c;
      }
      continue;
    }
    if (quoted) {
      text += c;
      if (c === '\\' && i + 1 < s.length) text += s[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    if (c === '(') {
      depth = 1;
      // A comment separates like white space.
      text += ' ';
      continue;
    }
    text += c;
  }
  if (depth > 0) comments.push(cur.trim());
  return { text, comments };
}

/** Splits "type; rest" (RFC 3464 §2.1.2) on the first semicolon; the type must be an atom. */
function typed(s: string, what: string): { type: string; rest: string } {
  const semi = s.indexOf(';');
  if (semi < 0) throw new DsnError(`${what}: missing ";" after the type in ${JSON.stringify(s)}`);
  const type = s.slice(0, semi).trim().toLowerCase();
  // RFC 5322 §3.2.3 atext, which is what an atom holds.
  if (!/^[a-z0-9!#$%&'*+\-/=?^_`{|}~]+$/.test(type)) throw new DsnError(`${what}: invalid type ${JSON.stringify(s.slice(0, semi).trim())}`);
  return { type, rest: s.slice(semi + 1).trim() };
}

/** Decodes RFC 6533 §3 EmbeddedUnicodeChar escapes, `\x{HEX}` with 1 to 6 hex digits. */
export function decodeUnitext(s: string, what: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const m = /^\\[xX]\{([0-9A-Fa-f]{1,6})\}/.exec(s.slice(i));
    const cp = m ? parseInt(m[1]!, 16) : -1;
    if (!m || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new DsnError(`${what}: invalid \\x{…} escape in ${JSON.stringify(s)} (RFC 6533 §3)`);
    }
    out += String.fromCodePoint(cp);
    i += m[0].length - 1;
  }
  return out;
}

function unquoteLocalpart(lp: string): string {
  if (!(lp.length >= 2 && lp.startsWith('"') && lp.endsWith('"'))) return lp;
  return lp.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * Parses an Original-Recipient or Final-Recipient value: `address-type; generic-address`
 * (RFC 3464 §2.3.1, RFC 3464 §2.3.2). For "rfc822" and "utf-8" (RFC 6533 §3) the address must be
 * localpart@domain; angle brackets around it are tolerated. Other types (e.g. "unknown",
 * RFC 3464 Appendix E) are kept as text.
 * Deviation (interop): mox accepts only rfc822 and utf-8, and utf-8 only in the global
 * variant; RFC 6533 §3 puts utf-8-addr-xtext in plain delivery-status parts, so we take it.
 */
export function parseAddressField(value: string, what: string): DsnAddress {
  const { type, rest } = typed(removeComments(value).text.trim(), what);
  let address = rest;
  if (address.startsWith('<') && address.endsWith('>')) address = address.slice(1, -1).trim();
  if (address === '') throw new DsnError(`${what}: empty address`);
  if (type !== 'rfc822' && type !== 'utf-8') return { type, address };
  if (type === 'utf-8') address = decodeUnitext(address, what);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1 || /\s/.test(address.slice(at + 1))) {
    throw new DsnError(`${what}: address ${JSON.stringify(address)} is not of the form localpart@domain`);
  }
  return { type, address, localpart: unquoteLocalpart(address.slice(0, at)), domain: address.slice(at + 1) };
}

/** Parses an MTA value: `mta-name-type; mta-name` with an optional comment (RFC 3464 §2.2.2). */
export function parseMtaField(value: string, what: string): DsnMta {
  const u = removeComments(value);
  const { type, rest } = typed(u.text.trim(), what);
  const name = rest.replace(/\s+/g, ' ');
  if (name === '') throw new DsnError(`${what}: empty mta name`);
  const m: DsnMta = { type, name };
  if (u.comments.length > 0) m.comment = u.comments[0]!;
  return m;
}

/**
 * Parses a Status value: `class.subject.detail` (RFC 3464 §2.3.4, RFC 3463 §2), class 2, 4
 * or 5, one to three digits per sub-code, and an optional comment after it. Leading zeros,
 * which RFC 3464 forbids, are tolerated and dropped.
 */
export function parseStatusField(value: string, what: string): DsnStatus {
  const u = removeComments(value);
  const code = u.text.trim();
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code);
  if (!m) throw new DsnError(`${what}: malformed status code ${JSON.stringify(code)}, expected class.subject.detail like 5.1.1`);
  const cls = Number(m[1]) as 2 | 4 | 5;
  const subject = Number(m[2]);
  const detail = Number(m[3]);
  const st: DsnStatus = { code: `${cls}.${subject}.${detail}`, class: cls, subject, detail };
  if (u.comments.length > 0) st.comment = u.comments.join(' ');
  return st;
}

/**
 * Parses a Diagnostic-Code value: `diagnostic-type; text` (RFC 3464 §2.3.6). The text is kept
 * whole, comments included: an SMTP reply may contain parentheses.
 * Deviation (interop): mox only accepts the "smtp" type; we keep any type (RFC 3464
 * Appendix E uses others, and Postfix writes "X-Postfix").
 */
export function parseDiagnosticField(value: string, what: string): DsnDiagnostic {
  const { type, rest } = typed(value.trim(), what);
  return { type, text: rest.replace(/\t/g, ' ') };
}

/** Parses an Action value, case-insensitively (RFC 3464 §2.3.3). */
export function parseActionField(value: string, what: string): DsnAction {
  const a = removeComments(value).text.trim().toLowerCase();
  if (!(DSN_ACTIONS as readonly string[]).includes(a)) {
    throw new DsnError(`${what}: unknown action ${JSON.stringify(a)}, expected one of ${DSN_ACTIONS.join(', ')}`);
  }
  return a as DsnAction;
}

/** Parses a date-time value (RFC 3464 §2.2.5 with RFC 5322 §3.3 syntax) into ms since the epoch. */
export function parseDateField(value: string, what: string): number {
  const dt = parseDateTime(value);
  if (!dt) throw new DsnError(`${what}: malformed date-time ${JSON.stringify(value.trim())}`);
  return dt.ms;
}
