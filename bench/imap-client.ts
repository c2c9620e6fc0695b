// A minimal IMAP client for benchmarks: commands with LITERAL+ literals, responses read until
// the tagged completion (literal-aware), so the client costs little next to the server.
import { connect, type Socket } from 'node:net';

export interface Reply {
  status: string;
  /** Untagged response lines, literals inlined. */
  untagged: Buffer[];
  ms: number;
}

export class RawImap {
  private buf: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private closed = false;
  private seq = 0;
  /** Called for each untagged line received while no command runs (IDLE updates). */
  onUntagged?: (line: Buffer) => void;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
      if (this.onUntagged && this.waiters.length === 0) this.drainUntagged();
    });
    sock.on('close', () => {
      this.closed = true;
      for (const f of this.waiters) f();
    });
    sock.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawImap> {
    const sock = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    sock.setNoDelay(true);
    const c = new RawImap(sock);
    await c.readLine(); // greeting
    return c;
  }

  static async login(port: number, user = 'mox@localhost', pass = 'moxmoxmox'): Promise<RawImap> {
    const c = await RawImap.open(port);
    const r = await c.cmd(`LOGIN "${user}" "${pass}"`);
    if (r.status !== 'OK') throw new Error(`login: ${r.status}`);
    return c;
  }

  private drainUntagged(): void {
    for (;;) {
      const line = this.takeLine();
      if (!line) return;
      this.onUntagged!(line);
    }
  }

  /** One response line with its literals inlined, or undefined when not complete yet. */
  private takeLine(): Buffer | undefined {
    let pos = 0;
    for (;;) {
      const nl = this.buf.indexOf('\r\n', pos);
      if (nl < 0) return undefined;
      const m = /\{(\d+)\+?\}$/.exec(this.buf.toString('latin1', Math.max(pos, nl - 24), nl));
      if (!m) {
        const line = this.buf.subarray(0, nl);
        this.buf = this.buf.subarray(nl + 2);
        return line;
      }
      const end = nl + 2 + Number(m[1]);
      if (this.buf.length < end) return undefined;
      pos = end;
    }
  }

  async readLine(): Promise<Buffer> {
    for (;;) {
      const l = this.takeLine();
      if (l) return l;
      if (this.closed) throw new Error('connection closed');
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Sends a command (parts: strings and literal Buffers, sent as LITERAL+) and reads its reply. */
  async cmd(...parts: (string | Buffer)[]): Promise<Reply> {
    const tag = `b${++this.seq}`;
    const out: Buffer[] = [Buffer.from(`${tag} `)];
    for (const p of parts) out.push(typeof p === 'string' ? Buffer.from(p) : Buffer.concat([Buffer.from(`{${p.length}+}\r\n`), p]));
    out.push(Buffer.from('\r\n'));
    const t0 = performance.now();
    this.sock.write(Buffer.concat(out));
    const untagged: Buffer[] = [];
    for (;;) {
      const l = await this.readLine();
      if (l.subarray(0, tag.length + 1).toString() === `${tag} `) {
        return { status: l.toString('latin1', tag.length + 1).split(' ')[0]!, untagged, ms: performance.now() - t0 };
      }
      untagged.push(l);
    }
  }

  /** Starts IDLE and waits for the continuation; untagged updates go to onUntagged. */
  async idle(onUntagged: (line: Buffer) => void): Promise<void> {
    this.sock.write(`b${++this.seq} IDLE\r\n`);
    const l = await this.readLine();
    if (l[0] !== 0x2b) throw new Error(`IDLE: ${l.toString()}`);
    this.onUntagged = onUntagged;
    this.drainUntagged();
  }

  close(): void {
    this.sock.destroy();
  }
}
