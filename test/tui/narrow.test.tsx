/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The UI on an 80×24 terminal, as an independent check found it: whole ports and counts in
// the header, long errors and protocol lines readable in details, the active filter and the
// target of a confirmation in the footer, Enter in the Failures and Log views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { EngineOps, ListenerInfo, QueueItem, WebhookItem } from '../../src/index.js';
import { App } from '../../tui/index.js';
import { fitItems } from '../../tui/components/text.js';
import { FakeClient, queueItem, until } from './fake-client.js';

const narrow = { columns: 80, rows: 24 };

function start(c: FakeClient) {
  const r = render(<App client={c} onQuit={() => {}} size={narrow} now={() => c.time} fps={1000} />);
  const frame = () => r.lastFrame() ?? '';
  return { ...r, frame };
}

/** A client whose listeners have the 5-digit ports of `-ports 0`. */
class FreePortsClient extends FakeClient {
  override info: EngineOps['info'] = async () => ({
    profile: 'localserve',
    dataDir: '/tmp/x',
    listeners: (['smtp', 'submission', 'submissions', 'imap', 'imaps', 'http', 'https', 'metrics'] as ListenerInfo['service'][]).map((service, i) => ({ listener: 'local', service, host: '127.0.0.1', port: 41001 + i * 1111 })),
  });
}

const longError = 'data: 451 4.0.0 failure with code 451 due to special localpart (j9cVvzNpZy7ulERvtlYorA) end-of-error';

const qitem = (id: number, over: Partial<QueueItem> = {}) => queueItem(id, { nextAttempt: 1_700_000_000_000 + 300_000 + id, ...over }, longError);

test('fitItems keeps whole items and marks the cut', () => {
  assert.equal(fitItems(['smtp:41001', 'sub:42112', 'subs:43223'], 40), 'smtp:41001 sub:42112 subs:43223');
  assert.equal(fitItems(['smtp:41001', 'sub:42112', 'subs:43223'], 25), 'smtp:41001 sub:42112 …');
  assert.equal(fitItems(['a', 'b'], 3, ' · '), 'a …');
});

test('80 columns: the header shows whole port numbers and every count', async (t) => {
  const c = new FreePortsClient();
  const r = start(c);
  t.after(() => r.unmount());
  c.emit('smtp.connected', { cid: 0x10, listener: 'local', service: 'submission', remote: '127.0.0.1:9', local: 'x', tls: false });
  c.emit('smtp.failureSimulated', { cid: 0x10, stage: 'rcptto', address: 'rcptto550@example.com', code: 550, enhanced: '5.0.0' });
  await until(() => r.frame().includes('smtp:41001'), 'ports');
  await until(() => r.frame().includes('inbox 0'), 'counts loaded');
  const [ports, counts] = r.frame().split('\n');
  // Each port shown is a whole number of the listeners; the ones that do not fit are left out.
  for (const m of ports!.matchAll(/(\w+):(\d+)/g)) assert.equal((Number(m[2]) - 41001) % 1111, 0, `whole port in ${ports}`);
  assert.match(ports!, / …$/);
  assert.doesNotMatch(ports!, /\d…/);
  assert.match(counts!, /fail 1/);
  assert.match(counts!, /dlv 0/);
  assert.doesNotMatch(counts!, /…/);
});

test('80 columns: the queue history and the transcript wrap long lines instead of cutting them', async (t) => {
  const c = new FakeClient();
  c.queueItems = [qitem(1)];
  const r = start(c);
  t.after(() => r.unmount());
  c.emit('smtp.connected', { cid: 0xabc, listener: 'local', service: 'submission', remote: '127.0.0.1:5555', local: 'x', tls: true });
  c.emit('smtp.line', { cid: 0xabc, dir: 's', text: `452 4.0.0 failure with code 452 due to special localpart (j9cVvzNpZy7ulERvtlYorA) end-of-line` });
  await until(() => r.frame().includes('abc'), 'session row');
  assert.match(r.frame(), /abc\s+smtp\s+sub\+tls\s+127\.0\.0\.1:5555/);
  r.stdin.write('\r');
  await until(() => r.frame().includes('Transcript'), 'transcript');
  assert.match(r.frame(), /end-of-line/);
  for (const l of r.frame().split('\n')) assert.ok(l.length <= 80, l);

  r.stdin.write('2');
  await until(() => r.frame().includes('queue1temperror'), 'queue row');
  r.stdin.write('\r');
  await until(() => r.frame().includes('Message 1'), 'history');
  assert.match(r.frame(), /end-of-error/);
});

test('80 columns: a kept filter shows in the footer; an action status goes at the next key', async (t) => {
  const c = new FakeClient();
  c.queueItems = [qitem(1), qitem(2, { to: 'other@example.com' })];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('2');
  await until(() => r.frame().includes('other@example.com'), 'queue rows');
  r.stdin.write('/');
  r.stdin.write('queue1\r');
  await until(() => !r.frame().includes('other@example.com'), 'filtered');
  const footer = () => r.frame().split('\n').at(-1)!;
  assert.match(footer(), /\[\/queue1\]/);
  r.stdin.write('h');
  await until(() => footer().includes('message 1 held'), 'status');
  assert.match(footer(), /\[\/queue1\]/);
  r.stdin.write('j');
  await until(() => !footer().includes('message 1 held'), 'status cleared');
});

