import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { tlsHandshake } from './tls-upgrade.js';
import { ReaderClosedError } from './reader.js';
import { ConnectionServer, type ConnectionServerOptions } from './server.js';

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

/** Where a {@link SessionListener} listens: {@link ConnectionServerOptions} minus the error hook. */
export type SessionListenerOptions = Omit<ConnectionServerOptions, 'onError'>;

/**
 * A listener of one line protocol on one address: binds, hands each connection to
 * {@link SessionListener.accept} and closes with a grace period. Subclasses create their
 * session per connection; an error in one session never affects the listener.
 */
export abstract class SessionListener {
  protected readonly server: ConnectionServer;

  constructor(opts: SessionListenerOptions) {
    this.server = new ConnectionServer({ ...opts, onError: (err) => this.listenerError(err) }, (sock, raw) => this.accept(sock, raw));
  }

  /** Binds the port; rejects (with the OS error, e.g. EADDRINUSE) when it cannot. */
  listen(): Promise<void> {
    return this.server.listen();
  }

  /** The bound port (useful after listening on port 0). */
  get port(): number {
    return this.server.port;
  }

  /** Number of open connections. */
  get connections(): number {
    return this.server.connections;
  }

  /** Stops accepting, signals shutdown to the sessions, and closes every connection within `graceMs`. */
  close(graceMs = 2000): Promise<void> {
    return this.server.close(graceMs);
  }

  /** Starts a session on a new connection (`sock` is TLS-wrapped for implicit TLS). */
  protected abstract accept(sock: Socket, raw: Socket): void;

  /** Errors of the listening socket after it is bound. */
  protected abstract listenerError(err: Error): void;
}
