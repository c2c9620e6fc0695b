// What LOGIN and AUTHENTICATE share: the rate limit, the per-connection slowdown, failure
// accounting and entering the authenticated state.
import { no } from './responses.js';
import type { Session } from './session.js';

/**
 * Refuses authentication while the IP is rate limited; after 3 failures on this connection,
 * waits a second longer for each further attempt (mox's authFailDelay).
 */
export async function authGate(s: Session): Promise<void> {
  if (!s.ports.authAllowed(s.remoteIp)) {
    throw no('too many authentication failures, try again later', 'UNAVAILABLE', { close: true });
  }
  if (s.authFailures > 3) await s.pause((s.authFailures - 3) * 1000);
}

/**
 * Records a failed attempt (rate limiter, log, event). Returns true when the IP is now over
 * the limit: the connection is then closed after the NO.
 */
export function authFailed(s: Session, username: string, mechanism: string): boolean {
  s.authFailures++;
  const over = s.ports.authFailed(s.remoteIp);
  s.log.info('authentication failed', { mechanism, username, remote: s.remoteIp });
  s.ctx.bus.emit('imap.authFailed', { cid: s.cid, username, mechanism, remote: s.remoteIp });
  return over;
}

/** Opens the account and enters the authenticated state (RFC 9051 §3.2). */
export async function authSucceeded(s: Session, account: string, username: string, mechanism: string): Promise<void> {
  let acc;
  try {
    acc = await s.ports.account(account);
  } catch (err) {
    throw no('cannot open account', 'UNAVAILABLE', { cause: err, level: 'error' });
  }
  s.ports.authSucceeded(s.remoteIp);
  s.authFailures = 0;
  s.authenticate(acc, username);
  s.log.info('authenticated', { username, account, mechanism });
  s.ctx.bus.emit('imap.authenticated', { cid: s.cid, username, account, mechanism });
}
