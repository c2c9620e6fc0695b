import { randomBytes } from 'node:crypto';

/**
 * A new fromid as mox makes them: 16 random bytes, base64url without padding (22
 * characters). It goes after the localpart catchall separator in the SMTP MAIL FROM, so a
 * DSN (RFC 3464) sent back to that address can be matched to the message.
 */
export function newFromId(random: (n: number) => Buffer = randomBytes): string {
  return random(16).toString('base64url');
}

/**
 * The fromid in a localpart: the text after the first occurrence of `separator` (the
 * domain's first catchall separator), or "" when there is none (mox's queue.Incoming).
 */
export function fromIdOf(localpart: string, separator: string): string {
  if (separator === '') return '';
  const i = localpart.indexOf(separator);
  return i < 0 ? '' : localpart.slice(i + separator.length);
}
