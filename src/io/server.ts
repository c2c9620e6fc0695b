import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

/** Where a {@link ConnectionServer} listens and how connections start. */
export interface ConnectionServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** With `implicitTls`, every connection is wrapped in TLS from the first byte (RFC 8314). */
  tls?: SecureContext;
  implicitTls: boolean;
  /** Ask TLS clients for a certificate (not required, not verified: used for EXTERNAL login). */
  requestClientCert?: boolean;
  /** Errors of the listening socket after it is bound (connection errors are the handler's). */
  onError(err: Error): void;
}

/**
 * A TCP server for a line protocol (SMTP, IMAP): binds, hands each connection to a handler
 * (TLS-wrapped for implicit TLS), tracks open connections, and on close stops accepting,
 * signals shutdown to the sessions and destroys whatever is still open after a grace period.
 */
export class ConnectionServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly stop = new AbortController();

  constructor(
    private readonly opts: ConnectionServerOptions,
    private readonly handle: (sock: Socket, raw: Socket) => void,
  ) {}

  /** Aborted when {@link close} is called; sessions finish their command and say goodbye. */
  get shutdown(): AbortSignal {
    return this.stop.signal;
  }

  /** Binds the port; rejects with the OS error (e.g. EADDRINUSE) when it cannot. */
  listen(): Promise<void> {
    // Half-open: a client may send its commands and close its side right away (a pipelined
    // script with nc -N); the replies must still go out.
    const server = createServer({ noDelay: true, allowHalfOpen: true }, (raw) => this.accept(raw));
    this.server = server;
    return listenOn(server, this.opts.host, this.opts.port, this.opts.onError);
  }

  /** The bound port (useful after listening on port 0). */
  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.opts.port;
  }

  /** Number of open connections. */
  get connections(): number {
    return this.sockets.size;
  }

  private accept(raw: Socket): void {
    this.sockets.add(raw);
    raw.on('close', () => this.sockets.delete(raw));
    raw.on('error', () => undefined);
    if (!this.opts.implicitTls) return this.handle(raw, raw);
    if (!this.opts.tls) return void raw.destroy();
    const sock = new TLSSocket(raw, tlsServerOptions(this.opts.tls, this.opts.requestClientCert));
    sock.on('error', () => undefined);
    this.handle(sock, raw);
  }

  /** Stops accepting, signals shutdown, and destroys connections still open after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    this.stop.abort();
    await closeServer(this.server, this.sockets, graceMs);
  }
}

/** Options for a server-side TLS socket; a requested client certificate is optional and checked by the caller. */
export function tlsServerOptions(ctx: SecureContext, requestClientCert = false) {
  return { isServer: true, secureContext: ctx, requestCert: requestClientCert, rejectUnauthorized: false };
}

/** Starts listening; resolves once bound, rejects with the bind error. */
export function listenOn(server: Server, host: string, port: number, onError: (err: Error) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', onError);
      resolve();
    });
  });
}

/** Closes a server, destroying connections still open after `graceMs`. */
export async function closeServer(server: Server | undefined, sockets: Iterable<Socket>, graceMs: number): Promise<void> {
  if (!server) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const deadline = setTimeout(() => {
    for (const s of sockets) s.destroy();
  }, graceMs);
  deadline.unref();
  await closed;
  clearTimeout(deadline);
}
