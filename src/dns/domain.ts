import { domainToASCII, domainToUnicode } from 'node:url';

/** A domain name in lowercase ASCII (A-labels) and, when it has non-ASCII labels, Unicode. */
export interface Domain {
  /** Lowercase ASCII form, IDNA A-labels, no trailing dot. */
  ascii: string;
  /** Unicode form when it differs from `ascii`, else "". */
  unicode: string;
}

/** A string is not a valid domain name. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainError';
  }
}

const labelRe = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Parses a domain name given in ASCII or Unicode (RFC 5890; mapping per UTS #46 as Node's URL
 * parser does). Checks label syntax (letters, digits, hyphens; RFC 1035 §2.3.1, RFC 5321 §4.1.2)
 * and lengths (RFC 1035 §2.3.4).
 */
export function parseDomain(s: string): Domain {
  if (s === '' || s.endsWith('.')) throw new DomainError(`invalid domain ${JSON.stringify(s)}`);
  const ascii = domainToASCII(s);
  if (ascii === '' || ascii.length > 253) throw new DomainError(`invalid domain ${JSON.stringify(s)}`);
  for (const l of ascii.split('.')) {
    if (!labelRe.test(l)) throw new DomainError(`invalid domain label ${JSON.stringify(l)} in ${JSON.stringify(s)}`);
  }
  const uni = domainToUnicode(ascii);
  return { ascii, unicode: uni !== ascii ? uni : '' };
}

/** Like {@link parseDomain} but returns undefined instead of throwing. */
export function tryParseDomain(s: string): Domain | undefined {
  try {
    return parseDomain(s);
  } catch {
    return undefined;
  }
}

/** The domain as text: Unicode form when `utf8` and available, else ASCII. */
export function domainString(d: Domain, utf8 = true): string {
  return utf8 && d.unicode ? d.unicode : d.ascii;
}
