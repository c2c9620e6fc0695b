import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Bus } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { SocketReader, normalizeIp, writeDrained } from '../io/index.js';
import { ResponseWriter, type CommandSource, type Condition } from '../imap/index.js';
import type { Account, Change } from '../store/index.js';
import { queueChanges, type NotifySettings } from './notify.js';
import type { Pending } from './pending.js';
import type { ImapPorts } from './ports.js';
import { peerKeyFingerprint } from '../tls/index.js';
import type { ImapState } from './state.js';
import type { ImapListenerConfig } from './types.js';

/** What all sessions of a listener share. */
export interface SessionContext {
  config: ImapListenerConfig;
  ports: ImapPorts;
  log: Logger;
  bus: Bus;
  /** Aborted when the server shuts down. */
  shutdown: AbortSignal;
}

/** A read was interrupted because the server is shutting down. */
export class ShutdownError extends Error {
  constructor() {
    super('shutting down');
    this.name = 'ShutdownError';
  }
}

/** Longest line of a SASL exchange or IDLE's DONE. */
export const maxSaslLine = 64 * 1024;
/**
 * Pending changes kept for a session that does not ask for them; beyond, they are dropped
 * with NOTIFICATIONOVERFLOW. Deviation (fewer overflows): mox allows 10,000.
 */
const maxPending = 100_000;
/** Output is written once this much is buffered, even in the middle of a command. */
const flushThreshold = 256 * 1024;

// A command line that carries credentials: LOGIN's password, AUTHENTICATE's initial response.
const secretCommand = /^([^ ]+ (?:login|authenticate)\b)/i;

/**
 * One IMAP connection: its socket (plain or TLS), buffered reader and output, state, enabled
 * extensions, the account's change feed, and transcript events.
 */
export class Session {
  socket: Socket;
  readonly reader: SocketReader;
  state: ImapState = { kind: 'notAuthenticated' };
  /** Capabilities enabled with ENABLE (RFC 5161), upper case. */
  readonly enabled = new Set<string>();
  /** Failed authentication attempts on this connection. */
  authFailures = 0;
  /** Commands recognised so far; an unknown first command closes the connection (mox). */
  commands = 0;
  /** Set when the session must end after the current reply is flushed. */
  closing = false;
  bytesOut = 0;
  readonly started: number;
  readonly log: Logger;
  /** Changes from other sessions and deliveries, not yet reported to the client. */
  pending: Pending[] = [];
  /** NOTIFY settings (RFC 5465); undefined until the first NOTIFY command. */
  notify: NotifySettings | undefined;
  /** More changes came than could be kept; reported as NOTIFICATIONOVERFLOW (RFC 5465 §5.8). */
  overflowed = false;
  /** Reporting of changes, one run at a time (commands, IDLE, NOTIFY between commands). */
  reporting: Promise<void> = Promise.resolve();
  /** Result of the last SEARCH RETURN (SAVE), as UIDs (RFC 5182). */
  searchResult: number[] | undefined;
  /** Set while IDLE waits: called when changes arrive. */
  wake: (() => void) | undefined;
  /** Set once COMPRESS (RFC 4978) is active: output goes through it instead of the socket. */
  output: { write(data: Buffer): Promise<void>; end(): Promise<void> } | undefined;
  /** Lines of the command being read, for masking credentials in traces. */
  private cmdLines = 0;
  private secretCmd = false;
  private unsubscribe: (() => void) | undefined;
  private out: Buffer[] = [];
  private outSize = 0;

  constructor(
    readonly ctx: SessionContext,
    socket: Socket,
    readonly cid: number,
  ) {
    this.socket = socket;
    this.reader = new SocketReader(socket);
    this.started = ctx.ports.clock.now();
    this.log = ctx.log.with({ cid: cid.toString(16) });
  }

  get config(): ImapListenerConfig {
    return this.ctx.config;
  }
  get ports(): ImapPorts {
    return this.ctx.ports;
  }
  /** The registered login of the client's TLS certificate, if it presented a known one. */
  clientKey(): { username: string; account: string; noPreauth: boolean } | null {
    if (!(this.socket instanceof TLSSocket)) return null;
    const fp = peerKeyFingerprint(this.socket);
    return fp ? (this.ports.tlsClientKey?.(fp) ?? null) : null;
  }

  /** Whether the client presented a TLS certificate (known or not). */
  hasClientCert(): boolean {
    return this.socket instanceof TLSSocket && !!peerKeyFingerprint(this.socket);
  }

  /** Whether the connection is TLS-protected. */
  get tls(): boolean {
    return this.socket instanceof TLSSocket;
  }
  get remoteIp(): string {
    return normalizeIp(this.socket.remoteAddress);
  }
  /** UTF-8 strings and mailbox names: IMAP4rev2 (RFC 9051 §5.1) or UTF8=ACCEPT (RFC 6855 §3). */
  get utf8(): boolean {
    return this.enabled.has('IMAP4REV2') || this.enabled.has('UTF8=ACCEPT');
  }
  /** IMAP4rev2 was enabled (responses change: ESEARCH, no RECENT). */
  get rev2(): boolean {
    return this.enabled.has('IMAP4REV2');
  }
  /** CONDSTORE is enabled (RFC 7162 §3.1): MODSEQ goes into untagged FETCH responses. */
  get condstore(): boolean {
    return this.enabled.has('CONDSTORE');
  }

  /** A response writer with this connection's string rules. */
  writer(): ResponseWriter {
    return new ResponseWriter({ utf8: this.utf8 });
  }

