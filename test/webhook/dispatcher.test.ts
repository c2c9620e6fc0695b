// The webhook queue and dispatcher on a manual clock with a scripted poster: mox's retry
// intervals and attempt limit, one request per URL, superseding, admin operations, cleanup.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { testDeps } from '../helpers/deps.js';
import { testQueue, ok } from '../helpers/queue.js';
import { HookDispatcher, HookFilterError, hookBackoffMs, hookIntervalsMs, type AccountHooks, type HookRequest, type HookResponse } from '../../src/webhook/index.js';

const minute = 60_000;

/** Waits (yielding to I/O) until `cond` holds; fails after 5s. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (i > 5000) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A queue whose account "mox" sends all outgoing events to two URLs by account; a scripted poster. */
async function setup(t: TestContext, respond: (r: HookRequest) => HookResponse | Promise<HookResponse> = () => ({ code: 200, response: 'ok' }), conf: Partial<AccountHooks> = {}) {
  const tq = await testQueue(t, () => ok);
  const config: AccountHooks = { outgoing: { url: 'http://hooks.example/out', authorization: 'Bearer x', events: [] }, keepRetiredMs: 3600_000, ...conf };
  // The WebhookQueue reads the account config per hook; this test's config is mutable.
  tq.q.hooks.deps.config = (a) => (a === 'mox' ? config : undefined);
  const requests: HookRequest[] = [];
  const d = new HookDispatcher({
    hooks: tq.q.hooks,
    post: async (r) => {
      requests.push(r);
      return respond(r);
    },
    log: testDeps().log,
    random: () => 0.5,
  });
  d.start();
  t.after(() => d.stop());
  const idle = async () => {
    for (let i = 0; i < 5; i++) {
      await tq.settle();
      await d.idle();
    }
  };
  return { ...tq, d, requests, idle, config };
}

test('backoff: mox intervals 1m..16h then 32h, ±1% jitter', () => {
  assert.deepEqual(
    hookIntervalsMs.map((ms) => ms / minute),
    [1, 2, 4, 7.5, 15, 30, 60, 120, 240, 480, 960],
  );
  assert.equal(hookBackoffMs(0, () => 0.5), minute);
  assert.equal(hookBackoffMs(11, () => 0.5), 32 * 60 * minute);
  assert.equal(hookBackoffMs(0, () => 0), minute - 600);
  assert.equal(hookBackoffMs(0, () => 0.9999), minute + 594);
});

test('a failing URL: 12 attempts on mox schedule, then retired as failed; headers and payload per attempt', async (t) => {
  const s = await setup(t, () => ({ code: 503, response: 'busy', error: 'http status "503 Service Unavailable", expected 200 ok' }));
  const [id] = await s.add(['a@example.com']);
  await s.settle();
  await s.idle();
  assert.equal(s.requests.length, 1);
  const r0 = s.requests[0]!;
  assert.equal(r0.url, 'http://hooks.example/out');
  assert.equal(r0.authorization, 'Bearer x');
  assert.equal(r0.attempt, 1);
  assert.equal((JSON.parse(r0.payload) as { QueueMsgID: number; Event: string }).QueueMsgID, id);
  const starts = [s.clock.now()];
  for (let i = 1; i < 12; i++) {
    const [h] = s.q.hooks.list();
    assert.ok(h, `attempt ${i + 1}`);
    await s.clock.advance(h.nextAttempt - s.clock.now());
    await s.idle();
    starts.push(s.clock.now());
    assert.equal(s.requests.length, i + 1);
    assert.equal(s.requests[i]!.attempt, i + 1);
  }
  assert.deepEqual(
    starts.slice(1).map((t0, i) => (t0 - starts[i]!) / minute),
    hookIntervalsMs.map((ms) => ms / minute),
  );
  assert.equal(s.q.hooks.store.count(), 0);
  const [r] = s.q.hooks.retiredList();
  assert.equal(r!.success, false);
  assert.equal(r!.attempts, 12);
  assert.equal(r!.results.length, 12);
  assert.ok(r!.results.every((x) => x.code === 503 && x.response === 'busy' && x.url === 'http://hooks.example/out'));
  assert.equal(r!.keepUntil - r!.lastActivity, 3600_000);
});

