import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { tlsHandshake } from './tls-upgrade.js';
import { ReaderClosedError } from './reader.js';

/** What {@link serveConnection} needs of a protocol session. */
export interface ServedSession {
  /** The connection, a TLSSocket for implicit TLS. */
  readonly socket: Socket;
  readonly log: { error(msg: string, attrs?: Record<string, unknown>): void };
}

/**
 * Runs one connection: the TLS handshake for implicit TLS, the session (`run` returns why it
 * ended), then `finish` (flush and close). A client that closed its side still gets what is
 * pending before ours closes; any other failure is logged and the socket destroyed. Never
 * throws: one connection's error must not reach the listener. Returns the reason.
 */
export async function serveConnection(s: ServedSession, run: () => Promise<string>, finish: () => Promise<void>): Promise<string> {
  try {
    if (s.socket instanceof TLSSocket) await tlsHandshake(s.socket);
    const reason = await run();
    await finish();
    return reason;
  } catch (e) {
    if (e instanceof ReaderClosedError) {
      s.socket.end();
      setTimeout(() => s.socket.destroy(), 5000).unref();
      return e.message;
    }
    s.log.error('session failed', { err: e });
    s.socket.destroy();
    return `error: ${(e as Error).message}`;
  }
}
