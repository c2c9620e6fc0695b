// Shared pieces of the admin changes (mox's admin package): the "bad request" error,
// domain and address parsing with mox's error texts, and lookups in the raw config.

import type { Dynamic } from '../../config/index.js';
import { canonicalLocalpart, type ResolvedDynamic } from '../../config/index.js';
import { parseDomain, type Domain } from '../../dns/index.js';
import { addressString, parseAddress, type Address } from '../../smtp/index.js';

/** An admin request refused for what it asks (mox's ErrRequest: text "bad request: …"). */
export function badRequest(text: string): Error {
  return new Error(`bad request: ${text}`);
}

/** A domain as mox names it in config keys: Unicode form for IDNs, else ASCII. */
export function domainKey(d: Domain): string {
  return d.unicode || d.ascii;
}

/** Parses a domain; throws with the parser's text. */
export function xparseDomain(s: string): Domain {
  return parseDomain(s);
}

/** Parses an address; throws with the parser's text. */
export function xparseAddress(s: string): Address {
  return parseAddress(s);
}

/** The address as mox writes it in config keys (Unicode domain). */
export function addressKey(a: Address): string {
  return addressString(a, true);
}

/** A raw account's destinations (mutable, created when absent). */
export function destinations(d: Dynamic, account: string): Record<string, unknown> {
  const acc = d.Accounts[account] as unknown as { Destinations?: Record<string, unknown> };
  acc.Destinations ??= {};
  return acc.Destinations;
}

/** The account (and configured key) an address or "@domain" belongs to, canonicalized as mox. */
export function findDestination(c: ResolvedDynamic, address: string): { account: string; key: string } | undefined {
  const want = canonicalKey(c, address);
  if (want === undefined) return undefined;
  for (const [account, acc] of Object.entries(c.Accounts)) {
    for (const key of Object.keys(acc.Destinations ?? {})) {
      if (canonicalKey(c, key) === want) return { account, key };
    }
  }
  return undefined;
}

/** "lp@domain" with the localpart canonicalized for its domain, or "@domain"; undefined when unparsable. */
export function canonicalKey(c: ResolvedDynamic, address: string): string | undefined {
  try {
    if (address.startsWith('@')) return `@${domainKey(parseDomain(address.slice(1)))}`;
    const a = parseAddress(address);
    const name = domainKey(a.domain);
    const dc = c.Domains[name];
    const lp = dc ? canonicalLocalpart(a.localpart, dc) : a.localpart;
    return `${lp}@${name}`;
  } catch {
    return undefined;
  }
}
