// Signing (RFC 6376 §5, RFC 8463 §3): one DKIM-Signature header field per selector.

import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { bodyHash, newHash } from './canon.js';
import { DkimError } from './errors.js';
import { headerData } from './hashdata.js';
import { splitHeader } from './header.js';
import { formatSignature, type Signature } from './sig.js';

/** One selector to sign with. */
export interface SignSelector {
  /** Selector name, ASCII (the s= tag). */
  readonly selector: string;
  /** RSA or Ed25519 private key. */
  readonly privateKey: KeyObject;
  /** "sha256" (default) or "sha1" (RSA only, not recommended). */
  readonly hash?: string;
  readonly headerRelaxed?: boolean;
  readonly bodyRelaxed?: boolean;
  /** Header field names to sign; must include From. */
  readonly headers: readonly string[];
  /**
   * Sign each listed field once more than it occurs, so extra instances cannot be added
   * later without breaking the signature (RFC 6376 §8.15).
   */
  readonly sealHeaders?: boolean;
  /** Signature lifetime in seconds (x= is t= plus this). */
  readonly expirationSeconds?: number;
}

/** What {@link signMessage} needs besides the message. */
export interface SignOptions {
  /** Localpart of the From address, for i=. */
  readonly localpart: string;
  /** Signing domain, ASCII (d=). */
  readonly domain: string;
  readonly selectors: readonly SignSelector[];
  /** Signing time, milliseconds since the epoch (t=). */
  readonly now: number;
}

function identity(localpart: string, domain: string): string {
  const atom = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+)*$/;
  const lp = localpart === '' || atom.test(localpart) ? localpart : `"${localpart.replace(/["\\]/g, '\\$&')}"`;
  return `${lp}@${domain}`;
}

/**
 * Signs a message and returns the DKIM-Signature header fields (each ending in CRLF) to put
 * in front of it. The message must have exactly one From field.
 */
export function signMessage(msg: Buffer, o: SignOptions): string {
  const { fields, bodyOffset } = splitHeader(msg);
  const nfrom = fields.filter((f) => f.lkey === 'from').length;
  if (nfrom !== 1) throw new DkimError('from', `message has ${nfrom} from headers, need exactly 1`);
  const counts = new Map<string, number>();
  for (const f of fields) counts.set(f.lkey, (counts.get(f.lkey) ?? 0) + 1);
  const body = msg.subarray(bodyOffset);
  const bodyHashes = new Map<string, Buffer>();
  let out = '';
  for (const sel of o.selectors) {
    const keyType = sel.privateKey.asymmetricKeyType;
    if (keyType !== 'rsa' && keyType !== 'ed25519') throw new DkimError('key', `unsupported private key type ${keyType ?? 'unknown'}`);
    const hash = (sel.hash ?? 'sha256').toLowerCase();
    if (hash !== 'sha256' && hash !== 'sha1') throw new DkimError('algorithm', `unrecognized hash algorithm ${JSON.stringify(hash)}`);
    // RFC 8463 §3: Ed25519 is only defined with SHA-256.
    if (keyType === 'ed25519' && hash !== 'sha256') throw new DkimError('algorithm', 'ed25519 keys need hash sha256');
    const signed = [...sel.headers];
    if (sel.sealHeaders) {
      for (const h of sel.headers) for (let n = counts.get(h.toLowerCase()) ?? 0; n > 0; n--) signed.push(h);
    }
    const bodyRelaxed = sel.bodyRelaxed ?? false;
    const bhKey = `${hash}/${bodyRelaxed}`;
    let bh = bodyHashes.get(bhKey);
    if (bh === undefined) {
      bh = bodyHash(hash, body, bodyRelaxed);
      bodyHashes.set(bhKey, bh);
    }
    const t = Math.floor(o.now / 1000);
    const sig: Signature = {
      version: 1,
      algorithmSign: keyType,
      algorithmHash: hash,
      signature: Buffer.alloc(0),
      bodyHash: bh,
      domain: o.domain,
      selector: sel.selector,
      signedHeaders: signed,
      headerRelaxed: sel.headerRelaxed ?? false,
      bodyRelaxed,
      identity: identity(o.localpart, o.domain),
      queryMethods: [],
      signTime: t,
      copiedHeaders: [],
    };
    if (sel.expirationSeconds !== undefined && sel.expirationSeconds > 0) sig.expireTime = t + sel.expirationSeconds;
    const data = headerData(fields, signed, sig.headerRelaxed, Buffer.from(formatSignature(sig), 'utf8'));
    // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data (PureEdDSA over the digest).
    sig.signature = keyType === 'ed25519' ? cryptoSign(null, newHash('sha256').update(data).digest(), sel.privateKey) : cryptoSign(hash, data, sel.privateKey);
    out += formatSignature(sig);
  }
  return out;
}
