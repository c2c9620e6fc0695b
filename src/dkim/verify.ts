// Verifying (RFC 6376 §6, RFC 8463 §3, RFC 8301): every DKIM-Signature field gets a result
// with an RFC 8601 status.

import { verify as cryptoVerify } from 'node:crypto';
import { bodyHash, newHash } from './canon.js';
import { DkimError } from './errors.js';
import { headerData } from './hashdata.js';
import { splitHeader } from './header.js';
import { parseRecord, recordPublicKey, type DkimRecord } from './record.js';
import { parseSignature, withoutSignatureValue, type Signature } from './sig.js';

/** Result status of one signature (RFC 8601 §2.7.1). */
export type DkimStatus = 'none' | 'pass' | 'fail' | 'policy' | 'neutral' | 'temperror' | 'permerror';

/**
 * Looks up TXT records. Returns each record's strings joined. Signals "no such name / no
 * TXT records" by throwing an error whose `code` is "ENOTFOUND" or "ENODATA" (as node:dns
 * does); any other error counts as a temporary DNS failure.
 */
export interface TxtResolver {
  lookupTxt(name: string): Promise<string[]>;
}

/** Outcome for one DKIM-Signature header field. */
export interface VerifyResult {
  status: DkimStatus;
  /** Parsed signature; absent when the field could not be parsed. */
  sig?: Signature;
  /** The DNS record used, when found and valid. */
  record?: DkimRecord;
  /** The TXT text of that record. */
  recordText?: string;
  /** Why the status is not "pass". */
  error?: DkimError;
}

/** Options for {@link verifyMessage}. */
export interface VerifyOptions {
  readonly resolver: TxtResolver;
  /** Current time, milliseconds since the epoch (for x=). */
  readonly now: number;
  /** Extra acceptance rules; return a reason to give status "policy". Default: {@link defaultPolicy}. */
  readonly policy?: (sig: Signature) => string | undefined;
  /**
   * Treat failures for keys in test mode (t=y) as failures. Without it they become status
   * "none" (RFC 6376 §3.6.1).
   */
  readonly ignoreTestMode?: boolean;
  /** Accept signatures by the single-label domain "localhost" (localserve). */
  readonly allowLocalhost?: boolean;
}

/** mox's default policy: no l= (body length) and Subject must be signed. */
export function defaultPolicy(sig: Signature): string | undefined {
  if (sig.length !== undefined) return 'l= for length not acceptable';
  if (!sig.signedHeaders.some((h) => h.toLowerCase() === 'subject')) return 'required header fields missing from signature: subject';
  return undefined;
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}

/** Result of {@link lookupRecord}. */
export interface LookupResult {
  status: DkimStatus;
  record?: DkimRecord;
  txt?: string;
  error?: DkimError;
}

/**
 * Looks up and parses the key record at <selector>._domainkey.<domain>. Exactly one valid
 * DKIM record must be there (RFC 6376 §6.1.2): none is permerror, several temperror.
 */
export async function lookupRecord(resolver: TxtResolver, selector: string, domain: string): Promise<LookupResult> {
  const name = `${selector}._domainkey.${domain}.`;
  let txts: string[];
  try {
    txts = await resolver.lookupTxt(name);
  } catch (e) {
    if (isNotFound(e)) return { status: 'permerror', error: new DkimError('no-record', `no dkim dns record for selector and domain: dns name ${JSON.stringify(name)}`) };
    return { status: 'temperror', error: new DkimError('dns', `lookup of dkim dns record: dns name ${JSON.stringify(name)}: ${(e as Error).message}`) };
  }
  let found: { record: DkimRecord; txt: string } | undefined;
  let error: DkimError | undefined = new DkimError('no-record', `no dkim dns record for selector and domain: dns name ${JSON.stringify(name)}`);
  for (const txt of txts) {
    let r: ReturnType<typeof parseRecord>;
    try {
      r = parseRecord(txt);
    } catch (e) {
      const err = e instanceof DkimError ? e : new DkimError('record', String(e));
      return { status: 'permerror', txt, error: new DkimError('record', `syntax error in dkim dns record: ${err.message}`) };
    }
    if (!r.isDkim) {
      error = new DkimError('record', `syntax error in dkim dns record: not a dkim record: ${r.reason}`);
      continue;
    }
    if (found) return { status: 'temperror', error: new DkimError('multiple-records', `multiple dkim dns records for selector and domain: dns name ${JSON.stringify(name)}`) };
    found = { record: r.record, txt };
  }
  if (!found) return { status: 'temperror', error };
  return { status: 'neutral', record: found.record, txt: found.txt };
}

/**
 * Verifies all DKIM-Signature fields of a message, top to bottom. Throws a DkimError only
 * when the message header cannot be parsed. Does not check that d= matches the From domain:
 * that is DMARC's job.
 */
