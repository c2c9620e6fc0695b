import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { CtlServer, type CtlHandlers, type CtlServerOptions } from '../../src/ctl/index.js';
import { LogRouter, MemorySink } from '../../src/log/index.js';
import { tempDir } from '../helpers/tmp.js';

/** Waits until `cond` holds, polling with setImmediate (no timers, no timed assertions). */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

/** A ctl server on a socket in a fresh temp dir, closed when the test ends. */
export async function startServer(
  t: TestContext,
  handlers: CtlHandlers,
  opts: Partial<CtlServerOptions> = {},
): Promise<{ server: CtlServer; path: string; dir: string; sink: MemorySink }> {
  const dir = tempDir(t, 'moxts-ctl-');
  const sink = new MemorySink();
  const logs = new LogRouter({ level: 'debug', now: () => 0, sinks: [sink] });
  const path = join(dir, 'ctl');
  const server = new CtlServer({ path, log: logs.logger('ctl'), handlers, graceMs: 2000, ...opts });
  await server.listen();
  t.after(() => server.close());
  return { server, path, dir, sink };
}

/**
 * A raw client on the socket that checks exact bytes, like an RFC transcript. The received
 * bytes so far are in the failure message when an expectation does not hold.
 */
export class RawConn {
  private buf = Buffer.alloc(0);
  private ended = false;
  private waiter: (() => void) | undefined;
  readonly log: string[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(t: TestContext, path: string): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => {
        s.off('error', reject);
        const c = new RawConn(s);
        t.after(() => s.destroy());
        resolve(c);
      });
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async need(n: number): Promise<void> {
    while (this.buf.length < n) {
      if (this.ended) throw new Error(`connection closed; wanted ${n} bytes, have ${JSON.stringify(this.buf.toString())}; log: ${this.log.join(' | ')}`);
      await new Promise<void>((r) => (this.waiter = r));
    }
  }

  /** Sends bytes as they are. */
  send(data: string | Buffer): this {
    this.log.push(`C: ${JSON.stringify(data.toString())}`);
    this.socket.write(data);
    return this;
  }

  /** Reads one line (up to and excluding "\n"). */
  async line(): Promise<string> {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl >= 0) {
        const l = this.buf.subarray(0, nl).toString('utf8');
        this.buf = this.buf.subarray(nl + 1);
        this.log.push(`S: ${JSON.stringify(l)}`);
        return l;
      }
      await this.need(this.buf.length + 1);
    }
  }

  /** Reads exactly n bytes. */
  async bytes(n: number): Promise<Buffer> {
    await this.need(n);
    const b = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return b;
  }

  /** Resolves when the server has closed the connection, with what was left unread. */
  async closed(): Promise<string> {
    while (!this.ended) await new Promise<void>((r) => (this.waiter = r));
    return this.buf.toString('utf8');
  }
}