test('one request per URL at a time: a second hook for the same URL waits; other URLs go in parallel', async (t) => {
  const gates: (() => void)[] = [];
  const s = await setup(t, (r) => new Promise((resolve) => gates.push(() => resolve({ code: 200, response: r.url }))));
  t.after(() => gates.forEach((g) => g()));
  const queued = () => s.q.hooks.list().length;
  await s.add(['a@example.com']);
  await until(() => queued() === 1 && s.requests.length === 1);
  await s.add(['b@example.com']);
  await until(() => queued() === 2);
  s.config.outgoing = { url: 'http://other.example/', authorization: '', events: [] };
  await s.add(['c@example.com']);
  await until(() => s.requests.length === 2);
  assert.deepEqual(s.requests.map((r) => r.url), ['http://hooks.example/out', 'http://other.example/']);
  assert.equal(s.q.hooks.list().find((h) => h.attempts === 0)?.url, 'http://hooks.example/out');
  gates.shift()!();
  await until(() => s.requests.length === 3);
  assert.equal(s.requests[2]!.url, 'http://hooks.example/out');
  while (gates.length) gates.shift()!();
  await until(() => s.q.hooks.retiredList().length === 3);
});

test('a hook superseded during its attempt: the result is added to its retired record with "(superseded)"', async (t) => {
  let release = () => {};
  let gated = true;
  const s = await setup(t, () => {
    if (!gated) return { code: 200, response: 'ok' };
    gated = false;
    return new Promise((resolve) => (release = () => resolve({ code: 200, response: 'ok' })));
  });
  const [id] = await s.add(['a@example.com']);
  await until(() => s.requests.length === 1);
  const [h1] = s.q.hooks.list();
  // A newer event for the same message arrives while the first is being posted.
  const after: (() => void)[] = [];
  const h2 = s.q.db.tx(() => s.q.hooks.outgoing({ account: 'mox', event: 'relayed', queueMsgId: id!, fromId: '', messageId: '', subject: '' }, s.clock.now(), after))!;
  for (const f of after) f();
  release();
  await until(() => s.q.hooks.store.retired(h2.id) !== undefined);
  const r1 = s.q.hooks.store.retired(h1!.id)!;
  assert.equal(r1.supersededById, h2.id);
  assert.deepEqual(r1.results.map((r) => r.error), ['(superseded)']);
  assert.equal(s.q.hooks.store.retired(h2.id)!.success, true);
});

test('Events filter, no OutgoingWebhook, KeepRetiredWebhookPeriod 0', async (t) => {
  const s = await setup(t, undefined, { outgoing: { url: 'http://hooks.example/out', authorization: '', events: ['failed'] }, keepRetiredMs: 0 });
  await s.add(['a@example.com']);
  await s.idle();
  assert.equal(s.requests.length, 0);
  assert.equal(s.q.hooks.store.count(), 0);
  s.config.outgoing = { url: 'http://hooks.example/out', authorization: '', events: [] };
  const delivered = new Promise((r) => s.bus.on('webhook.retired', r));
  await s.add(['b@example.com']);
  await delivered;
  assert.equal(s.requests.length, 1);
  // Delivered, but not kept.
  assert.equal(s.q.hooks.store.count(), 0);
  assert.equal(s.q.hooks.retiredList().length, 0);
  delete s.config.outgoing;
  await s.add(['c@example.com']);
  await s.idle();
  assert.equal(s.requests.length, 1);
});

