import { decodeCharsetStrict } from './charset.js';

/** Value of a hex digit, or -1. */
export function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Decodes the text of a "Q" encoded word (RFC 2047 §4.2): "_" is a space, "=XX" a byte. */
function decodeQ(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      out[o++] = 0x20;
    } else if (c === 0x3d && i + 2 < text.length && hexVal(text.charCodeAt(i + 1)) >= 0 && hexVal(text.charCodeAt(i + 2)) >= 0) {
      out[o++] = (hexVal(text.charCodeAt(i + 1)) << 4) | hexVal(text.charCodeAt(i + 2));
      i += 2;
    } else {
      out[o++] = c & 0xff;
    }
  }
  return out.subarray(0, o);
}

function onlyWhiteSpace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: Buffer;
}

// RFC 2047 §2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?="; no white space inside.
// The pattern runs over one header value, never over a body.
const wordRe = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words in a header value (RFC 2047 §6.2): white space between two
 * adjacent encoded words is dropped, and adjacent words in the same charset are joined before
 * charset decoding so multi-byte characters split over words survive. The RFC 2231 §5
 * language suffix ("utf-8*en") is ignored. Words in an unknown charset are left as they are.
 */
export function decodeWords(s: string): string {
  if (!s.includes('=?')) return s;
  const words: Word[] = [];
  for (const m of s.matchAll(wordRe)) {
    const charset = m[1]!.split('*')[0]!.toLowerCase();
    const enc = m[2]!.toUpperCase();
    const text = m[3]!;
    const bytes = enc === 'B' ? Buffer.from(text, 'base64') : decodeQ(text);
    words.push({ start: m.index, end: m.index + m[0].length, charset, bytes });
  }
  if (words.length === 0) return s;
  let out = '';
  let pos = 0;
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    out += s.slice(pos, w.start);
    // Join this word with following ones separated only by white space and in the same charset.
    const group = [w.bytes];
    let j = i + 1;
    let end = w.end;
    while (j < words.length && onlyWhiteSpace(s, end, words[j]!.start) && words[j]!.charset === w.charset) {
      group.push(words[j]!.bytes);
      end = words[j]!.end;
      j++;
    }
    const text = decodeCharsetStrict(Buffer.concat(group), w.charset);
    out += text ?? s.slice(w.start, end);
    pos = end;
    // White space between this run and a next encoded word (other charset) is dropped too.
    if (j < words.length && onlyWhiteSpace(s, end, words[j]!.start) && text !== undefined) pos = words[j]!.start;
    i = j;
  }
  return out + s.slice(pos);
}