test('a confirmation names its row and acts on it, also when the list reorders before y', async (t) => {
  const c = new FakeClient();
  c.queueItems = [qitem(1), qitem(2)];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('2');
  await until(() => r.frame().includes('queue2temperror'), 'queue rows');
  r.stdin.write('D');
  await until(() => r.frame().includes('drop message 1 (no DSN)? y/n'), 'prompt names message 1');
  // Message 2's next attempt comes first now: it moves to the top, under the cursor.
  c.queueItems = [qitem(2), qitem(1)];
  c.emit('queue.added', { msgIds: [3], account: 'mox', from: 'a@b', to: ['c@d'], size: 1, hold: false });
  await until(() => /^2\s/m.test(r.frame().split('\n').slice(4).join('\n')), 'reordered');
  r.stdin.write('y');
  await until(() => c.actions.length === 1, 'drop');
  assert.deepEqual(c.actions, ['queue drop 1']);
});

test('Enter in the Failures view opens the session; the rule names only the prefix that applied', async (t) => {
  const c = new FakeClient();
  const r = start(c);
  t.after(() => r.unmount());
  c.emit('smtp.connected', { cid: 0x10, listener: 'local', service: 'submission', remote: '127.0.0.1:9', local: 'x', tls: false });
  c.emit('smtp.line', { cid: 0x10, dir: 'c', text: 'RCPT TO:<mailfrom-temperror@example.com>' });
  // A recipient starting with "mailfrom" fails after DATA by its suffix (the prefix is for senders).
  c.emit('smtp.failureSimulated', { cid: 0x10, stage: 'data', address: 'mailfrom-temperror@example.com', code: 451, enhanced: '4.0.0' });
  r.stdin.write('4');
  await until(() => r.frame().includes('mailfrom-temperror@'), 'fired failure');
  assert.match(r.frame(), /DATA\s+451\s+mailfrom-temperror@exam\S*\s+suffix "temperr/);
  assert.doesNotMatch(r.frame(), /prefix "mailfrom"/);
  r.stdin.write('\r');
  await until(() => r.frame().includes('Transcript smtp cid 10'), 'transcript of the session');
  assert.match(r.frame(), /C: RCPT TO:<mailfrom-temperror@example\.com>/);
});

test('Enter in the Log view shows the whole record with its attributes', async (t) => {
  const c = new FakeClient();
  const r = start(c);
  t.after(() => r.unmount());
  c.emit('log.record', { level: 'info', pkg: 'webhook', msg: 'webhook delivery failed', attrs: { hookId: 12, url: 'http://127.0.0.1:28501/out/with/a/long/path', error: 'http status "500 Internal Server Error", expected 200 ok' } });
  r.stdin.write('6');
  await until(() => r.frame().includes('webhook delivery failed'), 'log row');
  r.stdin.write('\r');
  await until(() => r.frame().includes('Log record'), 'record');
  assert.match(r.frame(), /error: http status "500 Internal Server Error", expected 200 ok/);
  assert.match(r.frame(), /url: http:\/\/127\.0\.0\.1:28501\/out\/with\/a\/long\/path/);
  r.stdin.write('\x1b');
  await until(() => !r.frame().includes('Log record'), 'back');
});

test('webhooks: superseded and canceled calls are named so, not just failed', async (t) => {
  const base: WebhookItem = { id: 3, account: 'mox', event: 'delayed', url: 'http://x/out', queueMsgId: 2, submitted: 1, attempts: 1, retired: true, success: false, history: [] };
  const c = new FakeClient();
  c.webhookItems = [
    { ...base, supersededBy: 13, history: [{ start: 1, durationMs: 3, success: false, code: 500, error: 'http status 500', response: '' }] },
    { ...base, id: 14, history: [{ start: 2, durationMs: 0, success: false, code: 0, error: 'canceled by admin', response: '' }] },
  ];
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('3');
  await until(() => r.frame().includes('superseded'), 'superseded');
  assert.match(r.frame(), /3\s+delayed\s+superseded\s+500/);
  assert.match(r.frame(), /14\s+delayed\s+canceled\s+-/);
  r.stdin.write('\r');
  await until(() => r.frame().includes('Webhook 3'), 'detail');
  assert.match(r.frame(), /superseded by webhook 13/);
});

test('80 columns: the help fits without cutting its lines', async (t) => {
  const c = new FakeClient();
  const r = start(c);
  t.after(() => r.unmount());
  r.stdin.write('?');
  await until(() => r.frame().includes('Help'), 'help');
  const body = r.frame().split('\n').slice(3, -1).join('\n');
  assert.doesNotMatch(body, /…/);
  assert.match(r.frame(), /detaches \(mox tui\)/);
});
