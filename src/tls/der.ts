// The few DER encoders (ITU-T X.690 §8, §10) needed to build a simple X.509 certificate.

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes a TLV with the given tag byte. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(content.length), content]);
}

/** SEQUENCE of already encoded elements. */
export function seq(...items: Uint8Array[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** SET of already encoded elements (callers pass one element, so no sorting is needed). */
export function set(...items: Uint8Array[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/** Non-negative INTEGER, minimal two's complement (a leading zero keeps it positive). */
export function uint(n: bigint): Buffer {
  if (n < 0n) throw new RangeError('der: negative integer');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

/** OBJECT IDENTIFIER from dotted text. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** PrintableString when the text allows it, else UTF8String (what Go's pkix does). */
export function dirString(s: string): Buffer {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s) ? tlv(0x13, Buffer.from(s, 'latin1')) : tlv(0x0c, Buffer.from(s, 'utf8'));
}

/**
 * X.509 Time: UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5), with
 * whole seconds in UTC.
 */
export function time(ms: number): Buffer {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const y = d.getUTCFullYear();
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`, 'latin1'));
  return tlv(0x18, Buffer.from(`${String(y).padStart(4, '0')}${rest}`, 'latin1'));
}

/** BIT STRING with no unused bits. */
export function bitString(b: Uint8Array): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
}

/** OCTET STRING. */
export function octetString(b: Uint8Array): Buffer {
  return tlv(0x04, b);
}

/** Context-specific EXPLICIT [n] wrapper. */
export function explicit(n: number, inner: Uint8Array): Buffer {
  return tlv(0xa0 | n, inner);
}
