import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Bus, CidSource } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { ReaderClosedError } from '../io/index.js';
import { runSession } from './dispatch.js';
import type { SmtpPorts } from './ports.js';
import { Session } from './session.js';
import type { SmtpListenerConfig } from './types.js';

/** Collaborators of a listener. */
export interface SmtpListenerDeps {
  ports: SmtpPorts;
  log: Logger;
  bus: Bus;
  cids: CidSource;
}

/**
 * An SMTP, submission or submissions listener on one address. Each connection gets a
 * {@link Session}; an error in one session never affects the listener or other sessions.
 */
export class SmtpListener {
  private server: Server | undefined;
  private readonly sessions = new Set<Session>();
  private readonly sockets = new Set<Socket>();
  private readonly shutdown = new AbortController();
  private readonly log: Logger;

  constructor(
    readonly config: SmtpListenerConfig,
    private readonly deps: SmtpListenerDeps,
  ) {
    this.log = deps.log.forPkg('smtpserver');
  }

  /** Binds the port; rejects (with the OS error, e.g. EADDRINUSE) when it cannot. */
  listen(): Promise<void> {
    const server = createServer({ noDelay: true }, (sock) => this.accept(sock));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.config.host, port: this.config.port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.log.error('listener error', { err }));
        resolve();
      });
    });
  }

  /** The bound port (useful after listening on port 0). */
  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.config.port;
  }

  /** Number of open connections. */
  get connections(): number {
    return this.sockets.size;
  }

  private accept(raw: Socket): void {
    this.sockets.add(raw);
    raw.on('close', () => this.sockets.delete(raw));
    raw.on('error', () => undefined);
    const cid = this.deps.cids.next();
    let sock: Socket = raw;
    if (this.config.implicitTls) {
      if (!this.config.tls) {
        raw.destroy();
        return;
      }
      sock = new TLSSocket(raw, { isServer: true, secureContext: this.config.tls });
      sock.on('error', () => undefined);
    }
    sock.setTimeout(this.config.idleTimeoutMs, () => {
      this.log.debug('connection idle timeout', { cid: cid.toString(16) });
      sock.destroy();
    });
    const s = new Session({ config: this.config, ports: this.deps.ports, log: this.log, bus: this.deps.bus, shutdown: this.shutdown.signal }, sock, cid);
    this.sessions.add(s);
    void this.serve(s, raw);
  }

  private async serve(s: Session, raw: Socket): Promise<void> {
    const remote = `${raw.remoteAddress}:${raw.remotePort}`;
    const local = `${raw.localAddress}:${raw.localPort}`;
    s.log.info('new connection', { remote, local, submission: s.submission, tls: this.config.implicitTls, listener: this.config.listener });
    this.deps.bus.emit('smtp.connected', {
      cid: s.cid,
      listener: this.config.listener,
      service: this.config.service,
      remote,
      local,
      tls: this.config.implicitTls,
    });
    let reason = 'closed';
    try {
      if (this.config.implicitTls) await secured(s.socket as TLSSocket);
      reason = await runSession(s);
      await s.flush();
      s.socket.end();
    } catch (e) {
      reason = e instanceof ReaderClosedError ? e.message : `error: ${(e as Error).message}`;
      if (!(e instanceof ReaderClosedError)) s.log.error('session failed', { err: e });
      s.socket.destroy();
    } finally {
      this.sessions.delete(s);
      s.log.info('connection closed', { reason });
      this.deps.bus.emit('smtp.disconnected', {
        cid: s.cid,
        reason,
        bytesIn: s.reader.bytesIn,
        bytesOut: s.bytesOut,
        ms: this.deps.ports.clock.now() - s.started,
      });
    }
  }

  /**
   * Stops accepting, tells idle clients "421 shutting down", and closes every connection
   * within `graceMs`.
   */
  async close(graceMs = 2000): Promise<void> {
    this.shutdown.abort();
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    const deadline = setTimeout(() => {
      for (const sock of this.sockets) sock.destroy();
    }, graceMs);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
  }
}

function secured(sock: TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    sock.once('secure', () => resolve());
    sock.once('error', (e) => reject(new ReaderClosedError(`tls handshake: ${e.message}`, { cause: e })));
    sock.once('close', () => reject(new ReaderClosedError('closed during tls handshake')));
  });
}
