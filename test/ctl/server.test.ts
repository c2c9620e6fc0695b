// CtlServer lifecycle (socket file handling, shutdown) and CtlClient connection errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, existsSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  CtlClient,
  CtlClosedError,
  CtlError,
  CtlInUseError,
  CtlNotRunningError,
  CtlProtocolError,
  CtlRemoteError,
  CtlServer,
  internalErrorText,
  type CtlHandlers,
} from '../../src/ctl/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { CidSource } from '../../src/events/index.js';
import { LogRouter, MemorySink } from '../../src/log/index.js';
import { tempDir } from '../helpers/tmp.js';
import { RawConn, startServer, until } from './harness.js';

const handlers: CtlHandlers = {
  ping: async (c) => c.ok(),
  echo: async (c) => {
    const v = await c.readLine();
    await c.ok();
    await c.writeLine(v);
  },
};

function logger() {
  const sink = new MemorySink();
  return { sink, log: new LogRouter({ level: 'debug', now: () => 0, sinks: [sink] }).logger('ctl') };
}

/** Leaves a socket file nobody listens on: a child process binds it and is killed. */
function staleSocket(path: string): void {
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script], { stdio: 'ignore' });
  assert.ok(lstatSync(path).isSocket(), 'stale socket was created');
}

test('the socket gets mode 0660 and is removed on close', async (t) => {
  const { path, server } = await startServer(t, handlers);
  assert.ok(lstatSync(path).isSocket());
  assert.equal(statSync(path).mode & 0o777, 0o660);
  await server.close();
  assert.equal(existsSync(path), false);
  await assert.rejects(CtlClient.connect(path), CtlNotRunningError);
});

test('a stale socket file (its process died) is replaced', async (t) => {
  const dir = tempDir(t, 'moxts-ctl-');
  const path = join(dir, 'ctl');
  staleSocket(path);
  // The client reports the stale socket as "not running".
  await assert.rejects(CtlClient.connect(path), (err: unknown) => err instanceof CtlNotRunningError && (err.cause as NodeJS.ErrnoException).code === 'ECONNREFUSED');
  const server = new CtlServer({ path, log: logger().log, handlers });
  await server.listen();
  t.after(() => server.close());
  const c = await CtlClient.connect(path);
  await c.call('ping');
  await c.close();
});

test('a second server on a live socket is refused and leaves the first one alone', async (t) => {
  const { path } = await startServer(t, handlers);
  const second = new CtlServer({ path, log: logger().log, handlers });
  await assert.rejects(second.listen(), (err: unknown) => err instanceof CtlInUseError && err.message.includes(path));
  await second.close();
  const c = await CtlClient.connect(path);
  await c.call('echo', ['still here']);
  assert.equal(await c.readLine(), 'still here');
  await c.close();
});

test('a path that is not a socket is not replaced', async (t) => {
  const dir = tempDir(t, 'moxts-ctl-');
  const path = join(dir, 'ctl');
  writeFileSync(path, 'precious');
  const server = new CtlServer({ path, log: logger().log, handlers });
  await assert.rejects(server.listen(), /is not a unix socket/);
  assert.equal(readFileSync(path, 'utf8'), 'precious');
});

test('client: a clear error when no instance runs, naming the path', async (t) => {
  const dir = tempDir(t, 'moxts-ctl-');
  const path = join(dir, 'ctl');
  await assert.rejects(CtlClient.connect(path), (err: unknown) => {
    assert.ok(err instanceof CtlNotRunningError);
    assert.equal(err.path, path);
    assert.match(err.message, /not running/);
    assert.ok(err.message.includes(path));
    assert.equal((err.cause as NodeJS.ErrnoException).code, 'ENOENT');
    return true;
  });
});

test('client: a greeting other than ctlv0 is a protocol mismatch', async (t) => {
  const dir = tempDir(t, 'moxts-ctl-');
  const path = join(dir, 'ctl');
  const other = createServer((s) => s.end('ctlv1\n'));
  await new Promise<void>((r) => other.listen(path, r));
  t.after(() => new Promise<void>((r) => other.close(() => r())));
  await assert.rejects(CtlClient.connect(path), (err: unknown) => err instanceof CtlProtocolError && err.message === 'ctl protocol mismatch, got "ctlv1", expected ctlv0');
});

test('handler errors: CtlError text goes out, other errors are logged and a generic text goes out', async (t) => {
  const { path, sink } = await startServer(t, {
    ...handlers,
    broken: () => {
      throw new TypeError('secret internal detail /var/lib/mox');
    },
    broken2: async (c) => {
      await c.readJson({ object: { Max: 'integer' } });
    },
  });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await assert.rejects(c.call('broken'), (err: unknown) => err instanceof CtlRemoteError && err.text === internalErrorText);
  const rec = sink.records.find((r) => r.msg === 'ctl command failed');
  assert.ok(rec);
  assert.equal(rec.level, 'error');
  assert.equal(rec.attrs.cmd, 'broken');
  assert.match(String(rec.attrs.err), /secret internal detail/);
  await assert.rejects(c.call('broken2', ['{"Max": 1, "Bogus": true}']), (err: unknown) => err instanceof CtlRemoteError && err.text === 'parsing from ctl as json: json: unknown field "Bogus"');
  await assert.rejects(c.call('nope'), (err: unknown) => err instanceof CtlRemoteError && err.text === 'unrecognized command');
  await c.call('echo', ['after errors']);
  assert.equal(await c.readLine(), 'after errors');
});

