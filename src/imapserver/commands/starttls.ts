import { TLSSocket } from 'node:tls';
import { ReaderClosedError } from '../../io/index.js';
import { bad, type Done } from '../responses.js';
import type { Session } from '../session.js';

/** Time allowed for the TLS handshake. */
const handshakeTimeoutMs = 30_000;

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
  const pending = s.reader.detach();
  const plain = s.socket;
  if (pending.length) plain.unshift(pending);
  const secure = new TLSSocket(plain, { isServer: true, secureContext: ctx });
  try {
    await handshake(secure);
  } catch (e) {
    secure.destroy();
    throw new ReaderClosedError('tls handshake failed', { cause: e });
  }
  s.socket = secure;
  s.reader.attach(secure);
  s.log.debug('tls started', { version: secure.getProtocol() ?? '', cipher: secure.getCipher()?.name ?? '' });
  return { sent: true };
}

function handshake(sock: TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('tls handshake timeout')), handshakeTimeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      sock.off('secure', ok);
      reject(e);
    };
    const ok = () => {
      clearTimeout(timer);
      sock.off('error', fail);
      resolve();
    };
    sock.once('secure', ok);
    sock.once('error', fail);
    sock.once('close', () => fail(new Error('connection closed during tls handshake')));
  });
}
