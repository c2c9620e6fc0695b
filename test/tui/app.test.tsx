/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { App } from '../../tui/index.js';
import type { QueueItem } from '../../src/index.js';
import { FakeClient, queueItem, until } from './fake-client.js';

const size = { columns: 100, rows: 24 };

function start(client: FakeClient, quit: () => void = () => {}) {
  const r = render(<App client={client} onQuit={quit} size={size} now={() => client.time} fps={1000} />);
  const frame = () => r.lastFrame() ?? '';
  return { ...r, frame };
}

test('sessions view lists a connection and Enter opens its transcript with AUTH masked', async (t) => {
  const c = new FakeClient();
  const r = start(c);
  t.after(() => r.unmount());
  c.emit('smtp.connected', { cid: 0xabc, listener: 'local', service: 'submission', remote: '127.0.0.1:5555', local: '127.0.0.1:1587', tls: false });
  c.emit('smtp.line', { cid: 0xabc, dir: 's', text: '220 localhost ESMTP' });
  c.emit('smtp.line', { cid: 0xabc, dir: 'c', text: 'AUTH PLAIN AG1veEBsb2NhbGhvc3QAbW94bW94bW94' });
  c.emit('smtp.authenticated', { cid: 0xabc, username: 'mox@localhost', account: 'mox', mechanism: 'plain' });
  await until(() => r.frame().includes('mox@localhost'), 'session row');
  assert.match(r.frame(), /abc\s+smtp\s+sub\s/);
  r.stdin.write('\r');
  await until(() => r.frame().includes('Transcript'), 'transcript');
  assert.match(r.frame(), /S: 220 localhost ESMTP/);
  assert.match(r.frame(), /C: AUTH PLAIN \*\*\*/);
  assert.doesNotMatch(r.frame(), /AG1veEBsb2NhbGhvc3Q/);
  // New lines keep showing (follow).
  c.emit('smtp.line', { cid: 0xabc, dir: 'c', text: 'QUIT' });
  await until(() => r.frame().includes('C: QUIT'), 'followed line');
  r.stdin.write('\x1b');
  await until(() => !r.frame().includes('Transcript'), 'back to list');
});

const qitem = (id: number, over: Partial<QueueItem> = {}) => queueItem(id, over);

test('queue view: list, hold toggle, retry, fail and drop after confirmation, history detail', async (t) => {
  const c = new FakeClient();
  c.queueItems = [qitem(1), qitem(2, { hold: true })];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('2');
  await until(() => r.frame().includes('queue1temperror@example.com'), 'queue rows');
  assert.match(r.frame(), /1\s+in 5m\s+1\/8\s+queue1temperror@example\.com/);
  assert.match(r.frame(), /2\s+on hold/);
  r.stdin.write('h');
  await until(() => c.actions.length === 1, 'hold action');
  assert.deepEqual(c.actions, ['queue hold 1']);
  await until(() => r.frame().includes('message 1 held'), 'status');
  r.stdin.write('j');
  await until(() => r.frame().includes('on hold'), 'x');
  r.stdin.write('h');
  await until(() => c.actions.length === 2, 'unhold action');
  assert.equal(c.actions[1], 'queue unhold 2');
  r.stdin.write('r');
  await until(() => c.actions.length === 3, 'retry');
  assert.equal(c.actions[2], 'queue retry 2');
  r.stdin.write('f');
  await until(() => r.frame().includes('fail message 2 (sends a DSN)? y/n'), 'confirm prompt');
  r.stdin.write('n');
  await until(() => r.frame().includes('canceled'), 'canceled');
  assert.equal(c.actions.length, 3);
  r.stdin.write('D');
  await until(() => r.frame().includes('drop message 2 (no DSN)? y/n'), 'drop prompt');
  r.stdin.write('y');
  await until(() => c.actions.length === 4, 'drop');
  assert.equal(c.actions[3], 'queue drop 2');
  r.stdin.write('\r');
  await until(() => r.frame().includes('Message 2'), 'history');
  assert.match(r.frame(), /attempts:/);
  assert.match(r.frame(), /fail 451 4\.0\.0 12ms data: 451/);
});

const hook = (id: number, over: Partial<import('../../src/index.js').WebhookItem> = {}): import('../../src/index.js').WebhookItem => ({
  id,
  account: 'mox',
  event: 'delivered',
  url: 'http://localhost:9999/hook',
  queueMsgId: 3,
  submitted: 1_700_000_000_000 - 5000,
  attempts: 1,
  retired: false,
  nextAttempt: 1_700_000_000_000 + 60_000,
  history: [{ start: 1_700_000_000_000 - 5000, durationMs: 42, success: false, code: 500, error: 'http status 500', response: 'oops' }],
  ...over,
});

test('webhooks view: queued and retired calls, retry, cancel after confirmation, payload detail; empty state', async (t) => {
  const empty = start(new FakeClient());
  empty.stdin.write('3');
  await until(() => empty.frame().includes('no webhooks'), 'empty state');
  empty.unmount();

  const c = new FakeClient();
  c.webhookItems = [hook(7), hook(8, { retired: true, success: true, nextAttempt: undefined, event: 'incoming', history: [{ start: 1, durationMs: 9, success: true, code: 200, error: '', response: '' }] })];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('3');
  await until(() => r.frame().includes('http://localhost:9999/hook'), 'rows');
  assert.match(r.frame(), /7\s+delivered\s+queued\s+500\s+42\s+1\s+in 1m/);
  assert.match(r.frame(), /8\s+incoming\s+delivered\s+200/);
  r.stdin.write('r');
  await until(() => c.actions.length === 1, 'retry');
  assert.equal(c.actions[0], 'webhook retry 7');
  r.stdin.write('c');
  await until(() => r.frame().includes('cancel webhook 7? y/n'), 'confirm');
  r.stdin.write('y');
  await until(() => c.actions.length === 2, 'cancel');
  assert.equal(c.actions[1], 'webhook cancel 7');
  r.stdin.write('\r');
  await until(() => r.frame().includes('"Event": "delivered"'), 'payload');
  assert.match(r.frame(), /HTTP 500 42ms http status 500/);
  assert.match(r.frame(), /response: oops/);
});

