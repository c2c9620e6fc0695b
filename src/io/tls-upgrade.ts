import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { ReaderClosedError, type SocketReader } from './reader.js';
import { tlsServerOptions } from './server.js';

/** Time allowed for a TLS handshake. */
const handshakeTimeoutMs = 30_000;

/** Resolves when a TLS socket finished its handshake; rejects on error, close or timeout. */
export function tlsHandshake(sock: TLSSocket, timeoutMs = handshakeTimeoutMs): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('tls handshake timeout')), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      sock.off('secure', ok);
      reject(new ReaderClosedError(`tls handshake: ${e.message}`, { cause: e }));
    };
    const ok = () => {
      clearTimeout(timer);
      sock.off('error', fail);
      resolve();
    };
    sock.once('secure', ok);
    sock.once('error', fail);
    sock.once('close', () => fail(new Error('connection closed')));
  });
}

/**
 * Server side of STARTTLS (SMTP RFC 3207, IMAP RFC 9051 §6.2.1): after the "go ahead" reply
 * is flushed, bytes the client already sent are its handshake (clients may pipeline it), so
 * they are handed to the TLS layer. Returns the TLS socket, with the reader reading from it.
 * On failure the connection is unusable: throws ReaderClosedError.
 */
export async function serverStartTls(reader: SocketReader, plain: Socket, ctx: SecureContext, opts: { requestClientCert?: boolean } = {}): Promise<TLSSocket> {
  const pending = reader.detach();
  if (pending.length) plain.unshift(pending);
  const secure = new TLSSocket(plain, tlsServerOptions(ctx, opts.requestClientCert));
  try {
    await tlsHandshake(secure);
  } catch (e) {
    secure.destroy();
    throw e;
  }
  reader.attach(secure);
  return secure;
}

/** Writes data, and waits for the socket to drain when its buffer is full. */
export async function writeDrained(socket: Socket, data: string | Buffer): Promise<void> {
  if (socket.destroyed) return;
  if (socket.write(data)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}

/** A peer's IP address as text, without the "::ffff:" prefix of IPv4-mapped addresses. */
export function normalizeIp(ip: string | undefined): string {
  const s = ip ?? '';
  return s.startsWith('::ffff:') && s.includes('.') ? s.slice(7) : s;
}
