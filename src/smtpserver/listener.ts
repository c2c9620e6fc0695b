import type { Socket } from 'node:net';
import type { Bus, CidSource } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { serveConnection, SessionListener } from '../io/index.js';
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
export class SmtpListener extends SessionListener {
  private readonly log: Logger;

  constructor(
    readonly config: SmtpListenerConfig,
    private readonly deps: SmtpListenerDeps,
  ) {
    super({ host: config.host, port: config.port, tls: config.tls, implicitTls: config.implicitTls, requestClientCert: config.requestClientCert });
    this.log = deps.log.forPkg('smtpserver');
  }

  protected listenerError(err: Error): void {
    this.log.error('listener error', { err });
  }

  protected accept(sock: Socket, raw: Socket): void {
    const cid = this.deps.cids.next();
    const s = new Session({ config: this.config, ports: this.deps.ports, log: this.log, bus: this.deps.bus, shutdown: this.server.shutdown }, sock, cid);
    // RFC 5321 §4.5.3.2.7: the server times out idle clients; tell them (421, §3.8) and close.
    raw.setTimeout(this.config.idleTimeoutMs, () => {
      s.log.debug('connection idle timeout');
      if (!s.socket.destroyed) s.socket.end('421 4.4.2 timeout, closing connection\r\n');
      setTimeout(() => raw.destroy(), 1000).unref();
    });
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
      reason = await serveConnection(
        s,
        () => runSession(s),
        async () => {
          await s.flush();
          s.socket.end();
        },
      );
    } finally {
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
  override close(graceMs = 2000): Promise<void> {
    return super.close(graceMs);
  }
}
