// Outgoing and incoming webhooks end to end: a localserve engine (manual clock) submits,
// delivers to itself and posts webhooks to a real HTTP receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueAdmin } from '../../src/queue/index.js';
import { outgoingAuth, recorder, settle, webhookServer } from './setup.js';

const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

test('delivered: outgoing payload with mox fields and headers, and the incoming webhook of the delivery', async (t) => {
  const s = await webhookServer(t);
  const [id] = await s.send('someone@example.com', { subject: 'order 1', headers: { 'X-Mox-Extra-Order-Id': '123' } });
  await s.rx.wait(2);
  const out = s.rx.got.find((r) => r.path === '/out')!;
  const inc = s.rx.got.find((r) => r.path === '/in')!;
  assert.ok(out && inc, JSON.stringify(s.rx.got.map((g) => g.path)));

  // mox's webhook.Outgoing: all keys, in mox's order.
  assert.deepEqual(Object.keys(out.json), ['Version', 'Event', 'DSN', 'Suppressing', 'QueueMsgID', 'FromID', 'MessageID', 'Subject', 'WebhookQueued', 'SMTPCode', 'SMTPEnhancedCode', 'Error', 'Extra']);
  const { WebhookQueued, MessageID, ...rest } = out.json;
  assert.match(WebhookQueued as string, rfc3339);
  assert.match(MessageID as string, /^<.+@.+>$/);
  assert.deepEqual(rest, {
    Version: 0,
    Event: 'delivered',
    DSN: false,
    Suppressing: false,
    QueueMsgID: id,
    FromID: '',
    Subject: 'order 1',
    SMTPCode: 250,
    SMTPEnhancedCode: '2.1.0',
    Error: '',
    Extra: { 'Order-Id': '123' },
  });
  assert.equal(out.method, 'POST');
  assert.equal(out.headers.authorization, outgoingAuth);
  assert.equal(out.headers['content-type'], 'application/json; charset=utf-8');
  assert.match(out.headers['user-agent']!, /^mox\/\S+ \(webhook\)$/);
  assert.match(String(out.headers['x-mox-webhook-id']), /^\d+$/);
  assert.equal(out.headers['x-mox-webhook-attempt'], '1');

  // The incoming webhook: no Authorization configured for it.
  assert.equal(inc.headers.authorization, undefined);
  const i = inc.json as Record<string, any>;
  assert.deepEqual(Object.keys(i), ['Version', 'From', 'To', 'CC', 'BCC', 'ReplyTo', 'Subject', 'MessageID', 'InReplyTo', 'References', 'Date', 'Text', 'HTML', 'Structure', 'Meta']);
  assert.deepEqual(i.From, [{ Name: '', Address: 'app@example.org' }]);
  assert.deepEqual(i.To, [{ Name: '', Address: 'someone@example.com' }]);
  assert.deepEqual([i.CC, i.BCC, i.ReplyTo, i.References], [[], [], [], []]);
  assert.equal(i.Subject, 'order 1');
  assert.equal(i.MessageID, MessageID);
  assert.match(i.Date, rfc3339);
  assert.equal(i.Text, 'body text\n');
  assert.equal(i.HTML, '');
  assert.equal(i.Structure.ContentType, 'text/plain');
  assert.deepEqual(i.Structure.Parts, []);
  assert.equal(i.Structure.ContentTypeParams.charset, 'utf-8');
  assert.deepEqual(Object.keys(i.Meta), ['MsgID', 'MailFrom', 'MailFromValidated', 'MsgFromValidated', 'RcptTo', 'DKIMVerifiedDomains', 'RemoteIP', 'Received', 'MailboxName', 'Automated']);
  assert.equal(i.Meta.MailFrom, 'app@example.org');
  assert.equal(i.Meta.RcptTo, 'someone@example.com');
  assert.equal(i.Meta.MailboxName, 'Inbox');
  assert.equal(i.Meta.Automated, false);
  assert.deepEqual(i.Meta.DKIMVerifiedDomains, []);
  const acc = await s.engine.store.account('mox');
  assert.equal(acc.message(i.Meta.MsgID)?.subject, 'order 1');

  // Both hooks are retired as delivered, with one successful attempt.
  await s.engine.webhooks.idle();
  const retired = s.engine.queue.hooks.retiredList();
  assert.equal(retired.length, 2);
  for (const h of retired) {
    assert.equal(h.success, true);
    assert.equal(h.attempts, 1);
    assert.equal(h.results[0]!.code, 200);
    assert.equal(h.results[0]!.response, 'ok\n');
  }
  assert.deepEqual(retired.map((h) => h.authorization).sort(), [false, true]);
  assert.equal(s.engine.queue.hooks.store.count(), 0);
  const metrics = await s.engine.registry.metrics();
  assert.match(metrics, /^mox_webhook_results_total\{code="200"\} 2$/m);
  assert.match(metrics, /^mox_webhook_request_duration_seconds_count 2$/m);
});

