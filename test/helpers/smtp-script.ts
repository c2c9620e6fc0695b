import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TestContext } from 'node:test';
import { SocketReader } from '../../src/io/index.js';

/**
 * A scripted SMTP client for protocol tests: send lines, expect reply lines by regex. The
 * transcript is kept and shown when an expectation fails.
 */
export class SmtpScript {
  readonly transcript: string[] = [];
  private reader: SocketReader;

  private constructor(public socket: Socket) {
    this.reader = new SocketReader(socket);
  }

  /** Sends STARTTLS, expects 220, and continues over TLS (certificate not verified). */
  async starttls(clientCert?: { cert: Buffer | string; key: Buffer | string }): Promise<void> {
    this.send('STARTTLS');
    await this.expect(/^220 /);
    this.reader.detach();
    const plain = this.socket;
    const secure: TLSSocket = await new Promise((resolve, reject) => {
      const s = tlsConnect({ socket: plain, rejectUnauthorized: false, servername: 'localhost', ...clientCert }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.reader = new SocketReader(secure);
    this.transcript.push('-- TLS --');
  }

  static async open(t: TestContext, port: number, host = '127.0.0.1'): Promise<SmtpScript> {
    const sock = connect({ host, port });
    await new Promise<void>((res, rej) => {
      sock.once('connect', () => res());
      sock.once('error', rej);
    });
    const s = new SmtpScript(sock);
    t.after(() => sock.destroy());
    return s;
  }

  /** Sends raw bytes (no CRLF added). */
  write(data: string | Buffer): this {
    this.transcript.push(`C: ${JSON.stringify(data.toString())}`);
    this.socket.write(data);
    return this;
  }

  /** Sends one line with CRLF. */
  send(line: string | Buffer): this {
    return this.write(Buffer.concat([Buffer.from(line), Buffer.from('\r\n')]));
  }

  /** Reads one complete reply (multi-line replies joined by \n). */
  async reply(timeoutMs = 5000): Promise<string> {
    const lines: string[] = [];
    const timer = setTimeout(() => this.reader.close(new Error(`timeout waiting for reply\n${this.transcript.join('\n')}`)), timeoutMs);
    try {
      for (;;) {
        const l = (await this.reader.readLine(10_000)).toString('utf8');
        this.transcript.push(`S: ${l}`);
        lines.push(l);
        if (!/^\d{3}-/.test(l)) break;
      }
    } finally {
      clearTimeout(timer);
    }
    return lines.join('\n');
  }

  /** Reads a reply and checks it against `re`. */
  async expect(re: RegExp): Promise<string> {
    const r = await this.reply();
    if (!re.test(r)) throw new Error(`reply ${JSON.stringify(r)} does not match ${re}\ntranscript:\n${this.transcript.join('\n')}`);
    return r;
  }

  /** Resolves when the server closed the connection. */
  closed(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed || this.socket.readableEnded) return resolve();
      const timer = setTimeout(() => reject(new Error(`connection not closed\n${this.transcript.join('\n')}`)), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
