// The ctl wire format as Go mox's ctl.go speaks it, checked byte by byte with a raw socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CtlError, type CtlHandlers } from '../../src/ctl/index.js';
import { RawConn, startServer, until } from './harness.js';

const handlers: CtlHandlers = {
  // > "echo" > a > b < "ok" < "a|b"
  echo: async (c) => {
    const a = await c.readLine();
    const b = await c.readLine();
    await c.ok();
    await c.writeLine(`${JSON.stringify(a)}|${JSON.stringify(b)}`);
  },
  // > "deliver" > address < "ok" > stream < "ok"  (mox's deliver exchange)
  deliver: async (c) => {
    const to = await c.readLine();
    if (!to.includes('@')) throw new CtlError(`lookup destination address: bad address ${JSON.stringify(to)}`);
    await c.ok();
    const data = await c.readStreamAll(1000);
    await c.ok();
    await c.writeLine(`got ${data.length} bytes: ${data.toString('utf8')}`);
  },
  // > "dump" < "ok" < stream of "hello" and "world"
  dump: async (c) => {
    await c.ok();
    await c.writeStream(
      (async function* () {
        yield Buffer.from('hello');
        yield Buffer.alloc(0); // Empty pieces are not sent: "0" would end the stream.
        yield 'world';
      })(),
    );
  },
  // > "count" < "ok" < "42"
  count: async (c) => {
    await c.ok();
    await c.writeNumber(42);
  },
  failing: async (c) => {
    await c.ok();
    await c.writeStream(
      (async function* () {
        yield 'part';
        throw new CtlError('listing queue: database gone');
      })(),
    );
  },
};

test('greeting, a command with parameters, ok, then the next command on the same connection', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('echo\nfirst param\n\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '"first param"|""');
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
});

test('only "\\n" ends a line: a carriage return is part of the parameter, as in mox', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('echo\na\r\n☺ b\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '"a\\r"|"☺ b"');
});

test('unknown command answers "unrecognized command" and the connection goes on', async (t) => {
  const { path, sink } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('nosuchcommand\n');
  assert.equal(await c.line(), 'unrecognized command');
  // Names of Object.prototype members are not commands either.
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    c.send(`${name}\n`);
    assert.equal(await c.line(), 'unrecognized command');
  }
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
  assert.ok(sink.records.some((r) => r.msg === 'unrecognized command' && r.attrs.cmd === 'nosuchcommand'));
});

test('deliver: address, ok, stream with "ok" after each chunk, "0" ends it, then ok', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('deliver\nmjl@mox.example\n');
  assert.equal(await c.line(), 'ok');
  c.send('6\nhello ');
  assert.equal(await c.line(), 'ok');
  c.send('5\nworld');
  assert.equal(await c.line(), 'ok');
  c.send('0\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), 'got 11 bytes: hello world');
});

test('an error line replaces ok; a CtlError text goes out as is', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('deliver\nnobody\n');
  assert.equal(await c.line(), 'lookup destination address: bad address "nobody"');
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
});

test('the sender may put an error text where a chunk length belongs; the stream ends there', async (t) => {
  const { path, sink } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('deliver\nmjl@mox.example\n');
  assert.equal(await c.line(), 'ok');
  c.send('3\nabc');
  assert.equal(await c.line(), 'ok');
  c.send('reading stdin: broken pipe\n');
  // The server does not answer the client's own error; the next command works.
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
  assert.ok(sink.records.some((r) => r.msg === 'ctl client error' && r.attrs.err === 'reading stdin: broken pipe'));
});

test('a stream that is too large is refused in place of the chunk answer', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('deliver\nmjl@mox.example\n');
  assert.equal(await c.line(), 'ok');
  c.send('600\n' + 'a'.repeat(600));
  assert.equal(await c.line(), 'ok');
  c.send('600\n' + 'b'.repeat(600));
  assert.equal(await c.line(), 'data stream too large (max 1000 bytes)');
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
});

test('server stream: "<length>\\n<bytes>", waits for ok each time, then "0"', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('dump\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '5');
  assert.equal((await c.bytes(5)).toString(), 'hello');
  c.send('ok\n');
  assert.equal(await c.line(), '5');
  assert.equal((await c.bytes(5)).toString(), 'world');
  c.send('ok\n');
  assert.equal(await c.line(), '0');
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
});

test('the receiver may answer a chunk with an error text; the server stops the stream', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('dump\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '5');
  await c.bytes(5);
  c.send('writing to stdout: disk full\n');
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '42');
});

test('a failure while the server writes a stream goes where the next length belongs', async (t) => {
  const { path } = await startServer(t, handlers);
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('failing\n');
  assert.equal(await c.line(), 'ok');
  assert.equal(await c.line(), '4');
  assert.equal((await c.bytes(4)).toString(), 'part');
  c.send('ok\n');
  assert.equal(await c.line(), 'listing queue: database gone');
  c.send('count\n');
  assert.equal(await c.line(), 'ok');
});

test('a line over the limit is a protocol error: error text, then the connection closes', async (t) => {
  const { path, server } = await startServer(t, handlers, { maxLineBytes: 100 });
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('x'.repeat(300));
  assert.equal(await c.line(), 'line too long (max 100 bytes)');
  await c.closed();
  // The server still serves others.
  const d = await RawConn.connect(t, path);
  assert.equal(await d.line(), 'ctlv0');
  d.send('count\n');
  assert.equal(await d.line(), 'ok');
  await until(() => server.connections === 1);
});

test('a chunk length over the limit closes the connection', async (t) => {
  const { path } = await startServer(t, handlers, { maxChunkBytes: 10 });
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('deliver\nmjl@mox.example\n');
  assert.equal(await c.line(), 'ok');
  c.send('11\n');
  assert.match(await c.line(), /^data stream chunk of 11 bytes exceeds maximum of 10$/);
  await c.closed();
});

test('an error text with newlines stays on one line', async (t) => {
  const { path } = await startServer(t, {
    multi: () => {
      throw new CtlError('first\nsecond\r\nthird');
    },
  });
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('multi\n');
  assert.equal(await c.line(), 'first second third');
});
