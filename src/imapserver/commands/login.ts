import type { CommandArgs } from '../../imap/index.js';
import { verifyPassword } from '../../sasl/index.js';
import { authFailed, authGate, authSucceeded } from '../auth.js';
import { capabilities } from '../capabilities.js';
import { no, type Done } from '../responses.js';
import type { Session } from '../session.js';

/**
 * LOGIN: RFC 9051 §6.2.3. Refused without TLS when the listener requires it (announced as
 * LOGINDISABLED); the password is checked like SASL PLAIN. Success returns the capabilities
 * in the tagged OK, as mox does.
 */
export async function login(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'LOGIN' }>): Promise<Done> {
  if (s.config.requireTlsForAuth && !s.tls) throw no('tls required for login', 'PRIVACYREQUIRED');
  await authGate(s);
  const username = a.username.normalize('NFC');
  const creds = await s.ports.saslLookup(username);
  // verifyPassword does the bcrypt work for unknown users too, so timing does not tell.
  const ok = await verifyPassword(creds?.secrets ?? null, a.password, s.ports.passwordCache);
  if (!ok || creds === null) {
    const over = authFailed(s, username, 'LOGIN');
    throw no('login failed', 'AUTHENTICATIONFAILED', { close: over });
  }
  await authSucceeded(s, creds.account, username, 'LOGIN');
  return { code: `CAPABILITY ${capabilities(s)}`, text: 'login done' };
}
