// SCRAM message syntax, RFC 5802 §7. Messages arrive as Buffers (already base64-decoded by
// the protocol layer) and must be UTF-8; attribute names are case-sensitive single letters.

import type { ScramErrorCode } from './errors.js';
import { decodeBase64Strict } from './base64.js';

/** A SCRAM message did not follow RFC 5802 §7; `code` is the matching server-error value. */
export class ScramSyntaxError extends Error {
  /** Creates the error with the RFC 5802 §7 error code that fits best. */
  constructor(
    readonly code: ScramErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScramSyntaxError';
  }
}

/** The gs2-cbind-flag of RFC 5802 §7: n (no binding), y (client could bind), p (binding used). */
export type CbindFlag = 'n' | 'y' | 'p';

/** A parsed client-first-message. */
export interface ClientFirst {
  cbindFlag: CbindFlag;
  /** The cb-name after "p=", when cbindFlag is "p". */
  cbName?: string;
  /** The authzid ("a="), or "" when absent. */
  authzid: string;
  username: string;
  clientNonce: string;
  /** The gs2-header exactly as sent, e.g. "n,," or "p=tls-exporter,a=x,". */
  gs2Header: string;
  /** client-first-message-bare, exactly as sent; part of AuthMessage (RFC 5802 §3). */
  bare: string;
}

/** A parsed client-final-message. */
export interface ClientFinal {
  channelBinding: Buffer;
  nonce: string;
  /** client-final-message-without-proof, exactly as sent. */
  withoutProof: string;
  proof: Buffer;
}

/** A parsed server-first-message. */
export interface ServerFirst {
  nonce: string;
  salt: Buffer;
  iterations: number;
}

/** A parsed server-final-message: either a verifier or a server error value. */
export type ServerFinal = { verifier: Buffer } | { error: string };

function fail(code: ScramErrorCode, message: string): never {
  throw new ScramSyntaxError(code, message);
}

function utf8(msg: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(msg);
  } catch {
    return fail('invalid-encoding', 'message is not valid utf-8');
  }
}

/** Decodes a saslname: "=2C" is ",", "=3D" is "=", other "=" and NUL are invalid (RFC 5802 §7). */
export function decodeSaslName(s: string, what: string): string {
  if (s === '') fail('invalid-encoding', `empty ${what}`);
  if (s.includes('\0')) fail('invalid-encoding', `nul in ${what}`);
  // Deviation (interop): lower-case hex escapes are accepted too, as mox does.
  const out = s.replace(/=(..)?/g, (m, hex: string | undefined) => {
    const h = hex?.toUpperCase();
    if (h === '2C') return ',';
    if (h === '3D') return '=';
    return fail(what === 'username' ? 'invalid-username-encoding' : 'invalid-encoding', `bad escape ${JSON.stringify(m)} in ${what}`);
  });
  return out;
}

/** Encodes a name as saslname: "," becomes "=2C" and "=" becomes "=3D". */
export function encodeSaslName(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function takeAttr(part: string | undefined, name: string, what: string): string {
  if (part === undefined || !part.startsWith(`${name}=`)) fail('invalid-encoding', `expected ${what} (${name}=)`);
  return part.slice(2);
}

function checkExtensions(parts: string[]): void {
  for (const p of parts) {
    // attr-val = ALPHA "=" value; value = 1*value-char (RFC 5802 §7).
    if (!/^[A-Za-z]=[^\0,]+$/.test(p)) fail('invalid-encoding', 'bad extension attribute');
  }
}

function nonceValue(v: string): string {
  // printable = %x21-2B / %x2D-7E (RFC 5802 §7).
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(v)) fail('invalid-encoding', 'bad nonce');
  return v;
}

function base64Value(v: string, what: string): Buffer {
  const b = decodeBase64Strict(v);
  if (b === null) fail('invalid-encoding', `bad base64 in ${what}`);
  return b;
}