test('failures view: cheat sheet with example addresses and the fired failures', async (t) => {
  const c = new FakeClient();
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('4');
  await until(() => r.frame().includes('rcptto451@example.com'), 'cheat sheet');
  assert.match(r.frame(), /queuetemperror@example\.com/);
  assert.match(r.frame(), /no simulated failure fired yet/);
  c.emit('smtp.connected', { cid: 0x10, listener: 'local', service: 'submission', remote: '127.0.0.1:9', local: 'x', tls: false });
  c.emit('smtp.failureSimulated', { cid: 0x10, stage: 'rcptto', address: 'rcptto550@example.com', code: 550, enhanced: '5.0.0' });
  await until(() => r.frame().includes('rcptto550@example.com'), 'fired failure');
  assert.match(r.frame(), /RCPT TO\s+550\s+rcptto550@example\.com/);
});

test('inbox view: messages and the message view with headers and text', async (t) => {
  const c = new FakeClient();
  c.inboxItems = [{ id: 4, account: 'mox', mailbox: 'Inbox', uid: 1, received: c.time - 2000, from: 'app@example.org', to: 'bob@example.com', subject: 'hello there', size: 1234 }];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('5');
  await until(() => r.frame().includes('hello there'), 'row');
  assert.match(r.frame(), /2s ago\s+Inbox\s+app@example\.org\s+bob@example\.com/);
  r.stdin.write('\r');
  await until(() => r.frame().includes('the body text'), 'message');
  assert.match(r.frame(), /Subject: hello there/);
});

test('log view, filter in a list, help, and q calls quit', async (t) => {
  const c = new FakeClient('attached');
  let quit = 0;
  const r = start(c, () => quit++);
  t.after(() => r.unmount());
  c.emit('log.record', { level: 'info', pkg: 'queue', msg: 'delivered message', attrs: { msgId: 3 } });
  c.emit('log.record', { level: 'error', pkg: 'smtp', msg: 'something broke', attrs: {} });
  r.stdin.write('6');
  await until(() => r.frame().includes('something broke'), 'log rows');
  assert.match(r.frame(), /delivered message msgId=3/);
  r.stdin.write('/');
  for (const ch of 'broke') r.stdin.write(ch);
  await until(() => r.frame().includes('filter: broke'), 'filter typed');
  await until(() => !r.frame().includes('delivered message'), 'filtered');
  r.stdin.write('\r');
  await until(() => r.frame().includes('[/broke]'), 'filter kept');
  r.stdin.write('?');
  await until(() => r.frame().includes('Help'), 'help');
  assert.match(r.frame(), /q detaches, the server keeps running/);
  r.stdin.write('x');
  await until(() => !r.frame().includes('Help —'), 'help closed');
  r.stdin.write('q');
  await until(() => quit === 1, 'quit');
});

test('80x24: every view fits, header shows ports and counts', async (t) => {
  const c = new FakeClient();
  c.queueItems = [qitem(1)];
  c.webhookItems = [hook(7)];
  const r = render(<App client={c} onQuit={() => {}} size={{ columns: 80, rows: 24 }} now={() => c.time} fps={1000} />);
  t.after(() => r.unmount());
  for (let i = 0; i < 50; i++) c.emit('smtp.connected', { cid: 1000 + i, listener: 'local', service: 'smtp', remote: `127.0.0.1:${i}`, local: 'x', tls: false });
  await until(() => (r.lastFrame() ?? '').includes('smtp:1025'), 'ports');
  await until(() => (r.lastFrame() ?? '').includes('queue 1'), 'counts');
  assert.match(r.lastFrame()!, /smtp 50 imap 0 open \(50\)/);
  for (const key of ['1', '2', '3', '4', '5', '6', '?']) {
    r.stdin.write(key);
    await new Promise((res) => setTimeout(res, 30));
    const lines = (r.lastFrame() ?? '').split('\n');
    assert.ok(lines.length <= 23, `view ${key}: ${lines.length} lines`);
    for (const l of lines) assert.ok(l.length <= 80, `view ${key}: line too wide: ${l}`);
    r.stdin.write('\x1b');
  }
});

test('keys arriving in one chunk are handled one by one ("5" then Enter)', async (t) => {
  const c = new FakeClient();
  c.inboxItems = [{ id: 4, account: 'mox', mailbox: 'Inbox', uid: 1, received: c.time, from: 'app@example.org', to: 'bob@example.com', subject: 'chunked', size: 10 }];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('5');
  await until(() => r.frame().includes('chunked'), 'inbox row');
  r.stdin.write('1');
  await until(() => r.frame().includes('CID'), 'sessions');
  r.stdin.write('5\r');
  await until(() => r.frame().includes('the body text'), 'message opened');
});

test('a filter typed with its Enter in one chunk is kept without the Enter', async (t) => {
  const c = new FakeClient();
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('/');
  r.stdin.write('abc\r');
  await until(() => r.frame().includes('[/abc]'), 'filter kept');
});
