/**
 * Message flags. System flags (RFC 9051 §2.3.2) and the well-known keywords mox tracks are a
 * bitmask; other keywords are a sorted list of lowercase strings (mox lowercases keywords).
 */
export const FlagBits = {
  '\\seen': 1,
  '\\answered': 2,
  '\\flagged': 4,
  '\\deleted': 8,
  '\\draft': 16,
  $forwarded: 32,
  $junk: 64,
  $notjunk: 128,
  $phishing: 256,
  $mdnsent: 512,
} as const;

/** Flag names as IMAP clients expect them, by bit. */
const flagNames: [number, string][] = [
  [1, '\\Seen'],
  [2, '\\Answered'],
  [4, '\\Flagged'],
  [8, '\\Deleted'],
  [16, '\\Draft'],
  [32, '$Forwarded'],
  [64, '$Junk'],
  [128, '$NotJunk'],
  [256, '$Phishing'],
  [512, '$MDNSent'],
];

/** Bit of the \Seen flag. */
export const FlagSeen = 1;
/** Bit of the \Deleted flag. */
export const FlagDeleted = 8;

/** Flags of a message: bitmask plus extra keywords. */
export interface Flags {
  bits: number;
  keywords: string[];
}

/** Splits flag names into the bitmask and the remaining (lowercased, sorted, unique) keywords. */
export function parseFlags(names: Iterable<string>): Flags {
  let bits = 0;
  const kw = new Set<string>();
  for (const n of names) {
    const l = n.toLowerCase();
    const b = (FlagBits as Record<string, number>)[l];
    if (b) bits |= b;
    else if (!l.startsWith('\\')) kw.add(l);
  }
  return { bits, keywords: [...kw].sort() };
}

/** Flag names of a message, system flags first, as shown to IMAP clients. */
export function flagNamesOf(f: Flags): string[] {
  const out: string[] = [];
  for (const [b, n] of flagNames) if (f.bits & b) out.push(n);
  return out.concat(f.keywords);
}

/** Applies an IMAP STORE-style change: set, add or remove. */
export function applyFlags(cur: Flags, op: 'set' | 'add' | 'remove', change: Flags): Flags {
  if (op === 'set') return { bits: change.bits, keywords: [...change.keywords] };
  if (op === 'add') {
    const kw = new Set([...cur.keywords, ...change.keywords]);
    return { bits: cur.bits | change.bits, keywords: [...kw].sort() };
  }
  const rm = new Set(change.keywords);
  return { bits: cur.bits & ~change.bits, keywords: cur.keywords.filter((k) => !rm.has(k)) };
}

/** Whether two flag sets are equal. */
export function flagsEqual(a: Flags, b: Flags): boolean {
  return a.bits === b.bits && a.keywords.length === b.keywords.length && a.keywords.every((k, i) => k === b.keywords[i]);
}
