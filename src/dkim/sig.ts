// The DKIM-Signature header field (RFC 6376 §3.5): parsing, checks, and writing it folded.

import { DkimError } from './errors.js';
import { decodeB64, decodeQP, encodeQP, parseTagList, stripWS } from './tags.js';

/** A parsed DKIM-Signature header field. Tag letters are noted per field. */
export interface Signature {
  /** v=, always 1. */
  version: number;
  /** Signing algorithm of a=, lower case: "rsa" or "ed25519" (others are kept, verification fails). */
  algorithmSign: string;
  /** Hash algorithm of a=, lower case: "sha256" or "sha1". */
  algorithmHash: string;
  /** b=, the signature. Empty while signing. */
  signature: Buffer;
  /** bh=, hash of the canonical body. */
  bodyHash: Buffer;
  /** d=, signing domain, lower-case ASCII. */
  domain: string;
  /** s=, selector, lower-case ASCII. */
  selector: string;
  /** h=, signed header field names as written, in order. */
  signedHeaders: string[];
  /** c= header part. */
  headerRelaxed: boolean;
  /** c= body part. */
  bodyRelaxed: boolean;
  /** i=, agent or user identifier: "localpart@domain" (localpart may be empty). */
  identity?: string;
  /** l=, number of canonical body bytes signed. */
  length?: number;
  /** q=, query methods; absent means dns/txt. */
  queryMethods: string[];
  /** t=, signing time in seconds since the epoch. */
  signTime?: number;
  /** x=, expiration in seconds since the epoch. */
  expireTime?: number;
  /** z=, copied header fields, decoded ("Name:value"). */
  copiedHeaders: string[];
}

/** The a= tag value, e.g. "ed25519-sha256". */
export function algorithmName(s: Signature): string {
  return `${s.algorithmSign}-${s.algorithmHash}`;
}

