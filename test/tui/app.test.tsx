/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { App } from '../../tui/index.js';
import { FakeClient, until } from './fake-client.js';

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
  assert.match(r.frame(), /abc\s+smtp\s+submission/);
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
