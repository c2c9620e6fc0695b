import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { SocketReader, dotStuff } from '../io/index.js';
import type { Logger } from '../log/index.js';
import { replyError, SmtpClientError, type Reply } from './reply.js';

/** How to reach and talk to the server. */
export interface ClientOptions {
  host: string;
  port: number;
  /** Our name for EHLO. */
  ehloName: string;
  /** "opportunistic": STARTTLS when offered; "required": fail without it; "none". */
  startTls: 'opportunistic' | 'required' | 'none';
  /** Verify the server certificate (false for localserve's self-signed loopback). */
  verifyCert: boolean;
  /** TLS server name (SNI and verification). */
  serverName?: string;
  /** Per-step timeout. */
  timeoutMs: number;
  /** Authenticate with AUTH PLAIN after EHLO (and STARTTLS), RFC 4954 and RFC 4616. */
  auth?: { username: string; password: string };
  log: Logger;
  /** Called with each protocol line (for transcripts). */
  onLine?: (dir: 'c' | 's', text: string) => void;
}

/** A message transaction. */
export interface DeliverInput {
  mailFrom: string;
  rcpts: string[];
  /** Message bytes in order (e.g. prefix then the stored file). */
  data: Buffer[];
  has8bit: boolean;
  smtputf8: boolean;
  requireTls: boolean;
}

/** The outcome for one recipient. */
export interface RcptResult {
  rcpt: string;
  /** Set when this recipient failed (at RCPT or DATA). */
  error?: SmtpClientError;
  /** The RCPT reply (mox stores it for successful recipients). */
  reply?: Reply;
}

/** The outcome of a transaction. */
export interface DeliverResult {
  rcpts: RcptResult[];
  dataReply?: Reply;
}

const maxReplyLine = 2048;

/** An SMTP client connection. Use {@link SmtpClient.connect}, then deliver, then close. */
export class SmtpClient {
  private reader: SocketReader;
  private ext = new Map<string, string>();

  private constructor(
    private socket: Socket,
    private readonly opts: ClientOptions,
  ) {
    this.reader = new SocketReader(socket);
    socket.setTimeout(opts.timeoutMs, () => socket.destroy(new Error('timeout')));
  }

  /** Connects, reads the greeting, says EHLO, and does STARTTLS as configured. */
  static async connect(opts: ClientOptions): Promise<SmtpClient> {
    const sock = await dial(opts);
    const c = new SmtpClient(sock, opts);
    try {
      const greet = await c.readReply('greeting');
      if (greet.code !== 220) throw replyError('greeting', greet);
      await c.ehlo();
      if (opts.startTls !== 'none' && c.ext.has('STARTTLS')) await c.starttls();
      else if (opts.startTls === 'required') throw new SmtpClientError('server does not offer STARTTLS', 0, '', false, 'starttls');
      if (opts.auth) await c.authPlain(opts.auth.username, opts.auth.password);
    } catch (e) {
      sock.destroy();
      throw e;
    }
    return c;
  }

  /** Local port of the connection (lets the receiving side on loopback recognise us). */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Whether the server announced an extension (upper case keyword). */
  has(ext: string): boolean {
    return this.ext.has(ext);
  }

  private async ehlo(): Promise<void> {
    const r = await this.command('ehlo', `EHLO ${this.opts.ehloName}`);
    if (r.code !== 250) throw replyError('ehlo', r);
    this.ext.clear();
    for (const l of r.lines.slice(1)) {
      const [k, ...v] = l.split(' ');
      this.ext.set(k!.toUpperCase(), v.join(' '));
    }
  }

  private async authPlain(username: string, password: string): Promise<void> {
    const resp = Buffer.from(`\0${username}\0${password}`).toString('base64');
    this.opts.onLine?.('c', 'AUTH PLAIN ***');
    this.socket.write(`AUTH PLAIN ${resp}\r\n`);
    const r = await this.readReply('auth');
    if (r.code !== 235) throw replyError('auth', r);
  }

  private async starttls(): Promise<void> {
    const r = await this.command('starttls', 'STARTTLS');
    if (r.code !== 220) throw replyError('starttls', r);
    this.reader.detach();
    const plain = this.socket;
    const secure: TLSSocket = await new Promise((resolve, reject) => {
      const s = tlsConnect({ socket: plain, servername: this.opts.serverName, rejectUnauthorized: this.opts.verifyCert }, () => resolve(s));
      s.once('error', (e) => reject(new SmtpClientError(`tls handshake: ${e.message}`, 0, '', false, 'starttls', { cause: e })));
    });
    this.socket = secure;
    this.socket.setTimeout(this.opts.timeoutMs, () => secure.destroy(new Error('timeout')));
    this.reader.attach(secure);
    // RFC 3207 §4.2: EHLO again after TLS.
    await this.ehlo();
  }