const domainRe = /^(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/;

function num(v: string, tag: string): number {
  const t = stripWS(v);
  if (!/^[0-9]{1,12}$/.test(t)) throw new DkimError('syntax', `signature: bad number for ${tag}=`);
  return Number(t);
}

/**
 * Parses the value of a DKIM-Signature header field (everything after the colon) and runs
 * the checks of RFC 6376 §6.1.1: required tags, version 1, From signed, i= within d=, x= not
 * before t=.
 */
export function parseSignature(value: string): Signature {
  const tags = parseTagList(value, 'signature');
  const need = (t: string): string => {
    const v = tags.get(t);
    if (v === undefined) throw new DkimError('syntax', `signature: missing required tag ${t}=`);
    return v;
  };
  if (stripWS(need('v')) !== '1') throw new DkimError('syntax', 'signature: version must be 1');
  const a = stripWS(need('a')).toLowerCase();
  const dash = a.indexOf('-');
  if (dash <= 0) throw new DkimError('syntax', `signature: bad algorithm ${JSON.stringify(a)}`);
  const domain = stripWS(need('d')).toLowerCase();
  if (!domainRe.test(domain)) throw new DkimError('syntax', `signature: bad domain ${JSON.stringify(domain)}`);
  const selector = stripWS(need('s')).toLowerCase();
  if (!domainRe.test(selector)) throw new DkimError('syntax', `signature: bad selector ${JSON.stringify(selector)}`);
  const signedHeaders = need('h')
    .split(':')
    .map((h) => stripWS(h))
    .filter((h) => h !== '');
  // RFC 6376 §5.4: the From field must be signed.
  if (!signedHeaders.some((h) => h.toLowerCase() === 'from')) throw new DkimError('from', 'signature: From header field not signed');
  const sig: Signature = {
    version: 1,
    algorithmSign: a.slice(0, dash),
    algorithmHash: a.slice(dash + 1),
    signature: decodeB64(need('b'), 'signature b='),
    bodyHash: decodeB64(need('bh'), 'signature bh='),
    domain,
    selector,
    signedHeaders,
    headerRelaxed: false,
    bodyRelaxed: false,
    queryMethods: [],
    copiedHeaders: [],
  };
  const c = tags.get('c');
  if (c !== undefined) {
    const [hc, bc, ...rest] = stripWS(c).toLowerCase().split('/');
    const ok = (x: string | undefined) => x === undefined || x === 'simple' || x === 'relaxed';
    if (rest.length > 0 || !ok(hc) || !ok(bc)) throw new DkimError('canonicalization', `signature: unknown canonicalization ${JSON.stringify(c)}`);
    sig.headerRelaxed = hc === 'relaxed';
    sig.bodyRelaxed = bc === 'relaxed';
  }
  const i = tags.get('i');
  if (i !== undefined) {
    const id = decodeQP(i);
    const at = id.lastIndexOf('@');
    if (at < 0) throw new DkimError('syntax', 'signature: i= without @');
    const idDom = id.slice(at + 1).toLowerCase();
    // RFC 6376 §3.5: the i= domain is d= or a subdomain of it.
    if (idDom !== domain && !idDom.endsWith(`.${domain}`)) throw new DkimError('identity-mismatch', 'signature: i= domain not within d= domain');
    sig.identity = id;
  }
  const l = tags.get('l');
  if (l !== undefined) sig.length = num(l, 'l');
  const q = tags.get('q');
  if (q !== undefined) sig.queryMethods = stripWS(q).split(':');
  const t = tags.get('t');
  if (t !== undefined) sig.signTime = num(t, 't');
  const x = tags.get('x');
  if (x !== undefined) {
    sig.expireTime = num(x, 'x');
    // RFC 6376 §3.5: x= must be later than t=.
    if (sig.signTime !== undefined && sig.expireTime < sig.signTime) throw new DkimError('syntax', 'signature: x= before t=');
  }
  const z = tags.get('z');
  if (z !== undefined) sig.copiedHeaders = z.split('|').map((v) => decodeQP(v));
  return sig;
}

/**
 * Returns the header field as it must be hashed: the b= value removed, everything else
 * byte for byte (RFC 6376 §3.7).
 */
export function withoutSignatureValue(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const colon = s.indexOf(':');
  let pos = colon + 1;
  for (const seg of s.slice(colon + 1).split(';')) {
    const eq = seg.indexOf('=');
    if (eq >= 0 && seg.slice(0, eq).trim() === 'b') {
      const start = pos + eq + 1;
      const end = pos + seg.length;
      // Keep a final line ending that belongs to the field, not the value.
      const tail = s.slice(start, end).match(/\r?\n$/)?.[0] ?? '';
      return Buffer.from(s.slice(0, start) + tail + s.slice(end), 'latin1');
    }
    pos += seg.length + 1;
  }
  return raw;
}

/** Folds "tag=value;" items into header lines of at most about 76 characters. */
class Folder {
  private out = '';
  private lineLen = 0;
  add(text: string, sep = ' '): void {
    if (this.out !== '' && this.lineLen > 1 && this.lineLen + sep.length + text.length > 76) {
      this.out += '\r\n\t';
      this.lineLen = 1;
    } else if (this.out !== '') {
      this.out += sep;
      this.lineLen += sep.length;
    }
    this.out += text;
    this.lineLen += text.length;
  }
  /** Adds data that may be broken anywhere (base64). */
  addWrapped(data: string): void {
    while (data.length > 0) {
      const room = Math.max(76 - this.lineLen, 1);
      const piece = data.slice(0, room);
      data = data.slice(room);
      this.out += piece;
      this.lineLen += piece.length;
      if (data.length > 0) {
        this.out += '\r\n\t';
        this.lineLen = 1;
      }
    }
  }
  toString(): string {
    return `${this.out}\r\n`;
  }
}

/**
 * Writes a DKIM-Signature header field, folded, ending in CRLF. Defaults are left out
 * (c=simple/simple, q=dns/txt). With an empty signature the b= tag is empty, as hashed when
 * signing.
 */
export function formatSignature(s: Signature): string {
  const w = new Folder();
  w.add(`DKIM-Signature: v=${s.version};`);
  w.add(`d=${s.domain};`);
  w.add(`s=${s.selector};`);
  if (s.identity !== undefined) w.add(`i=${s.identity};`);
  w.add(`a=${algorithmName(s)};`);
  if (s.headerRelaxed || s.bodyRelaxed) w.add(`c=${s.headerRelaxed ? 'relaxed' : 'simple'}/${s.bodyRelaxed ? 'relaxed' : 'simple'};`);
  if (s.length !== undefined) w.add(`l=${s.length};`);
  if (s.queryMethods.length > 0 && !(s.queryMethods.length === 1 && s.queryMethods[0]!.toLowerCase() === 'dns/txt')) w.add(`q=${s.queryMethods.join(':')};`);
  if (s.signTime !== undefined) w.add(`t=${s.signTime};`);
  if (s.expireTime !== undefined) w.add(`x=${s.expireTime};`);
  s.signedHeaders.forEach((h, i) => {
    const last = i === s.signedHeaders.length - 1;
    w.add(`${i === 0 ? 'h=' : ''}${h}${last ? ';' : ':'}`, i === 0 ? ' ' : '');
  });
  s.copiedHeaders.forEach((h, i) => {
    const colon = h.indexOf(':');
    const v = `${h.slice(0, colon)}:${encodeQP(h.slice(colon + 1))}`;
    const last = i === s.copiedHeaders.length - 1;
    w.add(`${i === 0 ? 'z=' : ''}${v}${last ? ';' : '|'}`, i === 0 ? ' ' : '');
  });
  w.add(`bh=${s.bodyHash.toString('base64')};`);
  w.add('b=');
  if (s.signature.length > 0) w.addWrapped(s.signature.toString('base64'));
  return w.toString();
}
