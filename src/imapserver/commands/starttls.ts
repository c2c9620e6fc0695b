import { serverStartTls } from '../../io/index.js';
import { bad, type Done } from '../responses.js';
import type { Session } from '../session.js';

/**
 * STARTTLS: RFC 9051 §6.2.1. The tagged OK goes out in plaintext, then the handshake starts.
 * Bytes the client sent after the command line (pipelined handshake) go to the TLS layer.
 * The client must ask for CAPABILITY again afterwards (RFC 9051 §6.2.1).
 */
export async function starttls(s: Session, tag: string): Promise<Done | void> {
  if (s.tls) throw bad('tls already active');
  const ctx = s.config.tls;
  if (!ctx) throw bad('starttls not offered');
  s.status(tag, 'OK', 'begin TLS negotiation now');
  await s.flush();
  const secure = await serverStartTls(s.reader, s.socket, ctx, { requestClientCert: s.config.requestClientCert });
  s.socket = secure;
  s.log.debug('tls started', { version: secure.getProtocol() ?? '', cipher: secure.getCipher()?.name ?? '' });
  return { sent: true };
}