test('connection ids come from the cid source and are logged in hex', async (t) => {
  const { path, sink } = await startServer(t, handlers, { cids: new CidSource(0x1000) });
  const a = await CtlClient.connect(path);
  await a.call('ping');
  const b = await CtlClient.connect(path);
  await b.call('ping');
  await Promise.all([a.close(), b.close()]);
  const cids = sink.records.filter((r) => r.msg === 'ctl command').map((r) => r.attrs.cid);
  assert.deepEqual(cids, ['1001', '1002']);
});

test('quiet commands are logged at debug level, others at info', async (t) => {
  const { path, sink } = await startServer(t, handlers, { quietCommands: new Set(['echo']) });
  const c = await CtlClient.connect(path);
  await c.call('ping');
  await c.call('echo', ['x']);
  assert.equal(await c.readLine(), 'x');
  await c.close();
  const levels = sink.records.filter((r) => r.msg === 'ctl command').map((r) => `${String(r.attrs.cmd)}:${r.level}`);
  assert.deepEqual(levels, ['ping:info', 'echo:debug']);
});

test('many concurrent clients each get their own answers; a broken one affects no other', async (t) => {
  const { path, server } = await startServer(
    t,
    {
      ...handlers,
      sum: async (c) => {
        const n = await c.readNumber();
        await c.ok();
        const data = await c.readStreamAll(1 << 20);
        await c.writeNumber(n + data.length);
      },
    },
    { maxLineBytes: 64 },
  );
  const bad = await RawConn.connect(t, path);
  assert.equal(await bad.line(), 'ctlv0');
  const clients = await Promise.all(Array.from({ length: 40 }, () => CtlClient.connect(path, { chunkBytes: 7 })));
  t.after(() => clients.forEach((c) => c.destroy()));
  bad.send('x'.repeat(200)); // Protocol error: this connection is closed, no other.
  const results = await Promise.all(
    clients.map(async (c, i) => {
      const out: string[] = [];
      for (let j = 0; j < 10; j++) {
        await c.call('echo', [`client ${i} round ${j}`]);
        out.push(await c.readLine());
      }
      await c.call('sum', [String(i)]);
      await c.writeStream(`${'x'.repeat(i)}`);
      out.push(String(await c.readNumber()));
      return out;
    }),
  );
  results.forEach((out, i) => {
    assert.deepEqual(out, [...Array.from({ length: 10 }, (_, j) => `client ${i} round ${j}`), String(2 * i)]);
  });
  await bad.closed();
  await until(() => server.connections === 40);
});

test('close: idle connections end at once, running commands see the signal, stragglers are cut after the grace period', async (t) => {
  const clock = new ManualClock(0);
  const started = { polite: false, stubborn: false };
  const { server, path, sink } = await startServer(
    t,
    {
      polite: async (c) => {
        started.polite = true;
        await new Promise((r) => c.signal.addEventListener('abort', r));
        await c.ok();
      },
      stubborn: async (c) => {
        started.stubborn = true;
        await new Promise(() => undefined); // Never finishes.
        await c.ok();
      },
    },
    { clock, graceMs: 3000 },
  );
  const idle = await CtlClient.connect(path);
  const polite = await CtlClient.connect(path);
  const stubborn = await CtlClient.connect(path);
  await polite.writeLine('polite');
  await stubborn.writeLine('stubborn');
  await until(() => started.polite && started.stubborn);

  let closed = false;
  const closing = server.close().then(() => (closed = true));
  await idle.whenClosed();
  await polite.readOk(); // The polite handler finished its command after the signal...
  await polite.whenClosed(); // ...and then the connection ended.
  await until(() => clock.pending() > 0);
  assert.equal(closed, false);
  assert.equal(stubborn.closed, false);
  await clock.advance(3000);
  await closing;
  await stubborn.whenClosed();
  await assert.rejects(stubborn.readOk(), CtlClosedError);
  assert.ok(sink.records.some((r) => r.msg.includes('grace period')));
  assert.equal(existsSync(path), false);
});

test('a stop command: the handler starts shutdown, the client sees the connection close (mox stop)', async (t) => {
  let server: CtlServer | undefined;
  const res = await startServer(t, {
    stop: () => {
      void server!.close();
    },
  });
  server = res.server;
  const c = await CtlClient.connect(res.path);
  await c.writeLine('stop');
  await assert.rejects(c.readLine(), CtlClosedError);
  await until(() => !existsSync(res.path));
});

test('client: connecting can be aborted while waiting for the greeting', async (t) => {
  const dir = tempDir(t, 'moxts-ctl-');
  const path = join(dir, 'ctl');
  const accepted: Socket[] = [];
  const silent = createServer((s) => void accepted.push(s)); // Accepts, never greets.
  await new Promise<void>((r) => silent.listen(path, r));
  t.after(() => {
    accepted.forEach((s) => s.destroy());
    silent.close();
  });
  const ac = new AbortController();
  const connecting = CtlClient.connect(path, { signal: ac.signal });
  await until(() => accepted.length === 1);
  ac.abort(new Error('gave up'));
  await assert.rejects(connecting, /^Error: gave up$/);
});

test('client: an error text where a number is expected is the server\'s error', async (t) => {
  const { path } = await startServer(t, {
    // mox's queueholdset shape: "ok", then a count; here the count step fails.
    holdset: async (c) => {
      await c.ok();
      throw new CtlError('setting on hold status for messages: database is locked');
    },
  });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.call('holdset');
  await assert.rejects(c.readNumber(), (err: unknown) => err instanceof CtlRemoteError && err.text === 'setting on hold status for messages: database is locked');
});
