// COMPRESS=DEFLATE (RFC 4978): a raw zlib client (sync and partial flushes, IDLE, large
// literals, after STARTTLS) and imapflow with its compression.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw } from 'node:zlib';
import { ImapFlow } from 'imapflow';
import { message, PASS, startServer, USER } from './helpers.js';

/** A minimal IMAP client that can switch to deflate, flushing its writes the way it is told. */
class ZClient {
  readonly transcript: string[] = [];
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private deflate: DeflateRaw | undefined;
  private closed = false;
  /** Compressed bytes received, to check the stream is really compressed. */
  compressedIn = 0;
  /** The server ended its deflate stream with a final block. */
  finished = false;

  private constructor(private sock: Socket) {
    this.listen(sock);
  }

  static async connect(t: TestContext, port: number): Promise<ZClient> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host: '127.0.0.1', port }, () => resolve(s));
      s.once('error', reject);
    });
    const c = new ZClient(sock);
    t.after(() => c.sock.destroy());
    return c;
  }

  private push = (d: Buffer) => {
    this.buf = Buffer.concat([this.buf, d]);
    this.waiter?.();
  };

  private listen(sock: Socket): void {
    sock.on('data', this.push);
    sock.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    sock.on('error', () => undefined);
  }

  async starttls(): Promise<void> {
    this.sock.removeAllListeners('data');
    this.sock.removeAllListeners('close');
    assert.equal(this.buf.length, 0);
    const s = await new Promise<Socket>((resolve, reject) => {
      const x = tlsConnect({ socket: this.sock, rejectUnauthorized: false }, () => resolve(x));
      x.once('error', reject);
    });
    this.sock = s;
    this.listen(s);
  }

  /** Switches both directions to deflate; client writes end with `flush`. */
  compress(flush: number): void {
    assert.equal(this.buf.length, 0, 'no data may follow the COMPRESS OK uncompressed');
    this.sock.removeAllListeners('data');
    this.sock.removeAllListeners('close');
    const inflate = createInflateRaw();
    this.sock.on('data', (d: Buffer) => {
      this.compressedIn += d.length;
      inflate.write(d);
    });
    // Inflating is asynchronous: the connection counts as closed once all input is inflated.
    this.sock.on('close', () => inflate.end());
    inflate.on('data', this.push);
    const ended = () => {
      this.closed = true;
      this.waiter?.();
    };
    inflate.on('end', () => {
      this.finished = true;
      ended();
    });
    inflate.on('error', ended);
    const deflate = createDeflateRaw();
    deflate.on('data', (d: Buffer) => this.sock.write(d));
    this.deflate = deflate;
    this.flushKind = flush;
  }
  private flushKind = constants.Z_SYNC_FLUSH;

  write(data: string | Buffer): void {
    const b = typeof data === 'string' ? Buffer.from(data) : data;
    this.transcript.push(`C: ${b.length > 200 ? `${b.toString('latin1', 0, 200)}...` : b.toString('latin1').trimEnd()}`);
    if (!this.deflate) {
      this.sock.write(b);
      return;
    }
    this.deflate.write(b);
    this.deflate.flush(this.flushKind);
  }

  private fail(msg: string): Error {
    return new assert.AssertionError({ message: `${msg}\n${this.transcript.join('\n')}` });
  }

  async line(): Promise<string> {
    for (;;) {
      const i = this.buf.indexOf('\r\n');
      if (i >= 0) {
        let l = this.buf.subarray(0, i).toString('utf8');
        this.buf = this.buf.subarray(i + 2);
        const m = /\{(\d+)\}$/.exec(l);
        if (m) {
          const n = Number(m[1]);
          while (this.buf.length < n) await this.wait();
          l += `<${createHash('sha256').update(this.buf.subarray(0, n)).digest('hex')}>`;
          this.buf = this.buf.subarray(n);
          l += await this.line();
        }
        this.transcript.push(`S: ${l.length > 300 ? `${l.slice(0, 300)}...` : l}`);
        return l;
      }
      await this.wait();
    }
  }

  private async wait(): Promise<void> {
    if (this.closed) throw this.fail('connection closed');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.fail('timeout')), 15_000);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
    });
  }

  async expect(re: RegExp): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const l = await this.line();
      lines.push(l);
      if (re.test(l)) return lines;
      if (/^[a-z0-9]+ (OK|NO|BAD) /i.test(l)) throw this.fail(`expected ${re}`);
    }
  }

  async cmd(line: string, re: RegExp): Promise<string[]> {
    this.write(`${line}\r\n`);
    return this.expect(re);
  }
}

function bigMessage(): Buffer {
  // About 1.5 MB of poorly compressible text (base64 of pseudo-random bytes).
  let x = 12345;
  const raw = Buffer.alloc(1_100_000);
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = x >>> 24;
  }
  const lines = raw.toString('base64').match(/.{1,76}/g)!;
  return Buffer.from(`From: a@example.org\r\nSubject: big\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${lines.join('\r\n')}\r\n`);
}

