// Client side of SCRAM (RFC 5802 §5), used by our SMTP client and by tests.

import { randomBytes } from 'node:crypto';
import { SaslError } from './errors.js';
import { normalizeName } from './precis.js';
import { encodeSaslName, parseServerFinal, parseServerFirst, ScramSyntaxError } from './scram-messages.js';
import { constantTimeEqual, digest, hmac, saltPassword, type ScramHash } from './secrets.js';
import type { ChannelBindingType } from './types.js';

/** Options for {@link ScramClient}. */
export interface ScramClientOptions {
  hash: ScramHash;
  username: string;
  password: string;
  /** Authorization identity ("a="), usually absent. */
  authzid?: string;
  /** Bind to this TLS channel (the -PLUS mechanisms): gs2 flag "p". */
  channelBinding?: { type: ChannelBindingType; data: Buffer };
  /**
   * We could bind, but the server did not announce a -PLUS mechanism: gs2 flag "y", so a
   * server that does support binding detects the downgrade (RFC 5802 §6).
   */
  noServerPlus?: boolean;
  /** Fixed client nonce (test vectors only). */
  nonce?: string;
}

function syntax(e: unknown): never {
  if (e instanceof ScramSyntaxError) throw new SaslError('protocol', `scram: ${e.message}`, e.code);
  throw e;
}

/**
 * A SCRAM client for one exchange: {@link clientFirst}, then {@link serverFirst} with the
 * server's challenge, then {@link serverFinal} to verify the server's signature.
 */
export class ScramClient {
  private gs2Header = '';
  private bare = '';
  private clientNonce = '';
  private authMessage = '';
  private saltedPassword: Buffer | null = null;

  /** Creates the client; throws when both channel binding and noServerPlus are set. */
  constructor(private readonly opts: ScramClientOptions) {
    if (opts.channelBinding && opts.noServerPlus) throw new Error('scram: cannot both bind and claim the server lacks -PLUS');
  }

  /** Returns the client-first-message, RFC 5802 §7. */
  clientFirst(): Buffer {
    const o = this.opts;
    const flag = o.channelBinding ? `p=${o.channelBinding.type}` : o.noServerPlus ? 'y' : 'n';
    const authz = o.authzid ? `a=${encodeSaslName(normalizeName(o.authzid))}` : '';
    this.gs2Header = `${flag},${authz},`;
    this.clientNonce = o.nonce ?? randomBytes(18).toString('base64');
    this.bare = `n=${encodeSaslName(normalizeName(o.username))},r=${this.clientNonce}`;
    return Buffer.from(this.gs2Header + this.bare, 'utf8');
  }

  /** Checks the server-first-message and returns the client-final-message with the proof. */
  async serverFirst(msg: Buffer): Promise<Buffer> {
    let sf;
    try {
      sf = parseServerFirst(msg);
    } catch (e) {
      syntax(e);
    }
    // RFC 5802 §5.1 r=: the server must extend our nonce; mox's safety floors follow.
    if (!sf.nonce.startsWith(this.clientNonce)) throw new SaslError('protocol', 'scram: server dropped our nonce');
    if (sf.nonce.length - this.clientNonce.length < 8) throw new SaslError('protocol', 'scram: server nonce too short');
    if (sf.salt.length < 8) throw new SaslError('protocol', 'scram: salt too short');
    if (sf.iterations < 2048) throw new SaslError('protocol', 'scram: too few iterations');

    const h = this.opts.hash;
    const cbInput = Buffer.concat([Buffer.from(this.gs2Header, 'utf8'), this.opts.channelBinding?.data ?? Buffer.alloc(0)]);
    const withoutProof = `c=${cbInput.toString('base64')},r=${sf.nonce}`;
    this.authMessage = `${this.bare},${msg.toString('utf8')},${withoutProof}`;
    this.saltedPassword = await saltPassword(h, this.opts.password, sf.salt, sf.iterations);
    const clientKey = hmac(h, this.saltedPassword, 'Client Key');
    const clientSig = hmac(h, digest(h, clientKey), this.authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSig[i]!;
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  /** Verifies the server-final-message; throws SaslError on a server error or bad signature. */
  serverFinal(msg: Buffer): void {
    if (this.saltedPassword === null) throw new Error('scram: serverFinal before serverFirst');
    let fin;
    try {
      fin = parseServerFinal(msg);
    } catch (e) {
      syntax(e);
    }
    if ('error' in fin) {
      const reason =
        fin.error === 'invalid-proof' ? 'badCredentials' : fin.error === 'channel-bindings-dont-match' ? 'channelBinding' : 'protocol';
      throw new SaslError(reason, `scram: server error ${fin.error}`);
    }
    const h = this.opts.hash;
    const serverSig = hmac(h, hmac(h, this.saltedPassword, 'Server Key'), this.authMessage);
    if (!constantTimeEqual(serverSig, fin.verifier)) throw new SaslError('protocol', 'scram: incorrect server signature');
  }
}
