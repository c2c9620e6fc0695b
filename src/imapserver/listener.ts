import type { Socket } from 'node:net';
import type { Bus, CidSource } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { serveConnection, SessionListener } from '../io/index.js';
import { runSession } from './dispatch.js';
import type { ImapPorts } from './ports.js';
import { Session } from './session.js';
import type { ImapListenerConfig } from './types.js';

/** Collaborators of a listener. */
export interface ImapListenerDeps {
  ports: ImapPorts;
  log: Logger;
  bus: Bus;
  cids: CidSource;
}

/**
 * An IMAP or IMAPS listener on one address. Each connection gets a {@link Session}; an
 * error in one session never affects the listener or other sessions.
 */
export class ImapListener extends SessionListener {
  private readonly log: Logger;

  constructor(
    readonly config: ImapListenerConfig,
    private readonly deps: ImapListenerDeps,
  ) {
    super({ host: config.host, port: config.port, tls: config.tls, implicitTls: config.implicitTls, requestClientCert: config.requestClientCert });
    this.log = deps.log.forPkg('imapserver');
  }

  protected listenerError(err: Error): void {
    this.log.error('listener error', { err });
  }

  protected accept(sock: Socket, raw: Socket): void {
    // Clients often IDLE for long; keepalive finds dead peers (mox: 5 minutes).
    raw.setKeepAlive(true, 5 * 60_000);
    const cid = this.deps.cids.next();
    const s = new Session({ config: this.config, ports: this.deps.ports, log: this.log, bus: this.deps.bus, shutdown: this.server.shutdown }, sock, cid);
    raw.setTimeout(this.config.idleTimeoutMs, () => {
      // RFC 9051 §5.4: an autologout timer of at least 30 minutes.
      s.log.debug('connection idle timeout');
      void s.closeWith('* BYE autologout, idle for too long');
      setTimeout(() => raw.destroy(), 1000).unref();
    });
    void this.serve(s, raw);
  }

  private async serve(s: Session, raw: Socket): Promise<void> {
    const remote = `${raw.remoteAddress}:${raw.remotePort}`;
    const local = `${raw.localAddress}:${raw.localPort}`;
    s.log.info('new connection', { remote, local, tls: this.config.implicitTls, listener: this.config.listener });
    this.deps.bus.emit('imap.connected', {
      cid: s.cid,
      listener: this.config.listener,
      service: this.config.service,
      remote,
      local,
      tls: this.config.implicitTls,
    });
    let reason = 'closed';
    try {
      reason = await serveConnection(s, () => runSession(s), () => s.end());
    } finally {
      s.release();
      s.log.info('connection closed', { reason });
      this.deps.bus.emit('imap.disconnected', {
        cid: s.cid,
        reason,
        bytesIn: s.reader.bytesIn,
        bytesOut: s.bytesOut,
        ms: this.deps.ports.clock.now() - s.started,
      });
    }
  }

  /**
   * Stops accepting, tells every client "* BYE" (RFC 9051 §7.1.5) as soon as it is between
   * commands, and closes every connection within `graceMs`.
   */
  override close(graceMs = 2000): Promise<void> {
    return super.close(graceMs);
  }
}
