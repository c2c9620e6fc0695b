import { isIP } from 'node:net';
import { parseDomain, type Domain, DomainError } from '../dns/index.js';

/** A domain or an IP address literal, as allowed in SMTP paths (RFC 5321 §4.1.3). */
export interface IPDomain {
  domain?: Domain;
  /** IP address in its textual form (no brackets, no "IPv6:" tag). */
  ip?: string;
}

/** An email address with a domain (not an IP literal). The localpart is unescaped. */
export interface Address {
  localpart: string;
  domain: Domain;
}

/** An SMTP path: the null path has an empty localpart and neither domain nor ip. */
export interface Path {
  localpart: string;
  ipdomain: IPDomain;
}

/** An address could not be parsed. */
export class AddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressError';
  }
}

// RFC 5322 §3.2.3 atext; RFC 6531 §3.3 adds UTF-8 non-ASCII.
const atext = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+$/u;

/** Whether a localpart can be written as a dot-string (RFC 5321 §4.1.2), without quoting. */
function isDotString(lp: string): boolean {
  if (lp === '') return false;
  return lp.split('.').every((a) => atext.test(a));
}

/** The localpart as it appears on the wire: a dot-string, or a quoted-string when needed. */
export function localpartString(lp: string): string {
  if (isDotString(lp)) return lp;
  return '"' + lp.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

/** An address as text; the domain in Unicode when `utf8`. */
export function addressString(a: Address, utf8 = true): string {
  return `${localpartString(a.localpart)}@${utf8 && a.domain.unicode ? a.domain.unicode : a.domain.ascii}`;
}

/** An IP domain as text: the domain, or an address literal like "[1.2.3.4]" / "[IPv6:::1]". */
export function ipDomainString(d: IPDomain, utf8 = true): string {
  if (d.domain) return utf8 && d.domain.unicode ? d.domain.unicode : d.domain.ascii;
  if (d.ip) return isIP(d.ip) === 6 ? `[IPv6:${d.ip}]` : `[${d.ip}]`;
  return '';
}

/** A path as text without angle brackets; "" for the null path. */
export function pathString(p: Path, utf8 = true): string {
  if (p.localpart === '' && !p.ipdomain.domain && !p.ipdomain.ip) return '';
  return `${localpartString(p.localpart)}@${ipDomainString(p.ipdomain, utf8)}`;
}

/** Whether a path is the special "postmaster" recipient (RFC 5321 §4.1.1.3). */
export function isPostmaster(p: Path): boolean {
  return p.localpart.toLowerCase() === 'postmaster';
}

/**
 * Parses an address "localpart@domain" as written in a message or config (a dot-string or
 * quoted localpart; UTF-8 allowed, RFC 6531 §3.3).
 */
export function parseAddress(s: string): Address {
  const at = s.lastIndexOf('@');
  if (at <= 0) throw new AddressError(`invalid address ${JSON.stringify(s)}: missing localpart or @`);
  let lp = s.slice(0, at);
  if (lp.startsWith('"')) {
    if (!lp.endsWith('"') || lp.length < 2) throw new AddressError(`invalid quoted localpart in ${JSON.stringify(s)}`);
    lp = unquote(lp.slice(1, -1), s);
  } else if (!isDotString(lp)) {
    throw new AddressError(`invalid localpart in ${JSON.stringify(s)}`);
  }
  try {
    return { localpart: lp, domain: parseDomain(s.slice(at + 1)) };
  } catch (e) {
    throw new AddressError(`invalid address ${JSON.stringify(s)}: ${(e as DomainError).message}`);
  }
}

/** Like {@link parseAddress} but returns undefined instead of throwing. */
export function tryParseAddress(s: string): Address | undefined {
  try {
    return parseAddress(s);
  } catch {
    return undefined;
  }
}

function unquote(q: string, whole: string): string {
  let out = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (c === '\\') {
      if (i + 1 >= q.length) throw new AddressError(`invalid escape in ${JSON.stringify(whole)}`);
      out += q[++i];
    } else if (c === '"') {
      throw new AddressError(`unescaped quote in ${JSON.stringify(whole)}`);
    } else {
      out += c;
    }
  }
  return out;
}
