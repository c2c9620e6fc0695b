// DKIM key records in DNS TXT at <selector>._domainkey.<domain> (RFC 6376 §3.6.1, RFC 8463 §4).

import { createPublicKey, type KeyObject } from 'node:crypto';
import { DkimError } from './errors.js';
import { decodeB64, decodeQP, parseTagList, stripWS } from './tags.js';

/** A parsed DKIM DNS record. */
export interface DkimRecord {
  /** v=, "DKIM1". */
  version: string;
  /** h=, acceptable hash algorithms; empty means all. */
  hashes: string[];
  /** k=, key type, lower case: "rsa" (default) or "ed25519". */
  key: string;
  /** n=, notes. */
  notes?: string;
  /** p=, the public key bytes: SubjectPublicKeyInfo DER for rsa, the 32 raw bytes for ed25519. Empty: revoked. */
  pubkey: Buffer;
  /** s=, service types; empty means all ("*"). */
  services: string[];
  /** t=, flags: "y" (testing), "s" (i= domain must equal d=). */
  flags: string[];
}

/** The public key object for a record, or a DkimError for a revoked or unusable key. */
export function recordPublicKey(r: DkimRecord): KeyObject {
  // RFC 6376 §3.6.1: an empty p= means the key was revoked.
  if (r.pubkey.length === 0) throw new DkimError('revoked', 'key has been revoked');
  try {
    if (r.key === 'ed25519') {
      if (r.pubkey.length !== 32) throw new Error('ed25519 public key must be 32 bytes');
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: r.pubkey.toString('base64url') }, format: 'jwk' });
    }
    try {
      return createPublicKey({ key: r.pubkey, format: 'der', type: 'spki' });
    } catch {
      // Some publish a bare RSAPublicKey; accept it too.
      return createPublicKey({ key: r.pubkey, format: 'der', type: 'pkcs1' });
    }
  } catch (e) {
    throw new DkimError('key', `bad public key: ${(e as Error).message}`);
  }
}

/**
 * Parses a DKIM record. Returns `{ isDkim: false }` for text that does not look like a DKIM
 * record at all (no v=DKIM1 first, no p=), and throws a DkimError for a DKIM record with
 * errors, so callers can tell a stray TXT record from a broken key (RFC 6376 §6.1.2).
 */
export function parseRecord(txt: string): { isDkim: true; record: DkimRecord } | { isDkim: false; reason: string } {
  let tags: Map<string, string>;
  try {
    tags = parseTagList(txt, 'record');
  } catch (e) {
    return { isDkim: false, reason: (e as Error).message };
  }
  const first = [...tags.keys()][0];
  const v = tags.get('v');
  if (v !== undefined && first !== 'v') throw new DkimError('record', 'record: first field must be version');
  if (v !== undefined && stripWS(v) !== 'DKIM1') return { isDkim: false, reason: `version ${JSON.stringify(v)} is not DKIM1` };
  const p = tags.get('p');
  if (p === undefined) {
    if (v === undefined) return { isDkim: false, reason: 'no v= and no p=' };
    throw new DkimError('record', 'record: missing field p=');
  }
  const list = (t: string) => {
    const x = tags.get(t);
    return x === undefined ? [] : stripWS(x).split(':').filter((e) => e !== '').map((e) => e.toLowerCase());
  };
  const record: DkimRecord = {
    version: 'DKIM1',
    hashes: list('h'),
    key: stripWS(tags.get('k') ?? 'rsa').toLowerCase(),
    pubkey: decodeB64(p, 'record p='),
    // RFC 6376 §3.6.1: s= defaults to "*" (all services), as in mox's parsed record.
    services: tags.has('s') ? list('s') : ['*'],
    flags: list('t'),
  };
  const n = tags.get('n');
  if (n !== undefined) record.notes = decodeQP(n);
  if (record.key !== 'rsa' && record.key !== 'ed25519') throw new DkimError('algorithm', `record: unknown key type ${JSON.stringify(record.key)}`);
  if (record.pubkey.length > 0) recordPublicKey(record);
  return { isDkim: true, record };
}

/**
 * Writes a record as TXT text, "v=DKIM1;...;p=...", leaving out defaults (k=rsa, s=*), as
 * mox does.
 */
export function formatRecord(r: DkimRecord): string {
  const l = ['v=DKIM1'];
  if (r.hashes.length > 0) l.push(`h=${r.hashes.join(':')}`);
  if (r.key !== '' && r.key !== 'rsa') l.push(`k=${r.key}`);
  if (r.notes !== undefined && r.notes !== '') l.push(`n=${r.notes.replace(/[^\x21-\x3c\x3e-\x7e]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}`);
  if (r.services.length > 0 && !(r.services.length === 1 && r.services[0] === '*')) l.push(`s=${r.services.join(':')}`);
  if (r.flags.length > 0) l.push(`t=${r.flags.join(':')}`);
  l.push(`p=${r.pubkey.toString('base64')}`);
  return l.join(';');
}

/** The p= bytes for a public key: SPKI DER for RSA, raw 32 bytes for Ed25519 (RFC 8463 §4). */
export function publicKeyBytes(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ed25519') {
    const jwk = key.export({ format: 'jwk' });
    return Buffer.from(jwk.x ?? '', 'base64url');
  }
  if (key.asymmetricKeyType === 'rsa') return key.export({ format: 'der', type: 'spki' });
  throw new DkimError('key', `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}
