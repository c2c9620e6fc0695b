import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { SocketReader, LineTooLongError, ReaderClosedError } from '../../src/io/index.js';

test('lines, CRLF and bare LF, across chunks', async () => {
  const s = new PassThrough();
  const r = new SocketReader(s);
  s.write('EHLO x\r\nNO');
  s.write('OP\nQUIT\r\n');
  assert.equal((await r.readLine(100)).toString(), 'EHLO x');
  assert.equal((await r.readLine(100)).toString(), 'NOOP');
  assert.equal(r.hasLine(), true);
  assert.equal((await r.readLine(100)).toString(), 'QUIT');
  assert.equal(r.tryReadLine(100), null);
});

test('line too long throws, and exact reads work', async () => {
  const s = new PassThrough();
  const r = new SocketReader(s);
  s.write('x'.repeat(20));
  await new Promise((res) => setImmediate(res));
  assert.throws(() => r.tryReadLine(10), LineTooLongError);
  assert.equal((await r.readExact(5)).toString(), 'xxxxx');
});

test('end of stream rejects pending reads', async () => {
  const s = new PassThrough();
  const r = new SocketReader(s);
  const p = r.readLine(10);
  s.end();
  await assert.rejects(p, ReaderClosedError);
});