test('permerror next to a plain recipient, then queue-permerror: failed with Suppressing, then suppressed', async (t) => {
  const s = await webhookServer(t, { incoming: false });
  const ids = await s.send(['ok@example.com', 'xpermerror@example.com']);
  await s.rx.wait(2);
  const byEvent = (id: number) => s.outFor(id).map((r) => r.json);
  const [okId, failId] = ids;
  assert.equal(byEvent(okId!)[0]!.Event, 'delivered');
  const f = byEvent(failId!)[0]!;
  assert.equal(f.Event, 'failed');
  assert.equal(f.SMTPCode, 550);
  assert.equal(f.SMTPEnhancedCode, '5.0.0');
  assert.equal(f.Suppressing, true);
  assert.match(f.Error as string, /550 5\.0\.0 failure with code 550 due to special localpart/);

  // The queue prefix passes submission and fails in the queue.
  const [q1] = await s.send('queuepermerror@example.net');
  await s.rx.wait(3);
  const qf = byEvent(q1!)[0]!;
  assert.equal(qf.Event, 'failed');
  assert.equal(qf.SMTPCode, 550);
  assert.equal(qf.Suppressing, true);

  // The address is on the suppression list now: the next message is not attempted.
  const [q2] = await s.send('queuepermerror+other@example.net');
  await s.rx.wait(4);
  const sup = byEvent(q2!)[0]!;
  assert.equal(sup.Event, 'suppressed');
  assert.equal(sup.SMTPCode, 0);
  assert.equal(sup.SMTPEnhancedCode, '');
  assert.equal(sup.Suppressing, false);
  assert.match(sup.Error as string, /address is on suppression list/);
});

test('temperror: a delayed webhook after each failed attempt, in order, then failed after the 8th', async (t) => {
  const s = await webhookServer(t, { incoming: false });
  const attempted = recorder(s.engine.bus, 'queue.attempted');
  const retired = recorder(s.engine.bus, 'webhook.retired');
  const dsns = recorder(s.engine.bus, 'queue.dsnSent');
  const [id] = await s.send('queuetemperror@example.com');
  for (let attempt = 1; attempt <= 8; attempt++) {
    await attempted.wait((e) => e.msgId === id && e.attempt === attempt);
    // The hook for this attempt is delivered before the clock moves on.
    await retired.wait((e) => e.reason === 'delivered' && retired.seen.filter((x) => x.reason === 'delivered').length >= attempt);
    const last = s.outFor(id!).at(-1)!.json;
    assert.equal(s.outFor(id!).length, attempt);
    assert.equal(last.SMTPCode, 451, `attempt ${attempt}`);
    assert.equal(last.SMTPEnhancedCode, '4.0.0');
    assert.match(last.Error as string, /451 4\.0\.0 failure with code 451 due to special localpart/);
    if (attempt === 5) {
      // mox: the sender gets a "delayed" DSN after the 5th attempt; the hooks go on.
      const dsn = await dsns.wait((e) => e.msgId === id);
      assert.equal(dsn.kind, 'delayed');
    }
    const m = s.engine.queue.get(id!);
    if (m) await s.clock.advance(m.nextAttempt - s.clock.now());
  }
  const events = s.outFor(id!).map((r) => r.json.Event);
  assert.deepEqual(events, ['delayed', 'delayed', 'delayed', 'delayed', 'delayed', 'delayed', 'delayed', 'failed']);
  assert.deepEqual(s.outFor(id!).map((r) => r.headers['x-mox-webhook-attempt']), Array(8).fill('1'));
  // Each event is its own hook, delivered in the order queued.
  const hookIds = s.outFor(id!).map((r) => Number(r.headers['x-mox-webhook-id']));
  assert.deepEqual([...hookIds].sort((a, b) => a - b), hookIds);
});

test('admin drop and fail: canceled and failed events with the admin error', async (t) => {
  const s = await webhookServer(t, { incoming: false });
  const admin = new QueueAdmin(s.engine.queue);
  await admin.holdRuleAdd({ account: '', senderDomainStr: '', recipientDomainStr: '' });
  const [a] = await s.send('a@example.com');
  const [b] = await s.send('b@example.com');
  assert.equal(await admin.drop({ ids: [a!] }), 1);
  assert.equal(await admin.fail({ ids: [b!] }), 1);
  await s.rx.wait(2);
  assert.deepEqual(
    [s.outFor(a!)[0]!.json.Event, s.outFor(a!)[0]!.json.Error, s.outFor(b!)[0]!.json.Event, s.outFor(b!)[0]!.json.Error],
    ['canceled', 'delivery canceled by admin', 'failed', 'delivery canceled by admin'],
  );
});

