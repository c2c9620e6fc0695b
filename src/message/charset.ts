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
  // Deviation (interop): us-ascii bodies with 8-bit bytes are nearly always UTF-8 in practice.
  if (c === '' || c === 'us-ascii' || c === 'ascii' || c === 'utf-8' || c === 'utf8') return undefined;
  return c;
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
  return d.decode(data);
}

/**
 * Decodes bytes in the given charset, falling back to UTF-8 for unknown charsets (mox passes
 * such bodies through unchanged, which for JSON and strings amounts to the same).
 */
export function decodeCharset(data: Uint8Array, charset: string | undefined): string {
  return decodeCharsetStrict(data, charset) ?? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}