  /**
   * Runs one mail transaction. MAIL and all RCPTs are pipelined when the server supports it
   * (RFC 2920 §3.1). A failing MAIL or DATA fails every recipient; a failing RCPT fails that
   * recipient only. Throws only for errors that affect all recipients.
   */
  async deliver(m: DeliverInput): Promise<DeliverResult> {
    const size = m.data.reduce((n, b) => n + b.length, 0);
    let mail = `MAIL FROM:<${m.mailFrom}>`;
    if (this.has('SIZE')) mail += ` SIZE=${size}`;
    if (m.has8bit && this.has('8BITMIME')) mail += ' BODY=8BITMIME';
    if (m.smtputf8) {
      if (!this.has('SMTPUTF8')) throw new SmtpClientError('server does not support SMTPUTF8', 554, '5.6.7', true, 'mail');
      mail += ' SMTPUTF8';
    }
    if (m.requireTls) {
      if (!this.has('REQUIRETLS')) throw new SmtpClientError('destination servers do not support requiretls', 554, '5.7.30', true, 'mail');
      mail += ' REQUIRETLS';
    }
    const pipelined = this.has('PIPELINING');
    const cmds = [mail, ...m.rcpts.map((r) => `RCPT TO:<${r}>`)];
    const replies: Reply[] = [];
    let dataReply: Reply | undefined;
    if (pipelined) {
      // RFC 2920 §3.1: DATA may end the pipelined group; the data itself waits for the 354.
      this.send([...cmds, 'DATA']);
      for (const c of cmds) replies.push(await this.readReply(c.startsWith('MAIL') ? 'mail' : 'rcpt'));
      dataReply = await this.readReply('data');
    } else {
      for (const c of cmds) {
        const r = await this.command(c.startsWith('MAIL') ? 'mail' : 'rcpt', c);
        replies.push(r);
        if (c.startsWith('MAIL') && r.code !== 250) break;
      }
    }
    const mailReply = replies[0]!;
    if (mailReply.code !== 250) {
      if (dataReply?.code === 354) await this.abortData();
      await this.command('rset', 'RSET').catch(() => undefined);
      throw replyError('mail', mailReply);
    }
    const results: RcptResult[] = m.rcpts.map((rcpt, i) => {
      const r = replies[i + 1]!;
      return r.code === 250 || r.code === 251 ? { rcpt, reply: r } : { rcpt, error: replyError('rcpt', r, pipelined) };
    });
    if (results.every((r) => r.error)) {
      if (dataReply?.code === 354) await this.abortData();
      await this.command('rset', 'RSET').catch(() => undefined);
      return { rcpts: results };
    }
    const d = dataReply ?? (await this.command('data', 'DATA'));
    if (d.code !== 354) throw replyError('data', d);
    const body = dotStuff(Buffer.concat(m.data));
    this.opts.onLine?.('c', `(${body.length} bytes of message data)`);
    this.socket.write(body);
    const end = await this.readReply('data');
    if (end.code !== 250) {
      const err = replyError('data', end);
      for (const r of results) if (!r.error) r.error = err;
    }
    return { rcpts: results, dataReply: end };
  }

  /**
   * After a pipelined DATA got 354 although no recipient was accepted (a server that does not
   * check, RFC 2920 §3.1), send an empty message and ignore the outcome.
   */
  private async abortData(): Promise<void> {
    this.socket.write('.\r\n');
    await this.readReply('data').catch(() => undefined);
  }

  /** Whether the connection can carry another transaction. */
  get usable(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** Sends QUIT and closes. Never throws. */
  async close(): Promise<void> {
    try {
      if (!this.socket.destroyed) await this.command('quit', 'QUIT');
    } catch {
      // Closing anyway.
    }
    this.socket.destroy();
  }

  private send(lines: string[]): void {
    for (const l of lines) this.opts.onLine?.('c', l);
    if (this.opts.log.enabled('trace')) this.opts.log.trace(`LC: ${lines.join('\r\n')}\r\n`);
    this.socket.write(lines.join('\r\n') + '\r\n');
  }

  private async command(stage: string, line: string): Promise<Reply> {
    this.send([line]);
    return this.readReply(stage);
  }

  private async readReply(stage: string): Promise<Reply> {
    const lines: string[] = [];
    let code = 0;
    let enhanced = '';
    try {
      for (;;) {
        const raw = (await this.reader.readLine(maxReplyLine)).toString('utf8');
        this.opts.onLine?.('s', raw);
        if (this.opts.log.enabled('trace')) this.opts.log.trace(`RR: ${raw}\r\n`);
        const m = /^(\d{3})([ -])?(.*)$/.exec(raw);
        if (!m) throw new SmtpClientError(`malformed reply ${JSON.stringify(raw)}`, 0, '', false, stage);
        code = Number(m[1]);
        let text = m[3] ?? '';
        const e = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)(.*)$/.exec(text);
        if (e) {
          enhanced = e[1]!;
          text = e[2]!;
        }
        lines.push(text);
        if (m[2] !== '-') break;
      }
    } catch (e) {
      if (e instanceof SmtpClientError) throw e;
      throw new SmtpClientError(`${stage}: ${(e as Error).message}`, 0, '', false, stage, { cause: e });
    }
    return { code, enhanced, lines };
  }
}

function dial(opts: ClientOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: opts.host, port: opts.port, noDelay: true });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new SmtpClientError(`dial ${opts.host}:${opts.port}: timeout`, 0, '', false, 'dial'));
    }, opts.timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(new SmtpClientError(`dial ${opts.host}:${opts.port}: ${e.message}`, 0, '', false, 'dial', { cause: e }));
    });
  });
}