/** Parses a client-first-message, RFC 5802 §7. */
export function parseClientFirst(msg: Buffer): ClientFirst {
  const s = utf8(msg);
  let cbindFlag: CbindFlag;
  let cbName: string | undefined;
  let rest: string;
  if (s.startsWith('n,') || s.startsWith('y,')) {
    cbindFlag = s[0] as CbindFlag;
    rest = s.slice(2);
  } else if (s.startsWith('p=')) {
    const comma = s.indexOf(',');
    if (comma < 0) fail('invalid-encoding', 'missing gs2 header');
    cbName = s.slice(2, comma);
    if (!/^[A-Za-z0-9.-]+$/.test(cbName)) fail('invalid-encoding', 'bad channel binding name');
    cbindFlag = 'p';
    rest = s.slice(comma + 1);
  } else {
    return fail('invalid-encoding', 'bad gs2 channel binding flag');
  }
  let authzid = '';
  if (rest.startsWith(',')) {
    rest = rest.slice(1);
  } else {
    const comma = rest.indexOf(',');
    if (comma < 0) fail('invalid-encoding', 'missing end of gs2 header');
    authzid = decodeSaslName(takeAttr(rest.slice(0, comma), 'a', 'authzid'), 'authzid');
    rest = rest.slice(comma + 1);
  }
  const gs2Header = s.slice(0, s.length - rest.length);
  const parts = rest.split(',');
  // RFC 5802 §7: a client using "m=" requires an extension we do not know; refuse it.
  if (parts[0]?.startsWith('m=')) fail('extensions-not-supported', 'mandatory extension');
  const username = decodeSaslName(takeAttr(parts[0], 'n', 'username'), 'username');
  const clientNonce = nonceValue(takeAttr(parts[1], 'r', 'nonce'));
  checkExtensions(parts.slice(2));
  const r: ClientFirst = { cbindFlag, authzid, username, clientNonce, gs2Header, bare: rest };
  if (cbName !== undefined) r.cbName = cbName;
  return r;
}

/** Parses a client-final-message, RFC 5802 §7; the proof must be the last attribute. */
export function parseClientFinal(msg: Buffer): ClientFinal {
  const s = utf8(msg);
  const parts = s.split(',');
  const channelBinding = base64Value(takeAttr(parts[0], 'c', 'channel binding'), 'channel binding');
  const nonce = nonceValue(takeAttr(parts[1], 'r', 'nonce'));
  if (parts.length < 3) fail('invalid-encoding', 'missing proof');
  const proof = base64Value(takeAttr(parts[parts.length - 1], 'p', 'proof'), 'proof');
  const ext = parts.slice(2, -1);
  checkExtensions(ext);
  return { channelBinding, nonce, withoutProof: parts.slice(0, -1).join(','), proof };
}

/** Parses a server-first-message, RFC 5802 §7 (client side). */
export function parseServerFirst(msg: Buffer): ServerFirst {
  const s = utf8(msg);
  const parts = s.split(',');
  if (parts[0]?.startsWith('m=')) fail('extensions-not-supported', 'mandatory extension');
  const nonce = nonceValue(takeAttr(parts[0], 'r', 'nonce'));
  const salt = base64Value(takeAttr(parts[1], 's', 'salt'), 'salt');
  const it = takeAttr(parts[2], 'i', 'iteration count');
  // posit-number = %x31-39 *DIGIT
  if (!/^[1-9][0-9]{0,9}$/.test(it) || Number(it) > 0x7fffffff) fail('invalid-encoding', 'bad iteration count');
  checkExtensions(parts.slice(3));
  return { nonce, salt, iterations: Number(it) };
}

/** Parses a server-final-message, RFC 5802 §7 (client side). */
export function parseServerFinal(msg: Buffer): ServerFinal {
  const s = utf8(msg);
  const parts = s.split(',');
  checkExtensions(parts.slice(1));
  if (parts[0]?.startsWith('e=')) {
    const e = parts[0].slice(2);
    if (e === '') fail('invalid-encoding', 'empty server error');
    return { error: e };
  }
  return { verifier: base64Value(takeAttr(parts[0], 'v', 'verifier'), 'verifier') };
}
