// Data streams in both directions between CtlClient and CtlServer over a real unix socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { CtlClient, CtlClosedError, CtlError, CtlRemoteError, type CtlHandlers } from '../../src/ctl/index.js';
import { startServer, until } from './harness.js';

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

interface State {
  chunks: number[];
  uploadErr?: unknown;
  handlerDone?: boolean;
  endlessStopped?: boolean;
}

function makeHandlers(state: State): CtlHandlers {
  return {
    // > "upload" > max < "ok" > stream < "ok" < sha256 < chunk count
    upload: async (c) => {
      const max = await c.readNumber();
      await c.ok();
      state.chunks = [];
      const parts: Buffer[] = [];
      try {
        for await (const chunk of c.readStream()) {
          state.chunks.push(chunk.length);
          parts.push(chunk);
          if (parts.reduce((n, p) => n + p.length, 0) > max) throw new CtlError('message too large');
        }
      } catch (err) {
        state.uploadErr = err;
        throw err;
      } finally {
        state.handlerDone = true;
      }
      await c.ok();
      await c.writeLine(sha(Buffer.concat(parts)));
      await c.writeNumber(state.chunks.length);
    },
    // > "download" > size > seed < "ok" < stream of size bytes
    download: async (c) => {
      const size = await c.readNumber();
      const seed = await c.readLine();
      await c.ok();
      await c.writeStream(pseudo(size, seed));
    },
    // > "generate" > pieces < "ok" < stream of `pieces` lines
    // > "endless" < "ok" < stream of 64 KiB pieces until the client goes away
    endless: async (c) => {
      await c.ok();
      state.endlessStopped = false;
      await c.writeStream(
        (async function* () {
          try {
            for (;;) yield Buffer.alloc(64 * 1024, 'e');
          } finally {
            state.endlessStopped = true;
          }
        })(),
      );
    },
    generate: async (c) => {
      const n = await c.readNumber();
      await c.ok();
      await c.writeStream(
        (async function* () {
          for (let i = 0; i < n; i++) yield `line ${i}\n`;
        })(),
      );
    },
    ping: async (c) => {
      await c.ok();
    },
  };
}

/** Deterministic bytes from a seed (a 4 KiB sha256-derived block, varied per repetition). */
function pseudo(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  const block = Buffer.alloc(4096);
  for (let off = 0; off < block.length; off += 32) createHash('sha256').update(`${seed}${off}`).digest().copy(block, off);
  for (let off = 0, i = 0; off < size; off += block.length, i++) {
    block.copy(out, off);
    if (off + 4 <= size) out.writeUInt32BE(i, off);
  }
  return out.subarray(0, size);
}

test('client to server: empty stream, one small chunk, many chunks, several MB', async (t) => {
  const state = { chunks: [] as number[] };
  const { path } = await startServer(t, makeHandlers(state));
  const c = await CtlClient.connect(path, { chunkBytes: 32 * 1024 });
  t.after(() => c.destroy());

  const upload = async (source: Parameters<CtlClient['writeStream']>[0], expect: Buffer) => {
    await c.call('upload', [String(64 * 1024 * 1024)]);
    await c.writeStream(source);
    await c.readOk();
    assert.equal(await c.readLine(), sha(expect));
    return c.readNumber();
  };

  assert.equal(await upload(Buffer.alloc(0), Buffer.alloc(0)), 0);
  assert.equal(await upload('hi', Buffer.from('hi')), 1);

  const pieces = Array.from({ length: 500 }, (_, i) => Buffer.from(`piece ${i};`));
  assert.equal(await upload(pieces, Buffer.concat(pieces)), 500);
  assert.equal(state.chunks.length, 500);

  const big = randomBytes(6 * 1024 * 1024 + 123);
  const n = await upload(big, big);
  assert.equal(n, Math.ceil(big.length / (32 * 1024)));
  assert.ok(state.chunks.every((len) => len <= 32 * 1024));
});

