// Server side of SCRAM-SHA-1/SCRAM-SHA-256 and their -PLUS variants (RFC 5802, RFC 7677).

import { createHmac, randomBytes } from 'node:crypto';
import { SaslError, type ScramErrorCode } from './errors.js';
import { normalizeName } from './precis.js';
import { parseClientFinal, parseClientFirst, ScramSyntaxError, type ClientFirst } from './scram-messages.js';
import {
  constantTimeEqual,
  digest,
  hashSize,
  hmac,
  scramSecretBytes,
  type ScramHash,
} from './secrets.js';
import type { ChannelBindingType, MechanismName, ServerDeps, ServerMechanism, StepResult } from './types.js';

/** Default PBKDF2 iteration counts, as mox's SetPassword uses them. */
export const DEFAULT_SCRAM_ITERATIONS: Readonly<Record<ScramHash, number>> = { 'SHA-1': 2 * 4096, 'SHA-256': 4096 };

const KNOWN_BINDINGS: readonly string[] = ['tls-unique', 'tls-exporter', 'tls-server-end-point'];

type State =
  | { kind: 'start' }
  | {
      kind: 'firstSent';
      first: ClientFirst;
      serverFirst: string;
      nonce: string;
      cbData: Buffer;
      account: string | null;
      storedKey: Buffer;
      serverKey: Buffer;
    }
  | { kind: 'finalSent'; account: string }
  | { kind: 'failed'; error: SaslError }
  | { kind: 'finished' };

function protocolError(e: unknown): SaslError {
  if (e instanceof ScramSyntaxError) return new SaslError('protocol', `scram: ${e.message}`, e.code);
  throw e;
}

/**
 * A SCRAM server mechanism. `plus` demands channel binding (the -PLUS name was chosen); the
 * caller must only create a -PLUS mechanism on a TLS connection.
 */
export class ScramServer implements ServerMechanism {
  readonly cleartextCredentials = false;
  username = '';
  private state: State = { kind: 'start' };

  /** Creates the mechanism for one exchange. */
  constructor(
    readonly name: MechanismName,
    private readonly hash: ScramHash,
    private readonly plus: boolean,
    private readonly deps: ServerDeps,
  ) {}

  /** Advances the exchange; see {@link ServerMechanism.step}. */
  async step(clientData: Buffer | null): Promise<StepResult> {
    const st = this.state;
    switch (st.kind) {
      case 'start':
        if (clientData === null) return { kind: 'challenge', data: Buffer.alloc(0) };
        return this.clientFirst(clientData);
      case 'firstSent':
        return this.clientFinal(st, clientData ?? Buffer.alloc(0));
      case 'finalSent':
        // RFC 4954 §4 and RFC 9051 §6.2.2: the client answers the server-final challenge with
        // an empty response. Like mox we do not insist that it is empty.
        this.state = { kind: 'finished' };
        return { kind: 'done', username: this.username, account: st.account };
      case 'failed':
        this.state = { kind: 'finished' };
        throw st.error;
      case 'finished':
        throw new SaslError('malformed', 'scram: exchange already finished');
    }
  }

  /** Returns the error for a client "*"; see {@link ServerMechanism.abort}. */
  abort(): SaslError {
    const st = this.state;
    this.state = { kind: 'finished' };
    if (st.kind === 'failed') return st.error;
    return new SaslError('aborted', 'authentication aborted by client');
  }

  private async clientFirst(data: Buffer): Promise<StepResult> {
    let first: ClientFirst;
    try {
      first = parseClientFirst(data);
    } catch (e) {
      throw protocolError(e);
    }
    const cbData = this.channelBinding(first);
    // mox demands the names are already in NFC rather than normalising them silently.
    if (normalizeName(first.username) !== first.username || normalizeName(first.authzid) !== first.authzid) {
      throw new SaslError('protocol', 'scram: name not in unicode nfc', 'invalid-username-encoding');
    }
    this.username = first.username;
    // RFC 5802 §5.1 a=: mox does not allow acting as another user.
    if (first.authzid !== '' && first.authzid !== first.username) {
      throw new SaslError('authzFailed', 'scram: authorization as a different user not supported');
    }
    // RFC 5802 §5.1: mox refuses client nonces shorter than 8 characters as unsafe.
    if (first.clientNonce.length < 8) throw new SaslError('protocol', 'scram: client nonce too short', 'other-error');

    const creds = await this.deps.lookup(first.username);
    let account: string | null = null;
    let salt: Buffer;
    let iterations: number;
    let storedKey: Buffer;
    let serverKey: Buffer;
    if (creds === null) {
      // Unknown user: continue with a believable salt and keys nobody can match, so the
      // exchange looks like a wrong password (RFC 5802 §9 mentions this enumeration risk).
      salt = this.fakeSalt(first.username);
      iterations = DEFAULT_SCRAM_ITERATIONS[this.hash];
      storedKey = randomBytes(hashSize(this.hash));
      serverKey = randomBytes(hashSize(this.hash));
    } else {
      const secret = this.hash === 'SHA-1' ? creds.secrets?.scramSHA1 : creds.secrets?.scramSHA256;
      if (!secret) throw new SaslError('noSecrets', `scram: no ${this.hash} secrets stored for account`);
      ({ salt, storedKey, serverKey } = scramSecretBytes(secret));
      iterations = secret.iterations;
      account = creds.account;
    }
    const serverNonce = this.deps.serverNonce?.() ?? randomBytes(18).toString('base64');
    const nonce = first.clientNonce + serverNonce;
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
    this.state = { kind: 'firstSent', first, serverFirst, nonce, cbData, account, storedKey, serverKey };
    return { kind: 'challenge', data: Buffer.from(serverFirst, 'utf8') };
  }