export async function verifyMessage(msg: Buffer, o: VerifyOptions): Promise<VerifyResult[]> {
  const { fields, bodyOffset } = splitHeader(msg);
  const body = msg.subarray(bodyOffset);
  const policy = o.policy ?? defaultPolicy;
  const results: VerifyResult[] = [];
  for (const f of fields) {
    if (f.lkey !== 'dkim-signature') continue;
    let sig: Signature;
    try {
      const raw = f.raw.toString('utf8');
      sig = parseSignature(raw.slice(raw.indexOf(':') + 1));
    } catch (e) {
      results.push({ status: 'permerror', error: asDkimError(e, 'parsing DKIM-Signature header: ') });
      continue;
    }
    const paramErr = checkParams(sig, o);
    if (paramErr) {
      results.push({ status: 'permerror', sig, error: paramErr });
      continue;
    }
    const why = policy(sig);
    if (why !== undefined) {
      results.push({ status: 'policy', sig, error: new DkimError('policy', `signature rejected by policy: ${why}`) });
      continue;
    }
    const lr = await lookupRecord(o.resolver, sig.selector, sig.domain);
    if (!lr.record) {
      results.push({ status: lr.status, sig, ...(lr.error ? { error: lr.error } : {}) });
      continue;
    }
    const r = checkWithRecord(lr.record, sig, fields, f.raw, body);
    let status = r.status;
    // RFC 6376 §3.6.1: a key in test mode must not make a failure count.
    if (!o.ignoreTestMode && status !== 'pass' && lr.record.flags.includes('y')) status = 'none';
    results.push({ status, sig, record: lr.record, recordText: lr.txt!, ...(r.error ? { error: r.error } : {}) });
  }
  return results;
}

function asDkimError(e: unknown, prefix: string): DkimError {
  if (e instanceof DkimError) return new DkimError(e.code, prefix + e.message.replace(/^dkim: /, ''));
  return new DkimError('syntax', prefix + String(e));
}

function checkParams(sig: Signature, o: VerifyOptions): DkimError | undefined {
  // RFC 6376 §6.1.1: expired signatures are refused.
  if (sig.expireTime !== undefined && sig.expireTime < Math.floor(o.now / 1000)) {
    return new DkimError('expired', `signature has expired: expiration time ${JSON.stringify(new Date(sig.expireTime * 1000).toISOString().replace(/\.\d+Z$/, 'Z'))}`);
  }
  // RFC 6376 §6.1.1: a signature for a top-level domain is not accepted.
  // Deviation (no public suffix list here): only single-label domains are refused.
  if (!sig.domain.includes('.') && !(o.allowLocalhost && sig.domain === 'localhost')) {
    return new DkimError('tld', `signed domain is top-level domain, above organizational domain: ${sig.domain}`);
  }
  if (sig.algorithmHash !== 'sha256' && sig.algorithmHash !== 'sha1') return new DkimError('algorithm', `unknown hash algorithm ${JSON.stringify(sig.algorithmHash)}`);
  // RFC 6376 §3.5: only dns/txt is defined.
  if (sig.queryMethods.length > 0 && !sig.queryMethods.some((m) => m.toLowerCase() === 'dns/txt')) {
    return new DkimError('query-method', 'no recognized query method: need dns/txt');
  }
  return undefined;
}

function checkWithRecord(
  r: DkimRecord,
  sig: Signature,
  fields: Parameters<typeof headerData>[0],
  sigRaw: Buffer,
  body: Buffer,
): { status: DkimStatus; error?: DkimError } {
  const perm = (code: ConstructorParameters<typeof DkimError>[0], m: string) => ({ status: 'permerror' as const, error: new DkimError(code, m) });
  // RFC 6376 §3.6.1: h= in the record limits the hash algorithms.
  if (r.hashes.length > 0 && !r.hashes.includes(sig.algorithmHash)) {
    return perm('hash-not-allowed', `hash algorithm not allowed by dns record: record expects one of ${JSON.stringify(r.hashes.join(','))}, message uses ${JSON.stringify(sig.algorithmHash)}`);
  }
  if (r.key !== sig.algorithmSign) {
    return perm('sig-alg-mismatch', `signature algorithm mismatch with dns record: record requires ${JSON.stringify(r.key)}, message has ${JSON.stringify(sig.algorithmSign)}`);
  }
  let key;
  try {
    key = recordPublicKey(r);
  } catch (e) {
    return { status: 'permerror', error: asDkimError(e, '') };
  }
  // RFC 8301 §3.2: RSA keys under 1024 bits are not accepted.
  if (r.key === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) return perm('weak-key', 'key is too weak, need at least 1024 bits for rsa');
  if (r.services.length > 0 && !r.services.some((s) => s === '*' || s === 'email')) return perm('key-not-for-email', 'dns record not allowed for use with email');
  // RFC 6376 §3.6.1: t=s requires i= to use exactly the d= domain.
  if (r.flags.includes('s') && sig.identity !== undefined) {
    const idDom = sig.identity.slice(sig.identity.lastIndexOf('@') + 1).toLowerCase();
    if (idDom !== sig.domain) return perm('identity-mismatch', `dns record disallows mismatch of domain (d=) and identity (i=): ${JSON.stringify(sig.domain)} vs ${JSON.stringify(idDom)}`);
  }
  const data = headerData(fields, sig.signedHeaders, sig.headerRelaxed, withoutSignatureValue(sigRaw));
  let ok: boolean;
  try {
    ok =
      r.key === 'ed25519'
        ? cryptoVerify(null, newHash('sha256').update(data).digest(), key, sig.signature)
        : cryptoVerify(sig.algorithmHash, data, key, sig.signature);
  } catch {
    ok = false;
  }
  if (!ok) return { status: 'fail', error: new DkimError('sig-verify', `signature verification failed: ${r.key} verification`) };
  const bh = bodyHash(sig.algorithmHash, body, sig.bodyRelaxed, sig.length);
  if (!bh.equals(sig.bodyHash)) {
    return { status: 'fail', error: new DkimError('body-hash', `body hash does not match: signature bodyhash ${sig.bodyHash.toString('hex')} != calculated bodyhash ${bh.toString('hex')}`) };
  }
  return { status: 'pass' };
}
