// The i;unicode-casemap collation (RFC 5051), the default collation of SORT and THREAD
// (RFC 5256 §1, §7): strings are compared after titlecasing and NFKD decomposition, octet by
// octet in UTF-8 (which is code point order).

// RFC 5051 §2 step 1 uses the simple titlecase mapping. JS only has full uppercase mappings;
// the two differ for the Latin digraphs (whose titlecase is the mixed form) and Georgian
// Mkhedruli (titlecase is the letter itself since Unicode 11).
const DIGRAPH_TITLE: Readonly<Record<number, number>> = {
  0x01c4: 0x01c5, 0x01c5: 0x01c5, 0x01c6: 0x01c5,
  0x01c7: 0x01c8, 0x01c8: 0x01c8, 0x01c9: 0x01c8,
  0x01ca: 0x01cb, 0x01cb: 0x01cb, 0x01cc: 0x01cb,
  0x01f1: 0x01f2, 0x01f2: 0x01f2, 0x01f3: 0x01f2,
};

// Printable US-ASCII and the usual white space: titlecase is uppercase, NFKD changes nothing.
const plainAscii = /^[\x20-\x7e\t]*$/;

/** The simple titlecase mapping of one code point (RFC 5051 §2 step 1). */
function titlecase(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return ch.toUpperCase();
  const dg = DIGRAPH_TITLE[cp];
  if (dg !== undefined) return String.fromCodePoint(dg);
  if (cp >= 0x10d0 && cp <= 0x10ff) return ch;
  const up = ch.toUpperCase();
  // A full mapping to several characters (ß → SS) has no simple counterpart: unchanged.
  return up.length === ch.length || [...up].length === 1 ? up : ch;
}

/**
 * Returns the i;unicode-casemap key of a string (RFC 5051 §2): every character titlecased,
 * then NFKD. Two strings are equal in the collation when their keys are equal; they order as
 * their keys do in code point order (see {@link compareKeys}).
 */
export function casemapKey(s: string): string {
  if (plainAscii.test(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) out += titlecase(ch);
  return out.normalize('NFKD');
}

/**
 * Compares two collation keys in code point order (RFC 5051 §2: octets of UTF-8, which order
 * as code points do); JS's `<` compares UTF-16 units, which differs above U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) stand for code points above every BMP unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