test('COMPRESS DEFLATE after STARTTLS, client partial flushes: commands, large APPEND literal, IDLE, COMPRESSIONACTIVE', async (t) => {
  const srv = await startServer(t, { requireTlsForAuth: true, appendLimit: 4 * 1024 * 1024 });
  await srv.deliver(message(1));
  const c = await ZClient.connect(t, srv.port);
  await c.expect(/^\* OK \[CAPABILITY .*COMPRESS=DEFLATE.*\] mox imap$/);
  await c.cmd('a0 COMPRESS DEFLATE', /^a0 BAD /);
  await c.cmd('a1 STARTTLS', /^a1 OK /);
  await c.starttls();
  await c.cmd(`a2 LOGIN ${USER} ${PASS}`, /^a2 OK /);
  await c.cmd('a3 COMPRESS', /^a3 BAD /);
  await c.cmd('a4 COMPRESS bogus', /^a4 NO /);
  await c.cmd('a5 COMPRESS deflate', /^a5 OK COMPRESS done$/);
  // Go's inflate stalled on partial flushes (why mox does not announce COMPRESS); ours must not.
  c.compress(constants.Z_PARTIAL_FLUSH);
  await c.cmd('a6 COMPRESS DEFLATE', /^a6 NO \[COMPRESSIONACTIVE\] /);
  await c.cmd('a7 SELECT Inbox', /^a7 OK /);

  const big = bigMessage();
  const sum = createHash('sha256').update(big).digest('hex');
  c.write(`a8 APPEND Inbox (\\Seen) {${big.length}}\r\n`);
  await c.expect(/^\+ /);
  for (let i = 0; i < big.length; i += 64 * 1024) c.write(big.subarray(i, i + 64 * 1024));
  c.write('\r\n');
  await c.expect(/^a8 OK \[APPENDUID \d+ 2\] /);
  const got = await c.cmd('a9 UID FETCH 2 (BODY.PEEK[])', /^a9 OK /);
  assert.ok(got.some((l) => l.includes(`BODY[] {${big.length}}<${sum}>`)), got.join('\n'));
  assert.ok(c.compressedIn < big.length, `compressed stream expected, got ${c.compressedIn} bytes for ${big.length}`);

  // IDLE: changes pushed over the compressed stream as they happen.
  c.write('a10 IDLE\r\n');
  await c.expect(/^\+ idling$/);
  await srv.deliver(message(3));
  await c.expect(/^\* 3 EXISTS$/);
  c.write('DONE\r\n');
  await c.expect(/^a10 OK /);
  await c.cmd('a11 LOGOUT', /^a11 OK /);
  // The server finishes its deflate stream before closing (as mox).
  await assert.rejects(c.line(), /connection closed/);
  assert.ok(c.finished);
});

test('COMPRESS DEFLATE on a plain connection with sync flushes; the same data as uncompressed', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const c = await ZClient.connect(t, srv.port);
  await c.expect(/^\* OK /);
  await c.cmd('b0 COMPRESS DEFLATE', /^b0 BAD not authenticated/);
  await c.cmd(`b1 LOGIN ${USER} ${PASS}`, /^b1 OK /);
  await c.cmd('b2 SELECT Inbox', /^b2 OK /);
  const plain = await c.cmd('b3 FETCH 1 (BODY.PEEK[] FLAGS)', /^b3 OK /);
  await c.cmd('b4 COMPRESS DEFLATE', /^b4 OK /);
  c.compress(constants.Z_SYNC_FLUSH);
  const packed = await c.cmd('b5 FETCH 1 (BODY.PEEK[] FLAGS)', /^b5 OK /);
  assert.equal(packed[0], plain[0]);
  // Pipelined commands in one compressed write.
  c.write('b6 NOOP\r\nb7 NOOP\r\n');
  await c.expect(/^b6 OK /);
  await c.expect(/^b7 OK /);
});

test('imapflow negotiates COMPRESS=DEFLATE and works over it', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const clientLines: string[] = [];
  srv.deps.bus.on('imap.line', (e) => {
    if (e.dir === 'c') clientLines.push(e.text);
  });
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: srv.port,
    secure: false,
    auth: { user: USER, pass: PASS },
    tls: { rejectUnauthorized: false },
    logger: false,
  });
  t.after(() => client.close());
  await client.connect();
  assert.ok(clientLines.some((l) => / COMPRESS DEFLATE$/i.test(l)), clientLines.join('\n'));
  const lock = await client.getMailboxLock('INBOX');
  try {
    const big = bigMessage();
    const r = await client.append('INBOX', big, ['\\Seen']);
    assert.ok(r && r.uid === 2);
    const m = await client.fetchOne('2', { source: true }, { uid: true });
    assert.ok(m && m.source);
    assert.equal(createHash('sha256').update(m.source).digest('hex'), createHash('sha256').update(big).digest('hex'));
    const exists = new Promise<number>((resolve) => client.on('exists', (d: { count: number }) => resolve(d.count)));
    const idling = client.idle();
    await srv.deliver(message(3));
    assert.equal(await exists, 3);
    await client.noop();
    await idling;
  } finally {
    lock.release();
  }
  await client.logout();
});