test('retries when the receiver answers 500, with the backoff on the clock; Events filter', async (t) => {
  const s = await webhookServer(t, { incoming: false, status: (_r, n) => (n <= 2 ? 500 : 200) });
  const [id] = await s.send('someone@example.com');
  await s.rx.wait(1);
  await settle();
  await s.engine.webhooks.idle();
  let [h] = s.engine.queue.hooks.list();
  assert.ok(h);
  assert.equal(h.attempts, 1);
  assert.equal(h.results[0]!.code, 500);
  assert.equal(h.results[0]!.error, 'http status "500 Internal Server Error", expected 200 ok');
  assert.equal(h.results[0]!.response, 'server error\n');
  // mox: 1 minute, then 2 minutes (±1% jitter).
  assert.ok(Math.abs(h.nextAttempt - h.results[0]!.start - 60_000) <= 600, String(h.nextAttempt - h.results[0]!.start));
  await s.clock.advance(h.nextAttempt - s.clock.now());
  await s.rx.wait(2);
  await settle();
  await s.engine.webhooks.idle();
  [h] = s.engine.queue.hooks.list();
  assert.equal(h!.attempts, 2);
  assert.ok(Math.abs(h!.nextAttempt - h!.results[1]!.start - 120_000) <= 1200);
  await s.clock.advance(h!.nextAttempt - s.clock.now());
  await s.rx.wait(3);
  await settle();
  await s.engine.webhooks.idle();
  assert.deepEqual(s.rx.got.map((r) => r.headers['x-mox-webhook-attempt']), ['1', '2', '3']);
  assert.deepEqual(s.rx.got.map((r) => r.headers['x-mox-webhook-id']), Array(3).fill(String(h!.id)));
  assert.equal(s.engine.queue.hooks.store.count(), 0);
  const r = s.engine.queue.hooks.store.retired(h!.id)!;
  assert.equal(r.success, true);
  assert.deepEqual(r.results.map((x) => x.code), [500, 500, 200]);
  assert.equal(r.queueMsgId, id);
});

test('only the newest event of a message is delivered: a pending hook is superseded', async (t) => {
  // The receiver fails every attempt of the first hook, so that hook stays queued until a
  // newer one supersedes it; the newer hook gets 200.
  let firstId: string | undefined;
  const s = await webhookServer(t, {
    incoming: false,
    status: (r) => {
      const id = String(r.headers['x-mox-webhook-id']);
      firstId ??= id;
      return id === firstId ? 500 : 200;
    },
  });
  const retired = recorder(s.engine.bus, 'webhook.retired');
  const [id] = await s.send('queuetemperror@example.com');
  await s.rx.wait(1);
  await settle();
  await s.engine.webhooks.idle();
  const first = s.engine.queue.hooks.list()[0]!;
  assert.equal(first.outgoingEvent, 'delayed');
  // The queue's second attempt (after 7.5 min) queues a newer delayed hook for the message.
  const m = s.engine.queue.get(id!)!;
  await s.clock.advance(m.nextAttempt - s.clock.now());
  const ev = await retired.wait((e) => e.reason === 'superseded');
  assert.equal(ev.hookId, first.id);
  const done = await retired.wait((e) => e.reason === 'delivered');
  assert.equal(done.hookId, ev.supersededBy);
  await s.engine.webhooks.idle();
  const r = s.engine.queue.hooks.store.retired(first.id)!;
  assert.equal(r.supersededById, ev.supersededBy);
  assert.equal(r.success, false);
  assert.ok(r.results.length >= 1);
  // An attempt in flight when the hook was superseded is added to its record, as mox does.
  assert.deepEqual([...new Set(r.results.map((x) => x.code))], [500]);
  // What arrived: the first hook's failing attempts and the newer hook, once.
  const newer = s.rx.got.filter((g) => g.headers['x-mox-webhook-id'] === String(ev.supersededBy));
  assert.equal(newer.length, 1);
  assert.equal(newer[0]!.json.Event, 'delayed');
  assert.ok(s.rx.got.every((g) => g === newer[0] || g.headers['x-mox-webhook-id'] === String(first.id)));
  assert.equal(s.engine.queue.hooks.store.count(), 0);
});
