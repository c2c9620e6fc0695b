import { randomBytes } from 'node:crypto';
import { tryParseAddress } from '../smtp/index.js';

/**
 * mox's "fromid": a unique SMTP MAIL FROM per queued message, so a bounce (a DSN sent to that
 * address) can be tied to the message and recipient it is about. The id goes after the
 * domain's first localpart catchall separator: "app" with "+" becomes "app+<fromid>".
 */

/** A new FromID: 16 random bytes in base64url without padding (22 characters), as mox makes them. */
export function newFromId(random: (n: number) => Buffer = randomBytes): string {
  return random(16).toString('base64url');
}

/** The MAIL FROM localpart for a FromID: the localpart up to its first separator, the separator, the id. */
export function fromIdLocalpart(localpart: string, separator: string, fromId: string): string {
  const i = localpart.indexOf(separator);
  return `${i >= 0 ? localpart.slice(0, i) : localpart}${separator}${fromId}`;
}

/** The FromID in a localpart: the text after the first separator, or "" when there is none. */
export function fromIdOf(localpart: string, separator: string): string {
  if (separator === '') return '';
  const i = localpart.indexOf(separator);
  return i >= 0 ? localpart.slice(i + separator.length) : '';
}

/**
 * Whether a login address sends with FromIDs: it is one of the account's FromIDLoginAddresses
 * (compared as parsed addresses: exact localpart, domain in any case or form).
 */
export function usesFromId(loginAddress: string, fromIdLoginAddresses: readonly string[]): boolean {
  const a = tryParseAddress(loginAddress);
  if (!a) return false;
  return fromIdLoginAddresses.some((s) => {
    const b = tryParseAddress(s);
    return b !== undefined && b.localpart === a.localpart && b.domain.ascii === a.domain.ascii;
  });
}
