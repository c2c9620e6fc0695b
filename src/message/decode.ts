import { MessageError } from './errors.js';
import { hexVal } from './words.js';
import type { Part } from './types.js';

const LF = 10;
const CR = 13;

// Characters Node's base64 decoder uses (standard and URL-safe alphabets); others are skipped.
const B64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') B64[c.charCodeAt(0)] = 1;

/**
 * Returns the length {@link decodeBase64} produces for buf[s, e) without decoding: Node's
 * decoder skips characters outside the alphabet and stops at the first "=".
 */
export function base64DecodedLength(buf: Buffer, s: number, e: number): number {
  const eq = buf.indexOf(0x3d, s);
  const stop = eq < 0 || eq > e ? e : eq;
  let n = 0;
  for (let i = s; i < stop; i++) n += B64[buf[i]!]!;
  return Math.floor((n * 3) / 4);
}

/** Decodes base64 (RFC 2045 §6.8) leniently: white space and stray characters are skipped. */
export function decodeBase64(raw: Buffer): Buffer {
  return Buffer.from(raw.toString('latin1'), 'base64');
}

/**
 * Decodes quoted-printable (RFC 2045 §6.7) from buf[s, e) into `out` (when given), returning
 * the output length and the number of LFs in the output not preceded by CR. Soft line breaks
 * ("=" at a line end) are removed, as is white space at line ends (rule 3); an "=" not
 * followed by two hex digits is kept as is, like Go's decoder. Line endings are kept.
 */
export function decodeQuotedPrintable(buf: Buffer, s: number, e: number, out: Buffer | null): { length: number; bareLF: number } {
  let o = 0;
  let bareLF = 0;
  let prev = -1;
  let i = s;
  const put = (b: number): void => {
    if (out) out[o] = b;
    o++;
    if (b === LF && prev !== CR) bareLF++;
    prev = b;
  };
  while (i < e) {
    const c = buf[i]!;
    if (c === 0x3d) {
      const h1 = i + 1 < e ? hexVal(buf[i + 1]!) : -1;
      const h2 = i + 2 < e ? hexVal(buf[i + 2]!) : -1;
      if (h1 >= 0 && h2 >= 0) {
        put((h1 << 4) | h2);
        i += 3;
        continue;
      }
      let j = i + 1;
      while (j < e && (buf[j] === 0x20 || buf[j] === 0x09)) j++;
      if (j >= e) {
        i = e;
      } else if (buf[j] === LF) {
        i = j + 1;
      } else if (buf[j] === CR && j + 1 < e && buf[j + 1] === LF) {
        i = j + 2;
      } else {
        put(c);
        i++;
      }
      continue;
    }
    if (c === 0x20 || c === 0x09) {
      let j = i;
      while (j < e && (buf[j] === 0x20 || buf[j] === 0x09)) j++;
      if (j >= e || buf[j] === LF || (buf[j] === CR && j + 1 < e && buf[j + 1] === LF)) {
        i = j;
        continue;
      }
      for (; i < j; i++) put(buf[i]!);
      continue;
    }
    put(c);
    i++;
  }
  return { length: o, bareLF };
}

/** Counts LFs in buf[s, e) not preceded by CR. */
export function countBareLF(buf: Buffer, s: number, e: number): number {
  let n = 0;
  for (let p = buf.indexOf(LF, s); p >= 0 && p < e; p = buf.indexOf(LF, p + 1)) {
    if (p === 0 || buf[p - 1] !== CR) n++;
  }
  return n;
}

/** Returns b with every LF not preceded by CR turned into CRLF (b itself when there is none). */
export function toCRLF(b: Buffer): Buffer {
  const n = countBareLF(b, 0, b.length);
  if (n === 0) return b;
  const out = Buffer.allocUnsafe(b.length + n);
  let o = 0;
  let p = 0;
  for (let q = b.indexOf(LF); q >= 0; q = b.indexOf(LF, q + 1)) {
    if (q > 0 && b[q - 1] === CR) continue;
    o += b.copy(out, o, p, q);
    out[o++] = CR;
    p = q;
  }
  b.copy(out, o, p);
  return out;
}

/** Whether a Content-Transfer-Encoding (upper case) changes the bytes (base64 or quoted-printable). */
export function isEncodingCTE(cte: string | undefined): boolean {
  return cte === 'BASE64' || cte === 'QUOTED-PRINTABLE';
}

/** Removes a content-transfer-encoding (RFC 2045 §6); 7bit, 8bit, binary and unknown ones are returned as is. */
export function decodeTransfer(raw: Buffer, cte: string | undefined): Buffer {
  if (cte === 'BASE64') return decodeBase64(raw);
  if (cte === 'QUOTED-PRINTABLE') {
    const out = Buffer.allocUnsafe(raw.length);
    const r = decodeQuotedPrintable(raw, 0, raw.length, out);
    return out.subarray(0, r.length);
  }
  return raw;
}

/**
 * Computes what {@link decodedBody} will return the length of, for body buf[s, e).
 * `rawBareLF` is the number of bare LFs in the raw body (used for unencoded text).
 */
