// CRAM-MD5, RFC 2195: the server sends a unique challenge, the client answers
// "user SP hex(HMAC-MD5(password, challenge))". The server finishes the HMAC from stored
// MD5 states, so it never needs the password.

import { randomBytes } from 'node:crypto';
import { SaslError } from './errors.js';
import { normalizeName } from './precis.js';
import { constantTimeEqual, cramMd5Digest, deriveCramMd5Secret, hmacMd5Pads } from './secrets.js';
import { Md5 } from './md5.js';
import type { ServerDeps, ServerMechanism, StepResult } from './types.js';

/** Builds a CRAM-MD5 challenge "<random.timestamp@hostname>", RFC 2195 §2 (as mox does). */
export function cramMd5Challenge(hostname: string, nowMs: number): string {
  const rand = randomBytes(8).readBigUInt64BE();
  const nanos = BigInt(Math.floor(nowMs)) * 1_000_000n;
  return `<${rand}.${nanos}@${hostname}>`;
}

/** Computes a client's CRAM-MD5 response "user hexdigest" for a challenge, RFC 2195 §2. */
export function cramMd5Response(username: string, password: string, challenge: Buffer): Buffer {
  const { ipad, opad } = hmacMd5Pads(password);
  const inner = new Md5().update(ipad).update(challenge).digest();
  const mac = new Md5().update(opad).update(inner).digest();
  return Buffer.from(`${username} ${mac.toString('hex')}`, 'utf8');
}

/** Checks that a server challenge looks like RFC 2195 §2 "<digits.timestamp@host>" (as mox's client). */
export function checkCramMd5Challenge(challenge: Buffer): void {
  const s = challenge.toString('utf8');
  if (!s.startsWith('<') || !s.endsWith('>')) throw new SaslError('protocol', 'cram-md5: challenge lacks angle brackets');
  const dot = s.indexOf('.');
  if (dot <= 1) throw new SaslError('protocol', 'cram-md5: challenge lacks dot or random digits');
  const at = s.slice(dot + 1).split('@');
  if (at.length === 1 || at[0] === '' || at[at.length - 1] === '>') {
    throw new SaslError('protocol', 'cram-md5: challenge lacks timestamp or host name');
  }
}

// Used for unknown users so they cost the same work as real ones.
const PLACEHOLDER_PASSWORD = 'mox-ts cram-md5 placeholder';

/** Server side of CRAM-MD5. */
export class CramMd5Server implements ServerMechanism {
  readonly name = 'CRAM-MD5';
  readonly cleartextCredentials = false;
  username = '';
  private challenge: Buffer | null = null;
  private finished = false;

  /** Creates the mechanism for one exchange. */
  constructor(private readonly deps: ServerDeps) {}

  /** Advances the exchange; see {@link ServerMechanism.step}. */
  async step(clientData: Buffer | null): Promise<StepResult> {
    if (this.finished) throw new SaslError('malformed', 'cram-md5: exchange already finished');
    if (this.challenge === null) {
      // RFC 2195 §2: the server speaks first; an initial response is a protocol error.
      if (clientData !== null) {
        this.finished = true;
        throw new SaslError('malformed', 'cram-md5: initial response not allowed');
      }
      this.challenge = Buffer.from(cramMd5Challenge(this.deps.hostname, this.deps.clock.now()), 'utf8');
      return { kind: 'challenge', data: this.challenge };
    }
    this.finished = true;
    const text = (clientData ?? Buffer.alloc(0)).toString('utf8');
    const t = text.split(' ');
    if (t.length !== 2 || t[1]!.length !== 32) throw new SaslError('malformed', 'cram-md5: malformed response');
    const username = normalizeName(t[0]!);
    this.username = username;
    const creds = await this.deps.lookup(username);
    if (creds !== null && !creds.secrets?.cramMD5) {
      throw new SaslError('noSecrets', 'cram-md5: no derived secrets stored for account');
    }
    const secret = creds?.secrets?.cramMD5 ?? deriveCramMd5Secret(PLACEHOLDER_PASSWORD);
    // mox compares the lower-case hex text; so do we, in constant time.
    const expect = Buffer.from(cramMd5Digest(secret, this.challenge).toString('hex'), 'latin1');
    const ok = constantTimeEqual(expect, Buffer.from(t[1]!, 'latin1'));
    if (!ok || creds === null) throw new SaslError('badCredentials', 'cram-md5: bad user/pass');
    return { kind: 'done', username, account: creds.account };
  }

  /** Returns the error for a client "*"; see {@link ServerMechanism.abort}. */
  abort(): SaslError {
    this.finished = true;
    return new SaslError('aborted', 'authentication aborted by client');
  }
}
