import { TLSSocket } from 'node:tls';
import type { CommandArgs } from '../../imap/index.js';
import {
  createServerMechanism,
  decodeClientResponse,
  encodeChallenge,
  isSaslError,
  runServerMechanism,
  type ServerMechanism,
} from '../../sasl/index.js';
import { saslTlsBinding } from '../../tls/index.js';
import { authFailed, authGate, authSucceeded } from '../auth.js';
import { capabilities } from '../capabilities.js';
import { bad, ImapError, no, type Done } from '../responses.js';
import { maxSaslLine, type Session } from '../session.js';

/**
 * AUTHENTICATE: RFC 9051 §6.2.2 with SASL-IR (RFC 4959) and the mechanisms of src/sasl.
 * Challenges go out as "+ base64", responses come back as base64 lines; "*" cancels.
 */
export async function authenticate(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'AUTHENTICATE' }>): Promise<Done> {
  await authGate(s);
  let mech: ServerMechanism;
  try {
    mech = createServerMechanism(a.mechanism, {
      lookup: s.ports.saslLookup,
      hostname: s.config.hostname.ascii,
      clock: s.ports.clock,
      ...(s.socket instanceof TLSSocket ? { tls: saslTlsBinding(s.socket, () => s.clientKey()) } : {}),
      ...(s.ports.saslUnknownUserKey ? { unknownUserKey: s.ports.saslUnknownUserKey } : {}),
      ...(s.ports.passwordCache ? { passwordCache: s.ports.passwordCache } : {}),
    });
  } catch (e) {
    throw saslFailure(e, a.mechanism);
  }
  // RFC 9051 §6.2.2, §11.1: no cleartext passwords without TLS unless the listener allows it.
  if (mech.cleartextCredentials && s.config.requireTlsForAuth && !s.tls) throw no('tls required for login', 'PRIVACYREQUIRED');
  try {
    const done = await runServerMechanism(mech, a.initialResponse ?? null, async (challenge) => {
      s.send(s.writer().raw(`+ ${encodeChallenge(challenge)}`).crlf());
      await s.flush();
      const line = await s.readLine(maxSaslLine);
      s.traceIn(line, true);
      return decodeClientResponse(line, false);
    });
    await authSucceeded(s, done.account, done.username, mech.name);
  } catch (e) {
    const err = saslFailure(e, mech.name);
    if ((err.code === 'AUTHENTICATIONFAILED' || err.code === 'AUTHORIZATIONFAILED') && authFailed(s, mech.username, mech.name)) {
      throw new ImapError(err.status, err.text, { code: err.code, close: true });
    }
    throw err;
  }
  return { code: `CAPABILITY ${capabilities(s)}`, text: 'authenticate done' };
}

/** Maps a SASL failure to the IMAP response (the table in sasl/errors.ts); details go to the log only. */
function saslFailure(e: unknown, mechanism: string): ImapError {
  if (e instanceof ImapError) return e;
  if (!isSaslError(e)) throw e;
  switch (e.reason) {
    case 'aborted':
      return bad('authenticate aborted by client');
    case 'malformed':
      return bad('malformed authentication data', undefined, { cause: e });
    case 'protocol':
      return no('scram protocol error', undefined, { cause: e });
    case 'badCredentials':
      return no('bad credentials', 'AUTHENTICATIONFAILED');
    case 'authzFailed':
      return no('cannot assume other role', 'AUTHORIZATIONFAILED');
    case 'channelBinding':
      return no('channel bindings do not match, potential mitm', 'AUTHENTICATIONFAILED');
    case 'noSecrets':
      return no('scram not possible');
    case 'tlsRequired':
      return no(`${mechanism.toUpperCase()} requires tls`, 'PRIVACYREQUIRED');
    case 'unsupported':
      return no(`mechanism ${mechanism.toUpperCase()} not supported`);
  }
}