  // RFC 5802 §6: checks the gs2 channel binding flag and returns the binding data to expect.
  private channelBinding(first: ClientFirst): Buffer {
    const tls = this.deps.tls;
    switch (first.cbindFlag) {
      case 'n':
        if (this.plus) {
          throw new SaslError('protocol', 'scram: -PLUS mechanism without channel binding', 'channel-bindings-dont-match');
        }
        return Buffer.alloc(0);
      case 'y':
        // RFC 5802 §6: "y" means the client can bind but believes we cannot. If we can, a
        // man in the middle may have removed -PLUS from our mechanism list.
        // Deviation (RFC 5802 §6): mox refuses "y" on plaintext connections as well; we only
        // refuse it when this connection could have been bound (TLS).
        if (tls) {
          throw new SaslError('protocol', 'scram: client thinks we do not support channel binding, possible downgrade', 'server-does-support-channel-binding');
        }
        return Buffer.alloc(0);
      case 'p': {
        // mox accepts "p" with the bare mechanism name too: cyrus-sasl clients do this.
        const name = first.cbName ?? '';
        if (!KNOWN_BINDINGS.includes(name)) {
          throw new SaslError('protocol', `scram: unsupported channel binding type ${name}`, 'unsupported-channel-binding-type');
        }
        const data = tls?.channelBinding(name as ChannelBindingType);
        if (data === undefined) {
          throw new SaslError('protocol', `scram: channel binding ${name} not available on this connection`, 'channel-bindings-dont-match');
        }
        return data;
      }
    }
  }

  private fakeSalt(username: string): Buffer {
    const key = this.deps.unknownUserKey ?? randomBytes(32);
    return createHmac('sha256', key).update(`scram-salt\0${this.hash}\0${username}`).digest().subarray(0, 12);
  }

  private clientFinal(st: Extract<State, { kind: 'firstSent' }>, data: Buffer): StepResult {
    const failWith = (code: ScramErrorCode, error: SaslError): StepResult => {
      // RFC 5802 §7 server-error: tell the client why, then fail on its next response.
      this.state = { kind: 'failed', error };
      return { kind: 'challenge', data: Buffer.from(`e=${code}`, 'utf8') };
    };
    let fin;
    try {
      fin = parseClientFinal(data);
    } catch (e) {
      const err = protocolError(e);
      return failWith(err.scramError ?? 'invalid-encoding', err);
    }
    const expectCb = Buffer.concat([Buffer.from(st.first.gs2Header, 'utf8'), st.cbData]);
    if (!fin.channelBinding.equals(expectCb)) {
      return failWith(
        'channel-bindings-dont-match',
        new SaslError('channelBinding', 'scram: channel bindings do not match, possible man in the middle', 'channel-bindings-dont-match'),
      );
    }
    const badProof = new SaslError('badCredentials', 'scram: invalid proof', 'invalid-proof');
    if (fin.nonce !== st.nonce) return failWith('invalid-proof', badProof);

    // RFC 5802 §3: AuthMessage, ClientSignature, ClientKey = ClientProof XOR ClientSignature,
    // and the check H(ClientKey) == StoredKey.
    const authMessage = `${st.first.bare},${st.serverFirst},${fin.withoutProof}`;
    const clientSig = hmac(this.hash, st.storedKey, authMessage);
    const clientKey = Buffer.alloc(clientSig.length);
    for (let i = 0; i < clientKey.length; i++) clientKey[i] = clientSig[i]! ^ (fin.proof[i] ?? 0);
    const ok = constantTimeEqual(digest(this.hash, clientKey), st.storedKey) && fin.proof.length === clientSig.length;
    if (!ok || st.account === null) return failWith('invalid-proof', badProof);

    const serverSig = hmac(this.hash, st.serverKey, authMessage);
    this.state = { kind: 'finalSent', account: st.account };
    return { kind: 'challenge', data: Buffer.from(`v=${serverSig.toString('base64')}`, 'utf8') };
  }
}
