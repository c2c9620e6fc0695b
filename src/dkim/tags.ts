// Tag=value lists (RFC 6376 §3.2), used by DKIM-Signature headers and DNS key records.

import { DkimError } from './errors.js';

/**
 * Parses a tag list into an ordered map. Whitespace (folding included) around tags and
 * values is dropped; a duplicate tag is an error (RFC 6376 §3.2). Values keep inner
 * whitespace, callers strip it where the grammar allows it.
 */
export function parseTagList(s: string, what: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = s.split(';');
  // A trailing ";" is allowed.
  if (parts.length > 1 && parts[parts.length - 1]!.trim() === '') parts.pop();
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new DkimError('syntax', `${what}: tag without "=": ${JSON.stringify(p.trim())}`);
    const name = p.slice(0, eq).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new DkimError('syntax', `${what}: bad tag name ${JSON.stringify(name)}`);
    if (out.has(name)) throw new DkimError('syntax', `${what}: duplicate tag ${name}`);
    out.set(name, p.slice(eq + 1).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
  }
  return out;
}

/** Removes all whitespace, including folding (for base64 values and lists). */
export function stripWS(s: string): string {
  return s.replace(/[ \t\r\n]+/g, '');
}

/** Decodes a base64 tag value strictly: only the base64 alphabet and padding. */
export function decodeB64(s: string, what: string): Buffer {
  const v = stripWS(s);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 === 1) throw new DkimError('syntax', `${what}: bad base64`);
  return Buffer.from(v, 'base64');
}

/** Decodes dkim-quoted-printable (RFC 6376 §2.11), as used in z= and n=. */
export function decodeQP(s: string): string {
  const b = Buffer.from(stripWS(s).replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return b.toString('utf8');
}

/** Encodes dkim-quoted-printable for z= values: also "|" and ":" are encoded. */
export function encodeQP(s: string): string {
  let r = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b > 0x20 && b < 0x7f && b !== 0x3b && b !== 0x3d && b !== 0x7c && b !== 0x3a) r += String.fromCharCode(b);
    else r += `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return r;
}