export function decodedLength(buf: Buffer, s: number, e: number, cte: string | undefined, text: boolean, rawBareLF: number): number {
  if (cte === 'BASE64') {
    if (!text) return base64DecodedLength(buf, s, e);
    const d = decodeBase64(buf.subarray(s, e));
    return d.length + countBareLF(d, 0, d.length);
  }
  if (cte === 'QUOTED-PRINTABLE') {
    const r = decodeQuotedPrintable(buf, s, e, null);
    return r.length + (text ? r.bareLF : 0);
  }
  return e - s + (text ? rawBareLF : 0);
}

/** Returns the raw body of a part: a view of buf, still transfer-encoded. */
export function rawBody(buf: Buffer, part: Part): Buffer {
  return buf.subarray(part.bodyOffset, part.endOffset);
}

/**
 * Returns the body of a part with its content-transfer-encoding removed. For TEXT parts every
 * line ends in CRLF, as mox returns it (for IMAP BINARY, RFC 3516), so the length equals
 * `part.decodedSize`. Multipart bodies come back raw.
 */
export function decodedBody(buf: Buffer, part: Part): Buffer {
  const raw = rawBody(buf, part);
  if (part.mediaType === 'MULTIPART') return raw;
  const d = decodeTransfer(raw, part.contentTransferEncoding);
  return part.mediaType === 'TEXT' ? toCRLF(d) : d;
}

/**
 * Returns the buffer that `part.message` offsets refer to: `buf` itself, or, when the
 * message/rfc822 (or message/global, RFC 6532 §3.5) part has a base64 or quoted-printable
 * encoding, the decoded body. Step through this when descending into embedded messages.
 */
export function messageBuffer(buf: Buffer, part: Part): Buffer {
  if (!part.message || !isEncodingCTE(part.contentTransferEncoding)) return buf;
  return decodeTransfer(rawBody(buf, part), part.contentTransferEncoding);
}

// Standard base64 alphabet (RFC 4648 §4) plus CR and LF, the only bytes Go's decoder takes before padding.
const B64STRICT = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\r\n') B64STRICT[c.charCodeAt(0)] = 1;

function countByte(buf: Buffer, b: number, s: number, e: number): number {
  let n = 0;
  for (let p = buf.indexOf(b, s); p >= 0 && p < e; p = buf.indexOf(b, p + 1)) n++;
  return n;
}

/**
 * Checks base64 as Go's decoder (which mox uses) would: only the standard alphabet, CR and
 * LF; padding only at the end and complete groups of four (RFC 4648 §4). Throws
 * {@link MessageError} "badBase64". Returns the decoded length.
 */
export function checkBase64Strict(buf: Buffer, s: number, e: number): number {
  const eq = buf.indexOf(0x3d, s);
  const stop = eq < 0 || eq > e ? e : eq;
  for (let i = s; i < stop; i++) {
    if (B64STRICT[buf[i]!] === 0) throw new MessageError('badBase64', `invalid base64 byte 0x${buf[i]!.toString(16)}`, i);
  }
  const n = stop - s - countByte(buf, CR, s, stop) - countByte(buf, LF, s, stop);
  let pad = 0;
  for (let i = stop; i < e; i++) {
    const c = buf[i]!;
    if (c === CR || c === LF) continue;
    if (c !== 0x3d || pad === 2) throw new MessageError('badBase64', 'base64 data after padding', i);
    pad++;
  }
  if (pad > 0 && n % 4 !== 4 - pad) throw new MessageError('badBase64', 'bad base64 padding', stop);
  if ((n + pad) % 4 !== 0) throw new MessageError('badBase64', 'truncated base64 data', e);
  return Math.floor((n * 3) / 4);
}

/** Checks quoted-printable as Go's decoder would: no unescaped control characters. Throws {@link MessageError}. */
export function checkQuotedPrintableStrict(buf: Buffer, s: number, e: number): void {
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if ((c < 0x20 && c !== 0x09 && c !== CR && c !== LF) || c === 0x7f) {
      throw new MessageError('badQuotedPrintable', `invalid unescaped byte 0x${c.toString(16)} in quoted-printable`, i);
    }
  }
}

/**
 * Checks line endings and lengths in buf[s, e) as mox's pedantic mode does: every LF preceded
 * by CR, no CR without LF (RFC 5322 §2.3), lines at most 998 bytes without CRLF (RFC 5322 §2.1.1).
 * Throws {@link MessageError} "bareLF", "bareCR" or "lineTooLong".
 */
export function checkLinesStrict(buf: Buffer, s: number, e: number): void {
  let lineStart = s;
  for (let p = buf.indexOf(LF, s); p >= 0 && p < e; p = buf.indexOf(LF, p + 1)) {
    if (p === s || buf[p - 1] !== CR) throw new MessageError('bareLF', 'bare LF in message', p);
    if (p - 1 - lineStart > 998) throw new MessageError('lineTooLong', 'line longer than 998 bytes', lineStart);
    lineStart = p + 1;
  }
  if (e - lineStart > 998) throw new MessageError('lineTooLong', 'line longer than 998 bytes', lineStart);
  for (let p = buf.indexOf(CR, s); p >= 0 && p < e; p = buf.indexOf(CR, p + 1)) {
    if (p + 1 < e && buf[p + 1] !== LF) throw new MessageError('bareCR', 'bare CR in message', p);
  }
}
