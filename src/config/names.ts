// Small syntax checks for names in config values: domains, addresses, IPs. Deliberately
// local (config imports no other project folder); they approximate mox's dns.ParseDomain
// and smtp.ParseAddress closely enough to reject what mox rejects at load time.

import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';

const labelRe = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Checks a domain name the way mox's dns.ParseDomain does (IDNA lookup rules): returns an
 * error text, or undefined when valid. The empty string is accepted, as in mox.
 */
export function domainError(s: string): string | undefined {
  if (s === '') return undefined;
  if (s.endsWith('.')) return 'trailing dot not allowed';
  if (isIP(s) !== 0) return 'an IP address is not a domain name';
  const ascii = domainToASCII(s);
  if (ascii === '') return 'invalid domain name';
  if (ascii.length > 253) return 'domain name too long';
  for (const label of ascii.split('.')) {
    if (label.length > 63) return `label ${JSON.stringify(label)} too long`;
    if (!labelRe.test(label)) return `invalid label ${JSON.stringify(label)}`;
  }
  return undefined;
}

/** Returns the canonical unicode (lower-case) form of a valid domain, as mox's Domain.Name(). */
export function domainName(s: string): string {
  if (s === '') return '';
  return domainToUnicode(domainToASCII(s));
}

/** Returns an error unless `s` is a valid domain already in canonical unicode form. */
export function canonicalDomainError(s: string): string | undefined {
  const err = domainError(s);
  if (err !== undefined) return err;
  const name = domainName(s);
  return name !== s ? `must be written in canonical unicode form ${JSON.stringify(name)}` : undefined;
}

// atext of RFC 5322 §3.2.3, plus any non-ASCII character (RFC 6531 §3.3).
const atomRe = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+$/u;

/** Returns an error unless `s` is a valid localpart (dot-atom or quoted string, RFC 5321 §4.1.2). */
export function localpartError(s: string): string | undefined {
  if (s === '') return 'empty localpart';
  if (s.startsWith('"')) {
    if (s.length < 2 || !s.endsWith('"')) return 'unterminated quoted localpart';
    const inner = s.slice(1, -1);
    // qtextSMTP and quoted-pairSMTP, RFC 5321 §4.1.2.
    return /^([\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u{10ffff}]|\\[\x20-\x7e])*$/u.test(inner) ? undefined : 'invalid quoted localpart';
  }
  return s.split('.').every((a) => atomRe.test(a)) ? undefined : `invalid localpart ${JSON.stringify(s)}`;
}

/** An email address split into localpart and canonical domain name. */
export interface ParsedAddress {
  readonly localpart: string;
  readonly domain: string;
}

/** Parses `local@domain`; returns an error text when invalid. */
export function parseAddress(s: string): ParsedAddress | string {
  const at = s.lastIndexOf('@');
  if (at < 0) return `missing @ in address ${JSON.stringify(s)}`;
  const localpart = s.slice(0, at);
  const dom = s.slice(at + 1);
  const lpErr = localpartError(localpart);
  if (lpErr !== undefined) return lpErr;
  if (dom === '') return `missing domain in address ${JSON.stringify(s)}`;
  const dErr = domainError(dom);
  if (dErr !== undefined) return `domain ${JSON.stringify(dom)}: ${dErr}`;
  return { localpart, domain: domainName(dom) };
}

/** True when the localpart is ASCII-only (required for DMARC/TLSRPT reporting addresses). */
export function isAsciiLocalpart(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

/** True when `s` is an IPv4 or IPv6 address without zone, like Go's net.ParseIP. */
export function isIPAddress(s: string): boolean {
  return isIP(s) !== 0 && !s.includes('%');
}

/** True for 0.0.0.0 and :: (all addresses). */
export function isUnspecifiedIP(s: string): boolean {
  return isIPAddress(s) && /^(0+\.0+\.0+\.0+|[:0]+)$/.test(s);
}

/** True for 127.0.0.0/8 and ::1. */
export function isLoopbackIP(s: string): boolean {
  if (isIP(s) === 4) return s.startsWith('127.');
  return isIP(s) === 6 && /^[:0]*:0*1$/.test(s);
}
