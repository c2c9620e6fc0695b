// Server side of PLAIN (RFC 4616), LOGIN (draft-murchison-sasl-login-00) and EXTERNAL
// (RFC 4422 App. A).

import { SaslError } from './errors.js';
import { normalizeName } from './precis.js';
import { verifyPassword } from './secrets.js';
import type { MechanismName, ServerDeps, ServerMechanism, StepResult } from './types.js';

const EMPTY = Buffer.alloc(0);

async function checkPassword(deps: ServerDeps, username: string, password: string): Promise<StepResult> {
  const creds = await deps.lookup(username);
  // verifyPassword does the bcrypt work even for unknown users: no timing difference.
  const ok = await verifyPassword(creds?.secrets ?? null, password, deps.passwordCache);
  if (!ok || creds === null) throw new SaslError('badCredentials', 'bad user/pass');
  return { kind: 'done', username, account: creds.account };
}

abstract class Base implements ServerMechanism {
  abstract readonly name: MechanismName;
  abstract readonly cleartextCredentials: boolean;
  username = '';
  protected finished = false;

  abstract step(clientData: Buffer | null): Promise<StepResult>;

  abort(): SaslError {
    this.finished = true;
    return new SaslError('aborted', 'authentication aborted by client');
  }

  protected needActive(): void {
    if (this.finished) throw new SaslError('malformed', 'exchange already finished');
  }
}

/** PLAIN, RFC 4616 §2: one message "authzid NUL authcid NUL passwd". */
export class PlainServer extends Base {
  readonly name = 'PLAIN';
  readonly cleartextCredentials = true;

  /** Creates the mechanism for one exchange. */
  constructor(private readonly deps: ServerDeps) {
    super();
  }

  /** Advances the exchange; see {@link ServerMechanism.step}. */
  async step(clientData: Buffer | null): Promise<StepResult> {
    this.needActive();
    // RFC 4422 §5: without an initial response, send an empty challenge.
    if (clientData === null) return { kind: 'challenge', data: EMPTY };
    this.finished = true;
    const parts = splitNul(clientData);
    if (parts.length !== 3) throw new SaslError('malformed', `auth data should have 3 nul-separated tokens, got ${parts.length}`);
    const authz = normalizeName(parts[0]!.toString('utf8'));
    const username = normalizeName(parts[1]!.toString('utf8'));
    this.username = username;
    const password = parts[2]!.toString('utf8');
    // RFC 4616 §2: an authzid different from the authcid asks to act as someone else; mox
    // refuses that before looking at the password.
    if (authz !== '' && authz !== username) throw new SaslError('authzFailed', 'plain: cannot assume other role');
    return checkPassword(this.deps, username, password);
  }
}

/**
 * LOGIN (draft-murchison-sasl-login-00 §2): the server prompts "Username:" then "Password:";
 * the client may send the user name as initial response.
 */
export class LoginServer extends Base {
  readonly name = 'LOGIN';
  readonly cleartextCredentials = true;
  private stage: 'user' | 'password' = 'user';

  /** Creates the mechanism for one exchange. */
  constructor(private readonly deps: ServerDeps) {
    super();
  }

  /** Advances the exchange; see {@link ServerMechanism.step}. */
  async step(clientData: Buffer | null): Promise<StepResult> {
    this.needActive();
    if (this.stage === 'user') {
      // The draft says clients ignore the prompt texts; these are the ones most servers send.
      if (clientData === null) return { kind: 'challenge', data: Buffer.from('Username:') };
      this.username = normalizeName(clientData.toString('utf8'));
      this.stage = 'password';
      return { kind: 'challenge', data: Buffer.from('Password:') };
    }
    this.finished = true;
    return checkPassword(this.deps, this.username, (clientData ?? EMPTY).toString('utf8'));
  }
}

/**
 * EXTERNAL (RFC 4422 App. A): the identity comes from the verified TLS client certificate;
 * the client may name an authorization identity, which must belong to the same account.
 */
export class ExternalServer extends Base {
  readonly name = 'EXTERNAL';
  readonly cleartextCredentials = false;

  /** Creates the mechanism for one exchange. */
  constructor(private readonly deps: ServerDeps) {
    super();
  }

  /** Advances the exchange; see {@link ServerMechanism.step}. */
  async step(clientData: Buffer | null): Promise<StepResult> {
    this.needActive();
    if (clientData === null) return { kind: 'challenge', data: EMPTY };
    this.finished = true;
    const authz = normalizeName(clientData.toString('utf8'));
    this.username = authz;
    if (!this.deps.tls) throw new SaslError('tlsRequired', 'external: tls required for client certificate authentication');
    const id = this.deps.tls.clientIdentity?.() ?? null;
    if (id === null) throw new SaslError('badCredentials', 'external: missing client certificate');
    // RFC 4422 App. A.1: an empty authzid means the identity from the certificate.
    if (authz === '' || authz === id.username) {
      this.username = id.username;
      return { kind: 'done', username: id.username, account: id.account };
    }
    // As mox: another login address is fine when it belongs to the certificate's account.
    const creds = await this.deps.lookup(authz);
    if (creds === null || creds.account !== id.account) {
      throw new SaslError('authzFailed', 'external: authorization identity belongs to another account');
    }
    return { kind: 'done', username: authz, account: id.account };
  }
}

function splitNul(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const i = b.indexOf(0, start);
    if (i < 0) break;
    out.push(b.subarray(start, i));
    start = i + 1;
  }
  out.push(b.subarray(start));
  return out;
}