  /** Queues everything written to `w` for sending. */
  send(w: ResponseWriter): void {
    for (const b of w.take()) {
      this.out.push(b);
      this.outSize += b.length;
    }
  }

  /** Queues one line of text (CRLF added); the caller guarantees valid syntax. */
  line(text: string): void {
    this.send(this.writer().raw(text).crlf());
  }

  /** Queues a status response (`tag` null for untagged). */
  status(tag: string | null, cond: Condition, text: string, code?: string): void {
    this.send(this.writer().status(tag, cond, text, code));
  }

  /** Writes when a lot of output is buffered (large FETCH responses). */
  async maybeFlush(): Promise<void> {
    if (this.outSize >= flushThreshold) await this.flush();
  }

  /** Writes queued output. */
  async flush(): Promise<void> {
    if (this.out.length === 0) return;
    const parts = this.out;
    this.out = [];
    this.outSize = 0;
    const data = Buffer.concat(parts);
    this.bytesOut += data.length;
    this.traceOut(data);
    await (this.output ? this.output.write(data) : writeDrained(this.socket, data));
  }

  /** Writes queued output and ends the connection (ending a compressed stream properly). */
  async end(): Promise<void> {
    await this.flush();
    await this.output?.end();
    this.socket.end();
  }

  /** Sends a last line (compressed when COMPRESS is active) and ends the connection. */
  async closeWith(line: string): Promise<void> {
    if (this.socket.destroyed) return;
    this.line(line);
    await this.end().catch(() => undefined);
  }

  private traceOut(data: Buffer): void {
    const log = this.log.enabled('trace');
    const bus = this.ctx.bus.has('imap.line');
    if (!log && !bus) return;
    // Large literals (message data) are cut for the transcript.
    const text = data.length > 4096 ? `${data.toString('latin1', 0, 4096)}...` : data.toString('latin1');
    if (log) this.log.trace(`LS: ${text}`, { size: data.length });
    if (bus) {
      for (const l of text.split('\r\n')) if (l !== '') this.ctx.bus.emit('imap.line', { cid: this.cid, dir: 's', text: l });
    }
  }

  /** Records a received line in the trace and transcript, credentials masked. */
  traceIn(line: Buffer, secret: boolean): void {
    const log = this.log.enabled('trace');
    const bus = this.ctx.bus.has('imap.line');
    if (!log && !bus) return;
    const text = line.toString('latin1');
    let masked = text;
    if (secret) {
      const m = this.cmdLines === 1 ? secretCommand.exec(text) : null;
      masked = m ? `${m[1]} ***` : '***';
    }
    if (log) this.log.trace(`RC: ${secret && !this.log.enabled('traceauth') ? masked : text}`, { size: line.length + 2 });
    if (bus) this.ctx.bus.emit('imap.line', { cid: this.cid, dir: 'c', text: masked });
  }

  /** Reads a line, failing with {@link ShutdownError} when the server stops first. */
  async readLine(max: number): Promise<Buffer> {
    const quick = this.reader.tryReadLine(max);
    if (quick) return quick;
    const signal = this.ctx.shutdown;
    if (signal.aborted) throw new ShutdownError();
    const onAbort = () => this.reader.close(new ShutdownError());
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.reader.readLine(max);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Starts reading a new command (for trace masking). */
  beginCommand(): void {
    this.cmdLines = 0;
    this.secretCmd = false;
  }

  /** The command reader's view of this connection. */
  readonly source: CommandSource = {
    readLine: async (max) => {
      const line = await this.readLine(max);
      this.cmdLines++;
      if (this.cmdLines === 1) this.secretCmd = secretCommand.test(line.toString('latin1'));
      this.traceIn(line, this.secretCmd);
      return line;
    },
    readExact: (n) => this.reader.readExact(n),
    continuation: async (text) => {
      this.send(this.writer().continuation(text));
      await this.flush();
    },
  };

  /**
   * Enters the authenticated state and subscribes to the account's change feed. Changes to
   * the selected mailbox are queued until the session may report them (RFC 9051 §7.5.1);
   * the session's own flag changes and expunges are reported by the commands themselves.
   */
  authenticate(account: Account, username: string): void {
    this.state = { kind: 'authenticated', account, username };
    this.unsubscribe?.();
    this.unsubscribe = account.subscribe((changes, origin) => this.onChanges(changes, origin));
  }

  private onChanges(changes: Change[], origin: unknown): void {
    const st = this.state;
    if (st.kind !== 'selected' && st.kind !== 'authenticated') return;
    if (this.overflowed) return;
    const items = queueChanges(this, st, changes, origin);
    if (items.length === 0) return;
    if (this.pending.length + items.length > (this.config.maxPendingChanges ?? maxPending)) {
      // RFC 5465 §5.8, as mox also without NOTIFY: the queued changes are dropped and the
      // client is told at the next chance to report.
      this.pending = [];
      this.overflowed = true;
      this.log.info('too many pending changes, notification overflow');
    } else {
      for (const p of items) this.pending.push(p);
    }
    this.wake?.();
  }

  /** Leaves the account: unsubscribes from its changes. */
  release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.pending = [];
    this.wake = undefined;
  }

  /** Waits `ms` or until shutdown; resolves false on shutdown. */
  async pause(ms: number): Promise<boolean> {
    try {
      await this.ports.clock.sleep(ms, this.ctx.shutdown);
      return true;
    } catch {
      return false;
    }
  }
}
