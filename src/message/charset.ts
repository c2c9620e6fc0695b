import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * Turns header bytes into a string: UTF-8 when valid (RFC 6532 §3.2), else Latin-1 so that
 * every byte survives as one character.
 */
export function headerBytesToString(b: Uint8Array): string {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (isAscii(buf)) return buf.toString('latin1');
  if (isUtf8(buf)) return buf.toString('utf8');
  return buf.toString('latin1');
}

/** Normalises a charset label for TextDecoder; undefined means "treat as UTF-8". */
function charsetLabel(charset: string | undefined): string | undefined {
  if (!charset) return undefined;
  const c = charset.trim().toLowerCase();
  // Deviation (interop): 8-bit bytes in a body labelled us-ascii (RFC 2046 §4.1.2) are nearly always UTF-8.
  if (c === '' || c === 'us-ascii' || c === 'ascii' || c === 'utf-8' || c === 'utf8') return undefined;
  return c;
}

// WHATWG windows-1252 code points for bytes 0x80-0x9f (undefined ones map to themselves).
const CP1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decodes windows-1252, which per WHATWG also covers the iso-8859-1, latin1 and ascii labels.
 * Node 20's TextDecoder decodes these as plain Latin-1, losing "€", curly quotes and dashes.
 */
function decodeWindows1252(data: Uint8Array): string {
  const s = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  return s.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252[c.charCodeAt(0) - 0x80]!));
}

/**
 * Decodes bytes in the given charset (any label TextDecoder knows, e.g. iso-8859-2,
 * windows-1252, shift_jis, gb2312). Returns undefined for a charset TextDecoder does not know.
 * Missing, us-ascii and utf-8 decode as UTF-8 with U+FFFD for invalid sequences.
 */
export function decodeCharsetStrict(data: Uint8Array, charset: string | undefined): string | undefined {
  const label = charsetLabel(charset);
  if (label === undefined) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  let d: TextDecoder;
  try {
    d = new TextDecoder(label);
  } catch {
    return undefined;
  }
  return d.encoding === 'windows-1252' ? decodeWindows1252(data) : d.decode(data);
}

/**
 * Decodes bytes in the given charset, falling back to UTF-8 for unknown charsets (mox passes
 * such bodies through unchanged, which for JSON and strings amounts to the same).
 */
export function decodeCharset(data: Uint8Array, charset: string | undefined): string {
  return decodeCharsetStrict(data, charset) ?? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}