test('server to client: empty, many chunks, several MB, read with readStreamAll and for-await', async (t) => {
  const { path } = await startServer(t, makeHandlers({ chunks: [] }), { chunkBytes: 50_000 });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());

  await c.call('download', ['0', 'x']);
  assert.equal((await c.readStreamAll(10)).length, 0);

  const size = 5 * 1024 * 1024 + 7;
  await c.call('download', [String(size), 'seed']);
  const got = await c.readStreamAll(size);
  assert.equal(sha(got), sha(pseudo(size, 'seed')));

  await c.call('generate', ['1000']);
  let lines = 0;
  for await (const chunk of c.readStream()) lines += chunk.toString().split('\n').length - 1;
  assert.equal(lines, 1000);

  await c.call('ping');
});

test('client readStreamAll over its limit abandons the stream; the next command still works', async (t) => {
  const { path } = await startServer(t, makeHandlers({ chunks: [] }), { chunkBytes: 1000 });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.call('download', ['5000', 's']);
  await assert.rejects(c.readStreamAll(2500), (err: unknown) => err instanceof CtlError && /too large/.test(err.text));
  // The server's writer got "data stream canceled" in place of ok, stopped, and reads commands again.
  await c.call('ping');
  await c.call('download', ['10', 's']);
  assert.equal((await c.readStreamAll(100)).length, 10);
});

test('breaking out of a stream on the client cancels it for the server', async (t) => {
  const { path, sink } = await startServer(t, makeHandlers({ chunks: [] }));
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.call('generate', ['100000']);
  let n = 0;
  for await (const chunk of c.readStream()) {
    assert.ok(chunk.length > 0);
    if (++n === 3) break;
  }
  await c.call('ping');
  assert.ok(sink.records.some((r) => r.msg === 'ctl client error' && r.attrs.err === 'data stream canceled'));
});

test('server-side size limit while the client uploads: the client sees the error, connection usable', async (t) => {
  const state: State = { chunks: [] };
  const { path } = await startServer(t, makeHandlers(state));
  const c = await CtlClient.connect(path, { chunkBytes: 100 });
  t.after(() => c.destroy());
  await c.call('upload', ['250']);
  await assert.rejects(c.writeStream(Buffer.alloc(1000, 'x')), (err: unknown) => err instanceof CtlRemoteError && err.text === 'message too large');
  assert.deepEqual(state.chunks, [100, 100, 100]);
  await c.call('ping');
});

test('client source failing mid-stream: the client sends its error in place of a length', async (t) => {
  const state: State = { chunks: [] };
  const { path } = await startServer(t, makeHandlers(state));
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.call('upload', ['1000']);
  const source = (async function* () {
    yield 'abc';
    throw new Error('EIO reading stdin');
  })();
  await assert.rejects(c.writeStream(source), /EIO/);
  await c.error('reading message: EIO');
  await c.call('ping');
  assert.ok(state.uploadErr instanceof CtlRemoteError);
  assert.equal(state.uploadErr.text, 'reading message: EIO');
});

test('abrupt client disconnect mid-upload and mid-download does not disturb the server', async (t) => {
  const state: State = { chunks: [] };
  const { path, server, sink } = await startServer(t, makeHandlers(state));

  // Upload: a chunk length is announced but only part of the bytes arrive before the close.
  const a = await CtlClient.connect(path);
  await a.call('upload', ['100000000']);
  await a.writeLine('1000');
  await a.writeLine('only a few bytes');
  a.destroy();
  await until(() => state.handlerDone === true);
  assert.ok(state.uploadErr instanceof CtlClosedError, String(state.uploadErr));

  // Download: the client reads two chunks of an endless stream and vanishes; the server's
  // source is returned (its finally runs) and the connection goes away.
  const b = await CtlClient.connect(path, {});
  await b.call('endless');
  let n = 0;
  for await (const _ of b.readStream()) if (++n === 2) break;
  b.destroy();
  await until(() => server.connections === 0 && state.endlessStopped === true);

  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.call('ping');
  assert.ok(!sink.records.some((r) => r.level === 'error'), JSON.stringify(sink.records.filter((r) => r.level === 'error')));
});
