// The EngineClient adapters against a real localserve engine (manual clock): in-process and
// attached over the ctl socket (`tuicall` and `events`), which must answer alike.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { ManualClock } from '../../src/clock/index.js';
import { CtlClient, CtlRemoteError, type BusEvent, type EngineClient } from '../../src/index.js';
import { attachClient, inProcessClient } from '../../tui/index.js';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { until } from './fake-client.js';

async function setup(t: TestContext) {
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5));
  const ls = await startLocalserve(t, { clock });
  const path = join(ls.dir, 'ctl');
  const c = await CtlClient.connect(path);
  await c.call('queueholdrulesadd', ['', '', '']);
  await c.close();
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  for (const to of ['a@example.com', 'b@example.net']) {
    await tr.sendMail({ envelope: { from: 'app@example.org', to }, raw: `From: app@example.org\r\nSubject: to ${to}\r\n\r\nhi ${to}\r\n` });
  }
  tr.close();
  const attached = await attachClient({ socketPath: path });
  t.after(() => attached.close());
  return { ...ls, clock, path, attached, local: inProcessClient(ls.engine, { stop: async () => undefined }) };
}

test('snapshots and actions answer alike in-process and attached over ctl', async (t) => {
  const { attached, local, engine } = await setup(t);
  for (const client of [local, attached] as EngineClient[]) {
    const info = await client.info();
    assert.equal(info.profile, 'localserve');
    assert.ok(info.listeners.some((l) => l.service === 'submission' && l.port > 0));
  }
  const q1 = await local.queue();
  assert.deepEqual(await attached.queue(), q1);
  assert.deepEqual(
    q1.map((m) => [m.to, m.hold, m.from, m.subject]),
    [
      ['a@example.com', true, 'app@example.org', 'to a@example.com'],
      ['b@example.net', true, 'app@example.org', 'to b@example.net'],
    ],
  );
  const [a, b] = q1;
  // Hold again (still held), then release: the manual clock is past its next attempt, so it goes.
  assert.equal(await local.queueAction('hold', [a!.id]), 1);
  assert.equal((await attached.queue()).find((m) => m.id === a!.id)!.hold, true);
  const delivered = waitDelivered(engine, 1);
  assert.equal(await attached.queueAction('unhold', [a!.id]), 1);
  await delivered;
  // Fail: retired as failed, a DSN lands in the Inbox.
  const dsn = waitDelivered(engine, 1);
  assert.equal(await attached.queueAction('fail', [b!.id]), 1);
  await dsn;
  const retired = await attached.retired();
  assert.deepEqual(
    retired.map((m) => [m.id, m.success]).sort(),
    [
      [a!.id, true],
      [b!.id, false],
    ],
  );
  assert.deepEqual(await local.retired(), retired);
  const inbox = await attached.inbox();
  assert.deepEqual(inbox.map((m) => [m.from, m.subject]).sort(), [
    ['', 'mail delivery failed'],
    ['app@example.org', 'to a@example.com'],
  ]);
  assert.deepEqual(await local.inbox(), inbox);
  const first = inbox.find((m) => m.from !== '')!;
  const msg = await attached.message(first.account, first.id);
  assert.match(msg!.headers, /^Subject: to a@example\.com\r?$/m);
  assert.equal(msg!.text, 'hi a@example.com\r\n');
  assert.equal(await attached.message('nosuchaccount', 1), undefined);
  assert.deepEqual(await attached.queue(), []);
  assert.equal(await attached.queueAction('drop', [a!.id]), 0);
  assert.deepEqual(await attached.webhooks(), []);
  assert.equal(await attached.webhookPayload(12345), undefined);
  assert.equal(await attached.webhookAction('cancel', [12345]), 0);
});

test('tuicall refuses unknown operations and bad arguments with an error line', async (t) => {
  const { path } = await setup(t);
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await assert.rejects(c.call('tuicall', [JSON.stringify({ op: 'nope', args: [] })]), (e: unknown) => e instanceof CtlRemoteError && /unknown tui operation "nope"/.test(e.text));
  await assert.rejects(c.call('tuicall', [JSON.stringify({ op: 'queueAction', args: ['explode', [1]] })]), (e: unknown) => e instanceof CtlRemoteError && /action: want one of/.test(e.text));
});

test('event streams: backlog replay, then live events, in-process and attached; detach leaves the server running', async (t) => {
  const { attached, local, port, path } = await setup(t);
  const got = { local: [] as BusEvent[], attached: [] as BusEvent[] };
  const offLocal = local.subscribe((evs) => got.local.push(...evs), { backlog: true });
  const offAttached = attached.subscribe((evs) => got.attached.push(...evs), { backlog: true });
  t.after(() => {
    offLocal();
    offAttached();
  });
  // The backlog has the earlier submissions.
  for (const k of ['local', 'attached'] as const) await until(() => got[k].some((e) => e.type === 'queue.added'), `${k} backlog`);
  const tr = createTransport({ host: '127.0.0.1', port: port('submission'), ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  await assert.rejects(tr.sendMail({ envelope: { from: 'app@example.org', to: 'rcptto550@example.com' }, raw: 'Subject: x\r\n\r\nx\r\n' }));
  tr.close();
  for (const k of ['local', 'attached'] as const) {
    await until(() => got[k].some((e) => e.type === 'smtp.failureSimulated'), `${k} live failure`);
    const lines = got[k].filter((e) => e.type === 'smtp.line').map((e) => (e.data as { text: string }).text);
    assert.ok(lines.includes('RCPT TO:<rcptto550@example.com>'), `${k}: ${lines.join(' | ')}`);
    assert.ok(!lines.some((l) => l.includes('moxmoxmox') || /AUTH PLAIN \S{8,}/.test(l)), `${k}: secret in transcript`);
  }
  await attached.close();
  // Still running: a new ctl connection works.
  const c = await CtlClient.connect(path);
  await c.close();
});
