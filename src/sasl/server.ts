// Creating server mechanisms, driving them, and the base64 framing SMTP AUTH (RFC 4954 §4)
// and IMAP AUTHENTICATE (RFC 9051 §6.2.2) share.

import { decodeBase64Strict } from './base64.js';
import { CramMd5Server } from './cram-md5.js';
import { SaslError } from './errors.js';
import { ScramServer } from './scram-server.js';
import { ExternalServer, LoginServer, PlainServer } from './server-password.js';
import type { Authenticated, MechanismName, ServerDeps, ServerMechanism } from './types.js';

/**
 * Every mechanism we implement, in mox's SMTP EHLO order (strongest first). mox announces the
 * -PLUS variants even without TLS, as a hint; EXTERNAL only with a client certificate.
 */
export const MECHANISMS: readonly MechanismName[] = [
  'SCRAM-SHA-256-PLUS',
  'SCRAM-SHA-256',
  'SCRAM-SHA-1-PLUS',
  'SCRAM-SHA-1',
  'CRAM-MD5',
  'PLAIN',
  'LOGIN',
  'EXTERNAL',
];

/** Maps a mechanism name from the wire (any case) to ours, or null when unknown. */
export function parseMechanism(name: string): MechanismName | null {
  const up = name.toUpperCase();
  return (MECHANISMS as readonly string[]).includes(up) ? (up as MechanismName) : null;
}

/**
 * Creates a server mechanism for one exchange. Throws SaslError `unsupported` for an unknown
 * name, and `tlsRequired` for a -PLUS mechanism on a plaintext connection (RFC 4954 §4:
 * mox answers 538 before reading any client data).
 */
export function createServerMechanism(name: string, deps: ServerDeps): ServerMechanism {
  const mech = parseMechanism(name);
  switch (mech) {
    case 'PLAIN':
      return new PlainServer(deps);
    case 'LOGIN':
      return new LoginServer(deps);
    case 'CRAM-MD5':
      return new CramMd5Server(deps);
    case 'EXTERNAL':
      return new ExternalServer(deps);
    case 'SCRAM-SHA-1':
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-1-PLUS':
    case 'SCRAM-SHA-256-PLUS': {
      const plus = mech.endsWith('-PLUS');
      if (plus && !deps.tls) throw new SaslError('tlsRequired', `${mech} requires a tls connection`);
      return new ScramServer(mech, mech.startsWith('SCRAM-SHA-256') ? 'SHA-256' : 'SHA-1', plus, deps);
    }
    case null:
      throw new SaslError('unsupported', `mechanism ${name} not supported`);
  }
}

/**
 * Decodes one client response line: "*" is an abort (returns null, RFC 4954 §4, RFC 9051
 * §6.2.2); an initial response of "=" is empty data (RFC 4954 §4, RFC 4959 §3). Throws
 * SaslError `malformed` for anything that is not strict base64.
 */
export function decodeClientResponse(line: Buffer | string, initial: boolean): Buffer | null {
  const s = typeof line === 'string' ? line : line.toString('latin1');
  if (s === '*') return null;
  if (initial && s === '=') return Buffer.alloc(0);
  const b = decodeBase64Strict(s);
  if (b === null) throw new SaslError('malformed', 'invalid base64 in authentication data');
  return b;
}

/** Encodes a server challenge for "334 …" (SMTP) or "+ …" (IMAP): base64, "" when empty. */
export function encodeChallenge(data: Buffer): string {
  return data.toString('base64');
}

/**
 * Runs a mechanism to completion. `exchange` sends a challenge and returns the decoded
 * client response, or null when the client aborted with "*". Resolves with the
 * authenticated identity; rejects with SaslError (or the lookup's own errors).
 */
export async function runServerMechanism(
  mech: ServerMechanism,
  initial: Buffer | null,
  exchange: (challenge: Buffer) => Promise<Buffer | null>,
): Promise<Authenticated> {
  let r = await mech.step(initial);
  while (r.kind === 'challenge') {
    const resp = await exchange(r.data);
    if (resp === null) throw mech.abort();
    r = await mech.step(resp);
  }
  return r;
}
