// Canonicalisation (RFC 6376 §3.4): the "simple" and "relaxed" forms of header fields and
// body that are hashed when signing and verifying.

import { createHash, type Hash } from 'node:crypto';

const CRLF = Buffer.from('\r\n');

/**
 * Canonicalises one header field. Simple: unchanged (RFC 6376 §3.4.1). Relaxed: lower-case
 * name, unfolded value with whitespace runs as one space, trimmed (RFC 6376 §3.4.2). The
 * result ends in CRLF.
 */
export function canonHeader(raw: Buffer, relaxed: boolean): Buffer {
  if (!relaxed) {
    // Bare LF line endings are taken as CRLF.
    return toCRLF(raw);
  }
  const colon = raw.indexOf(0x3a);
  const name = raw.subarray(0, colon).toString('latin1').replace(/[ \t]+$/, '').toLowerCase();
  let value = raw.subarray(colon + 1).toString('latin1');
  value = value.replace(/\r?\n/g, '').replace(/[ \t]+/g, ' ').replace(/^ /, '').replace(/ $/, '');
  return Buffer.from(`${name}:${value}\r\n`, 'latin1');
}

function toCRLF(b: Buffer): Buffer {
  if (!b.includes(0x0a)) return b;
  const parts: Buffer[] = [];
  let i = 0;
  for (let nl = b.indexOf(0x0a); nl >= 0; nl = b.indexOf(0x0a, i)) {
    const end = nl > i && b[nl - 1] === 0x0d ? nl - 1 : nl;
    parts.push(b.subarray(i, end), CRLF);
    i = nl + 1;
  }
  parts.push(b.subarray(i));
  return Buffer.concat(parts);
}

/**
 * Returns the canonical body (RFC 6376 §3.4.3 simple, §3.4.4 relaxed). Lines ending in a bare
 * LF are treated as ending in CRLF.
 */
export function canonBody(body: Buffer, relaxed: boolean): Buffer {
  const lines: Buffer[] = [];
  let i = 0;
  while (i < body.length) {
    const nl = body.indexOf(0x0a, i);
    const stop = nl < 0 ? body.length : nl;
    const end = stop > i && body[stop - 1] === 0x0d ? stop - 1 : stop;
    let line = body.subarray(i, end);
    if (relaxed) line = Buffer.from(line.toString('latin1').replace(/[ \t]+/g, ' ').replace(/ $/, ''), 'latin1');
    lines.push(line);
    i = nl < 0 ? body.length : nl + 1;
  }
  // Trailing empty lines are ignored by both algorithms.
  while (lines.length > 0 && lines[lines.length - 1]!.length === 0) lines.pop();
  if (lines.length === 0) return relaxed ? Buffer.alloc(0) : Buffer.from(CRLF);
  const out: Buffer[] = [];
  for (const l of lines) out.push(l, CRLF);
  return Buffer.concat(out);
}

/** The hash names DKIM uses ("sha256", "sha1") as Node digest names. */
export function newHash(alg: string): Hash {
  return createHash(alg === 'sha1' ? 'sha1' : 'sha256');
}

/**
 * Computes the body hash (RFC 6376 §3.7): canonicalised body, cut at `length` bytes when
 * set (the l= tag).
 */
export function bodyHash(hashAlg: string, body: Buffer, relaxed: boolean, length?: number): Buffer {
  let c = canonBody(body, relaxed);
  if (length !== undefined && length < c.length) c = c.subarray(0, length);
  return newHash(hashAlg).update(c).digest();
}