test('admin: list filters and sorts, schedule, cancel, cleanup of retired hooks', async (t) => {
  let up = false;
  const s = await setup(t, () => (up ? { code: 200, response: '' } : { code: 500, response: '', error: 'down' }));
  await s.add(['a@example.com']);
  await until(() => s.requests.length === 1);
  await s.clock.advance(10_000);
  await s.add(['b@example.com']);
  await until(() => s.q.hooks.list().length === 2);
  await s.idle();
  // The second waits for the first's URL; both have been tried or are due.
  const all = s.q.hooks.list();
  assert.equal(all.length, 2);
  const [h1, h2] = [...all].sort((a, b) => a.id - b.id);
  assert.deepEqual(s.q.hooks.list({}, { field: 'submitted', asc: true }).map((h) => h.id), [h1!.id, h2!.id]);
  assert.deepEqual(s.q.hooks.list({}, { field: 'submitted' }).map((h) => h.id), [h2!.id, h1!.id]);
  assert.deepEqual(s.q.hooks.list({ max: 1 }, { field: 'submitted', asc: true }).map((h) => h.id), [h1!.id]);
  assert.deepEqual(s.q.hooks.list({}, { field: 'submitted', asc: true, lastId: h1!.id, last: h1!.submitted }).map((h) => h.id), [h2!.id]);
  assert.deepEqual(s.q.hooks.list({ submitted: '<-5s' }).map((h) => h.id), [h1!.id]);
  assert.deepEqual(s.q.hooks.list({ event: 'delivered', account: 'mox' }).length, 2);
  assert.deepEqual(s.q.hooks.list({ event: 'incoming' }).length, 0);
  assert.deepEqual(s.q.hooks.list({ account: 'other' }).length, 0);
  assert.throws(() => s.q.hooks.list({ nextAttempt: '5m' }), (e: Error) => e instanceof HookFilterError && /must start with "<" for less or ">" for greater/.test(e.message));
  assert.throws(() => s.q.hooks.list({ submitted: '<5x' }), /applying filter for submitted: parsing duration "<5x": time: unknown unit "x"/);

  assert.equal(await s.q.hooks.nextAttemptSet({ ids: [h1!.id] }, s.clock.now() + 3600_000), 1);
  assert.deepEqual(s.q.hooks.list({ nextAttempt: '>30m' }).map((h) => h.id), [h1!.id]);
  assert.equal(await s.q.hooks.nextAttemptAdd({ ids: [h1!.id] }, -3600_000), 1);
  assert.deepEqual(s.q.hooks.list({ nextAttempt: '>30m' }).length, 0);

  assert.equal(await s.q.hooks.cancel({ ids: [h2!.id] }), 1);
  const r2 = s.q.hooks.store.retired(h2!.id)!;
  assert.equal(r2.success, false);
  assert.equal(r2.results.at(-1)!.error, 'canceled by admin');
  assert.deepEqual(s.q.hooks.retiredList({ event: 'delivered' }).map((h) => h.id), [h2!.id]);

  up = true;
  await s.q.hooks.nextAttemptSet({}, s.clock.now());
  await until(() => s.q.hooks.store.count() === 0);
  assert.deepEqual(s.q.hooks.retiredList({}, { field: 'submitted', asc: true }).map((h) => [h.id, h.success]), [
    [h1!.id, true],
    [h2!.id, false],
  ]);
  assert.deepEqual(s.q.hooks.retiredList({ lastActivity: '>-1s' }).map((h) => h.id).sort(), [h1!.id, h2!.id].sort());
  // The cleaner runs 4s after start and hourly; retired hooks are kept an hour here.
  await s.clock.advance(3600_000);
  assert.equal(s.q.hooks.retiredList().length, 2);
  await s.clock.advance(2 * 3600_000);
  // Timers that came due while the cleanup's I/O ran wake with the next advance.
  for (let i = 0; i < 1000 && s.q.hooks.retiredList().length > 0; i++) await s.clock.advance(0);
  assert.equal(s.q.hooks.retiredList().length, 0);
});
