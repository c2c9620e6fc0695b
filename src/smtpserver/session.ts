import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Bus } from '../events/index.js';
import { peerKeyFingerprint } from '../tls/index.js';
import type { Logger } from '../log/index.js';
import { SocketReader, normalizeIp, writeDrained } from '../io/index.js';
import { C503BadCmdSeq, SeProto5BadCmdOrSeq1, formatReply, ReplyError } from '../smtp/index.js';
import type { SmtpPorts } from './ports.js';
import type { AuthInfo, Phase, Transaction } from './state.js';
import type { SmtpListenerConfig } from './types.js';

/** What all sessions of a listener share. */
export interface SessionContext {
  config: SmtpListenerConfig;
  ports: SmtpPorts;
  log: Logger;
  bus: Bus;
  /** Aborted when the server shuts down. */
  shutdown: AbortSignal;
}

/** Line length limit for commands: RFC 5321 §4.5.3.1.4 says 512; mox reads up to 2048. */
export const maxCommandLine = 2048;

/**
 * One SMTP connection: its socket (plain or TLS), buffered reader and writer, protocol phase,
 * authentication, and transcript events. Replies are buffered and flushed when no further
 * pipelined command is waiting (RFC 2920 §3.1), so a pipelined transaction gets one write.
 */
export class Session {
  socket: Socket;
  readonly reader: SocketReader;
  phase: Phase = { kind: 'connected' };
  auth: AuthInfo | undefined;
  /** Failed AUTH attempts on this connection (mox slows down after 3). */
  authFailures = 0;
  /** Name of the command being handled, for logs. */
  cmd = '';
  /** Number of commands handled; the first unknown command closes the connection (mox). */
  commands = 0;
  /** Set when the session must end after the current reply is flushed. */
  closing = false;
  bytesOut = 0;
  readonly started: number;
  readonly log: Logger;
  private out: string[] = [];

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

  get config(): SmtpListenerConfig {
    return this.ctx.config;
  }
  get ports(): SmtpPorts {
    return this.ctx.ports;
  }
  /** Fingerprint of the client's TLS certificate public key, if it presented one. */
  clientKey(): string | undefined {
    return this.socket instanceof TLSSocket ? peerKeyFingerprint(this.socket) : undefined;
  }

  /** Whether the connection is TLS-protected. */
  get tls(): boolean {
    return this.socket instanceof TLSSocket;
  }
  get remoteIp(): string {
    return normalizeIp(this.socket.remoteAddress);
  }
  get localIp(): string {
    return normalizeIp(this.socket.localAddress);
  }
  /** Whether this is a submission session (AUTH, FUTURERELEASE, queueing). */
  get submission(): boolean {
    return this.config.service !== 'smtp';
  }

  /** The current transaction, if MAIL was given. */
  get tx(): Transaction | undefined {
    return this.phase.kind === 'mail' ? this.phase.tx : undefined;
  }

  /** Queues a reply (not yet written; see {@link flush}). */
  reply(code: number, secode: string, text: string): void {
    for (const l of formatReply(code, secode, text)) this.out.push(l);
  }

  /** Queues raw reply lines (EHLO's multi-line answer). */
  replyLines(lines: string[]): void {
    for (const l of lines) this.out.push(l);
  }

  /** Queues an error reply with mox's " (<received-id>)" suffix. */
  replyError(e: ReplyError): void {
    const text = e.opts.noId ? e.text : `${e.text} (${this.ports.receivedId(this.cid)})`;
    this.reply(e.code, e.secode, text);
  }

  /** Writes queued replies in one write. */
  async flush(): Promise<void> {
    if (this.out.length === 0) return;
    const lines = this.out;
    this.out = [];
    const data = lines.join('\r\n') + '\r\n';
    this.bytesOut += Buffer.byteLength(data);
    if (this.log.enabled('trace')) this.log.trace(`LS: ${data}`, { size: data.length });
    if (this.ctx.bus.has('smtp.line')) for (const text of lines) this.ctx.bus.emit('smtp.line', { cid: this.cid, dir: 's', text });
    await writeDrained(this.socket, data);
  }

  /** Records a received command line in the trace and transcript (AUTH data masked). */
  traceIn(line: string, secret = false): void {
    const shown = secret && !this.log.enabled('traceauth') ? '***' : line;
    if (this.log.enabled('trace')) this.log.trace(`RC: ${shown}\r\n`, { size: line.length + 2 });
    if (this.ctx.bus.has('smtp.line')) this.ctx.bus.emit('smtp.line', { cid: this.cid, dir: 'c', text: secret ? '***' : line });
  }

  /** Forgets the greeting and transaction, as after STARTTLS (RFC 3207 §4.2). */
  restart(): void {
    this.phase = { kind: 'connected' };
  }

  /** Ends the transaction (RSET, new EHLO, after DATA); authentication stays. */
  resetTransaction(): void {
    if (this.phase.kind === 'mail') this.phase = { kind: 'hello', hello: this.phase.hello };
  }

  /**
   * Waits `ms` or until shutdown. Resolves true when the time passed, false on shutdown.
   * Used for the simulated "timeout" failures and the auth-failure slowdown.
   */
  async pause(ms: number): Promise<boolean> {
    try {
      await this.ports.clock.sleep(ms, this.ctx.shutdown);
      return true;
    } catch {
      return false;
    }
  }
}

/** Throws the standard "bad sequence" reply unless the session has greeted. */
export function needHello(s: Session): asserts s is Session & { phase: Exclude<Phase, { kind: 'connected' }> } {
  if (s.phase.kind === 'connected') throw new ReplyError(C503BadCmdSeq, SeProto5BadCmdOrSeq1, 'no ehlo/helo yet');
}
