// A scripted IMAP client for protocol tests: send command lines, read responses (literals
// included) and match them against patterns. Failures show the whole transcript.
import assert from 'node:assert/strict';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TestContext } from 'node:test';

/** How long a read may wait before the test fails (a safety net against hangs, not a timing assertion). */
const READ_TIMEOUT_MS = 15_000;

/** A connection with a transcript. */
export class ImapScript {
  readonly transcript: string[] = [];
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(private sock: Socket | TLSSocket) {
    this.attach(sock);
  }

  private attach(sock: Socket | TLSSocket): void {
    this.sock = sock;
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    sock.on('error', () => undefined);
  }

  /** Connects to 127.0.0.1:port, plain or with TLS (certificate not verified); closed when the test ends. */
  static async connect(t: TestContext, port: number, opts: { tls?: boolean } = {}): Promise<ImapScript> {
    const sock = await new Promise<Socket | TLSSocket>((resolve, reject) => {
      const s = opts.tls
        ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => resolve(s))
        : netConnect({ host: '127.0.0.1', port }, () => resolve(s));
      s.once('error', reject);
    });
    const c = new ImapScript(sock);
    t.after(() => c.sock.destroy());
    return c;
  }

  /** Upgrades the connection to TLS (after the server's STARTTLS OK). */
  async starttls(): Promise<void> {
    const plain = this.sock;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const rest = this.buf;
    assert.equal(rest.length, 0, 'no data may follow the STARTTLS response');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: plain, rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
    this.transcript.push('-- tls --');
    this.attach(secure);
  }

  /** The current socket (TLS after {@link starttls}). */
  get socket(): Socket | TLSSocket {
    return this.sock;
  }

  /** Whether the server closed the connection. */
  get isClosed(): boolean {
    return this.closed && this.buf.length === 0;
  }

  /** Sends raw bytes. */
  write(data: string | Buffer): void {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const shown = b.length > 300 ? `${b.toString('latin1', 0, 300)}...` : b.toString('latin1');
    this.transcript.push(`C: ${shown.replace(/\r\n$/, '')}`);
    this.sock.write(b);
  }

  /** Sends one line (CRLF added). */
  send(line: string): this {
    this.write(`${line}\r\n`);
    return this;
  }

  private async waitData(): Promise<void> {
    if (this.closed) throw this.fail('connection closed by server');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.fail('timeout waiting for server data')), READ_TIMEOUT_MS);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
    });
  }

  private async rawLine(): Promise<Buffer> {
    for (;;) {
      const i = this.buf.indexOf('\r\n');
      if (i >= 0) {
        const l = this.buf.subarray(0, i);
        this.buf = this.buf.subarray(i + 2);
        return l;
      }
      await this.waitData();
    }
  }

  private async exact(n: number): Promise<Buffer> {
    while (this.buf.length < n) await this.waitData();
    const b = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return b;
  }

  /**
   * Reads one response with its literals: "{n}" at a line's end is followed by n bytes and
   * the rest of the response, all joined into one string (literal bytes as UTF-8).
   */
  async response(): Promise<string> {
    let out = '';
    for (;;) {
      const l = await this.rawLine();
      const text = l.toString('utf8');
      out += text;
      const m = /~?\{(\d+)\}$/.exec(text);
      if (!m) break;
      out += (await this.exact(Number(m[1]))).toString('utf8');
    }
    this.transcript.push(`S: ${out.length > 500 ? `${out.slice(0, 500)}...` : out}`);
    return out;
  }

  /** Reads responses until each pattern has matched one, in order; returns all read. */
  async expect(...patterns: RegExp[]): Promise<string[]> {
    const lines: string[] = [];
    for (const p of patterns) {
      for (;;) {
        const l = await this.response();
        lines.push(l);
        if (p.test(l)) break;
        if (/^[^*+ ]+ (OK|NO|BAD) /.test(l)) throw this.fail(`expected ${p} before tagged response`);
      }
    }
    return lines;
  }

  /**
   * Sends a tagged command ("a1 NOOP") and reads up to its tagged response. Each pattern
   * must match a response line, in order; the last line read is the tagged one.
   */
  async cmd(line: string, ...patterns: RegExp[]): Promise<string[]> {
    const tag = line.split(' ', 1)[0]!;
    this.send(line);
    return this.until(tag, ...patterns);
  }

  /** Reads up to the tagged response for `tag`, checking patterns as {@link cmd} does. */
  async until(tag: string, ...patterns: RegExp[]): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const l = await this.response();
      lines.push(l);
      if (l.startsWith(`${tag} `)) break;
    }
    let from = 0;
    for (const p of patterns) {
      const i = lines.findIndex((l, j) => j >= from && p.test(l));
      if (i < 0) throw this.fail(`no response matching ${p}`);
      from = i + 1;
    }
    return lines;
  }

  /** An assertion error carrying the transcript. */
  fail(msg: string): assert.AssertionError {
    return new assert.AssertionError({ message: `${msg}\ntranscript:\n${this.transcript.join('\n')}` });
  }

  /** Asserts with the transcript in the message. */
  check(cond: unknown, msg: string): void {
    if (!cond) throw this.fail(msg);
  }

  /** Ends the connection. */
  close(): void {
    this.sock.destroy();
  }
}
