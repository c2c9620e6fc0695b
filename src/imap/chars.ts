// Character classes of the IMAP grammar, as 128-entry lookup tables (RFC 9051 §9).
// Bytes >= 0x80 are never in these classes; 8-bit text is only allowed inside quoted strings
// and literals.

function table(pred: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 128; c++) t[c] = pred(c) ? 1 : 0;
  return t;
}

const isCtl = (c: number) => c < 0x20 || c === 0x7f;
const ATOM_SPECIALS = '(){ %*"\\]';

/** ATOM-CHAR: any CHAR except atom-specials (RFC 9051 §9). */
export const ATOM_CHAR = table((c) => c > 0 && !isCtl(c) && !ATOM_SPECIALS.includes(String.fromCharCode(c)));
/** ASTRING-CHAR: ATOM-CHAR or "]" (RFC 9051 §9). */
export const ASTRING_CHAR = table((c) => ATOM_CHAR[c] === 1 || c === 0x5d);
/** list-char: ATOM-CHAR, list-wildcards or resp-specials (RFC 9051 §9, LIST patterns). */
export const LIST_CHAR = table((c) => ASTRING_CHAR[c] === 1 || c === 0x25 || c === 0x2a);
/** tag: any ASTRING-CHAR except "+" (RFC 9051 §9). */
export const TAG_CHAR = table((c) => ASTRING_CHAR[c] === 1 && c !== 0x2b);
/** Bytes of a fetch-att, search-key or option word (letters, digits, ".", "-", "_"). */
export const WORD_CHAR = table(
  (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x5f,
);

/** Whether every byte of `s` is in `t` and `s` is not empty. */
export function allIn(t: Uint8Array, s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || t[c] !== 1) return false;
  }
  return true;
}

/** Uppercases ASCII letters only, so byte offsets stay the same. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}
