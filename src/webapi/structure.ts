import { tryParseDomain } from '../dns/index.js';
import type { EnvelopeAddress } from '../message/index.js';
import { FlagBits } from '../store/index.js';
import type { NameAddress } from './types.js';


/** Envelope addresses as name and Unicode address; group markers are left out. */
export function envelopeNameAddresses(l: readonly EnvelopeAddress[]): NameAddress[] {
  const out: NameAddress[] = [];
  for (const a of l) {
    if (a.host === null || a.mailbox === null) continue;
    const d = tryParseDomain(a.host);
    out.push({ Name: a.name ?? '', Address: `${a.mailbox}@${d ? d.unicode || d.ascii : a.host}` });
  }
  return out;
}

// mox's order of flags in MessageMeta (its Flags.Strings).
const flagOrder = ['$forwarded', '$junk', '$mdnsent', '$notjunk', '$phishing', '\\answered', '\\deleted', '\\draft', '\\flagged', '\\seen'] as const;

/** A message's flags as mox lists them: known flags in lower case, then the keywords. */
export function flagStrings(bits: number, keywords: readonly string[]): string[] {
  return [...flagOrder.filter((f) => bits & FlagBits[f]), ...keywords];
}

// RFC 9051 §4: atom-specials may not appear in a keyword.
const atomSpecials = '(){%*"\\]';

/**
 * Parses flag names as mox does for the webapi: known system flags and well-known keywords
 * (any case) become bits; other names are keywords, lower-cased, sorted and checked to be
 * valid IMAP atoms. Throws an Error naming the bad keyword.
 */
export function parseFlagNames(names: readonly string[]): { bits: number; keywords: string[] } {
  let bits = 0;
  const kw = new Set<string>();
  for (const n of names) {
    const f = n.toLowerCase();
    const bit = (FlagBits as Record<string, number>)[f];
    if (bit) {
      bits |= bit;
      continue;
    }
    if (f === '' || [...f].some((c) => c <= ' ' || c > '~' || atomSpecials.includes(c))) throw new Error(`invalid keyword ${f}`);
    kw.add(f);
  }
  return { bits, keywords: [...kw].sort() };
}
