// The HTTP side of a webhook: mox's headers, only 200 counts, 512 bytes of the response
// kept, transport errors and the request timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpHookPoster, maxResponseBytes } from '../../src/webhook/index.js';
import { hookReceiver } from './receiver.js';

const req = (url: string, authorization = '') => ({ hookId: 42, attempt: 3, url, authorization, payload: '{"Version":0,"Subject":"é"}' });

test('POST with mox headers and the payload; 200 is success, other statuses are errors with mox text', async (t) => {
  const rx = await hookReceiver(t, { status: (_r, n) => (n === 1 ? 200 : n === 2 ? 201 : 404) });
  const p = new HttpHookPoster({ version: '1.2.3' });
  t.after(() => p.close());
  const signal = new AbortController().signal;
  const r1 = await p.post(req(rx.url('/x?y=1'), 'Bearer abc'), signal);
  assert.deepEqual(r1, { code: 200, response: 'ok\n', error: undefined });
  const got = rx.got[0]!;
  assert.equal(got.method, 'POST');
  assert.equal(got.path, '/x?y=1');
  assert.equal(got.body, '{"Version":0,"Subject":"é"}');
  assert.equal(got.headers['user-agent'], 'mox/1.2.3 (webhook)');
  assert.equal(got.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(got.headers['x-mox-webhook-id'], '42');
  assert.equal(got.headers['x-mox-webhook-attempt'], '3');
  assert.equal(got.headers.authorization, 'Bearer abc');
  // Other 2xx codes do not count (mox wants exactly 200).
  const r2 = await p.post(req(rx.url()), signal);
  assert.equal(r2.code, 201);
  assert.equal(r2.error, 'http status "201 Created", expected 200 ok');
  const r3 = await p.post(req(rx.url()), signal);
  assert.equal(r3.error, 'http status "404 Not Found", expected 200 ok');
  assert.equal(rx.got[2]!.headers.authorization, undefined);
});

test('a long response is cut at 512 bytes; refused connections, bad schemes and timeouts are transport errors', async (t) => {
  let hang = false;
  const server = createServer((_req, res) => {
    if (hang) return; // Never answers.
    res.writeHead(200).end('x'.repeat(100_000));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const p = new HttpHookPoster({ version: 'dev', timeoutMs: 1500 });
  t.after(() => p.close());
  const signal = new AbortController().signal;
  const r = await p.post(req(url), signal);
  assert.equal(r.code, 200);
  assert.equal(r.response, 'x'.repeat(maxResponseBytes));

  await assert.rejects(p.post(req('ftp://127.0.0.1/'), signal), /^Error: new request: unsupported protocol scheme "ftp"$/);
  const closed = createServer();
  await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((res) => closed.close(() => res()));
  await assert.rejects(p.post(req(`http://127.0.0.1:${closedPort}/`), signal), /^Error: http transact: .*ECONNREFUSED/);

  hang = true;
  await assert.rejects(p.post(req(url), signal), /^Error: http transact: timeout after 1500ms$/);
  const ac = new AbortController();
  const pending = p.post(req(url), ac.signal);
  ac.abort();
  await assert.rejects(pending, /^Error: http transact: /);
});
