// The queue commands of the ctl socket on the wire, as Go mox's CLI sends them (JSON lines with
// Go's field names, every field present) against an in-process localserve engine on a manual
// clock. Times print in the local zone, so this file runs in UTC.
process.env.TZ = 'UTC';

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { ManualClock } from '../../src/clock/index.js';
import { CtlClient, CtlClosedError } from '../../src/ctl/index.js';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';

const start = Date.UTC(2026, 0, 2, 3, 4, 5);

// What Go mox's CLI writes for an empty filter and the default sort.
const goFilter = (f: Record<string, unknown> = {}) =>
  JSON.stringify({ Max: 0, IDs: null, Account: '', From: '', To: '', Hold: null, Submitted: '', NextAttempt: '', Transport: null, ...f });
const goSort = (s: Record<string, unknown> = {}) => JSON.stringify({ Field: '', LastID: 0, Last: null, Asc: false, ...s });
const goRetiredFilter = (f: Record<string, unknown> = {}) =>
  JSON.stringify({ Max: 0, IDs: null, Account: '', From: '', To: '', Submitted: '', LastActivity: '', Transport: null, Success: null, ...f });

/** A localserve engine on a manual clock with a hold-everything rule and three held messages. */
async function setup(t: TestContext) {
  const clock = new ManualClock(start);
  const ls = await startLocalserve(t, { clock });
  const path = join(ls.dir, 'ctl');
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.call('queueholdrulesadd', ['', '', '']);
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  const rcpts = ['a@example.com', 'b@example.net', '"x y"@bücher.example'];
  for (const [i, to] of rcpts.entries()) {
    await tr.sendMail({ envelope: { from: 'app@example.org', to }, raw: `From: app@example.org\r\nSubject: message ${i + 1}\r\nMessage-ID: <m${i + 1}@example.org>\r\n\r\nhi\r\n` });
  }
  tr.close();
  const stream = async () => (await c.readStreamAll(1 << 20)).toString('utf8');
  const count = async (cmd: string, params: string[]) => {
    await c.call(cmd, params);
    return c.readNumber();
  };
  return { ...ls, clock, c, path, stream, count };
}

test('queuelist: mox line format, durations rounded half away from zero, (none), filters and sort', async (t) => {
  const { c, clock, stream } = await setup(t);
  await clock.advance(90_500);
  await c.call('queuelist', [goFilter(), goSort()]);
  assert.equal(
    await stream(),
    [
      'messages:',
      `    3 2026-01-02T03:04:05Z from:app@example.org to:"x y"@bücher.example/"\\"x y\\""@xn--bcher-kva.example next -1m31s last  error ""`,
      '    2 2026-01-02T03:04:05Z from:app@example.org to:b@example.net next -1m31s last  error ""',
      '    1 2026-01-02T03:04:05Z from:app@example.org to:a@example.com next -1m31s last  error ""',
      '',
    ].join('\n'),
  );
  const ids = async (f: Record<string, unknown>, s: Record<string, unknown> = {}) => {
    await c.call('queuelist', [goFilter(f), goSort(s)]);
    return (await stream()).split('\n').slice(1, -1).map((l) => (l === '(none)' ? 0 : Number(l.slice(0, 5))));
  };
  assert.deepEqual(await ids({}, { Asc: true }), [1, 2, 3]);
  assert.deepEqual(await ids({}, { Field: 'Queued', Asc: true }), [1, 2, 3]);
  assert.deepEqual(await ids({ Max: 2 }, { Asc: true }), [1, 2]);
  assert.deepEqual(await ids({ IDs: [1, 3] }), [3, 1]);
  assert.deepEqual(await ids({ To: '@example.net' }), [2]);
  assert.deepEqual(await ids({ To: 'bücher' }), [3]);
  assert.deepEqual(await ids({ From: 'app@' }), [3, 2, 1]);
  assert.deepEqual(await ids({ Account: 'mox' }), [3, 2, 1]);
  assert.deepEqual(await ids({ Account: 'other' }), [0]);
  assert.deepEqual(await ids({ Hold: true }), [3, 2, 1]);
  assert.deepEqual(await ids({ Hold: false }), [0]);
  assert.deepEqual(await ids({ Submitted: '<now' }), [3, 2, 1]);
  assert.deepEqual(await ids({ Submitted: '>-1m' }), [0]);
  assert.deepEqual(await ids({ NextAttempt: '>1h' }), [0]);
  assert.deepEqual(await ids({ Transport: '' }), [3, 2, 1]);
  assert.deepEqual(await ids({ Transport: 'other' }), [0]);
  // Keyset pagination as the admin pages use it: after message 1 in ascending order.
  assert.deepEqual(await ids({}, { Asc: true, LastID: 1, Last: '2026-01-02T03:04:05Z' }), [2, 3]);
  assert.deepEqual(await ids({}, { LastID: 2, Last: '2026-01-02T03:04:05Z' }), [1]);
  await assert.rejects(c.call('queuelist', [goFilter(), goSort({ LastID: 1, Last: 5 })]), { text: 'listing queue: last should be string with time, not number' });
});

test('queue commands answer errors as mox words them and the connection stays usable', async (t) => {
  const { c, stream } = await setup(t);
  await assert.rejects(c.call('queuelist', ['{"Bogus":1}', goSort()]), { text: 'parsing from ctl as json: json: unknown field "Bogus"' });
  await assert.rejects(c.call('queuelist', [goFilter(), goSort({ Field: 'Size' })]), { text: 'listing queue: unknown sort order field "Size"' });
  await assert.rejects(c.call('queuelist', [goFilter({ Submitted: '1h' }), goSort()]), {
    text: 'listing queue: applying filter for submitted: must start with "<" for before or ">" for after a duration',
  });
  await assert.rejects(c.call('queueholdset', [goFilter({ NextAttempt: '<x' }), 'true']), {
    text: 'setting on hold status for messages: applying filter for next attempt: parsing duration "<x": time: invalid duration "x"',
  });
  await assert.rejects(c.call('queueschedule', [goFilter(), '', '5 minutes']), {
    text: 'parsing duration for next delivery attempt: time: unknown unit " minutes" in duration "5 minutes"',
  });
  await assert.rejects(c.call('queuerequiretls', [goFilter(), 'maybe']), { text: 'parsing value: unknown value "maybe"' });
  await assert.rejects(c.call('queuedump', ['x1']), { text: 'parsing id: strconv.ParseInt: parsing "x1": invalid syntax' });
  await assert.rejects(c.call('queuedump', ['99']), { text: 'opening message: absent' });
  await assert.rejects(c.call('queueholdrulesremove', ['99']), { text: 'remove hold rule: absent' });
  await assert.rejects(c.call('queueholdrulesadd', ['', 'bad_domain..', '']), (e: { text: string }) => e.text.startsWith('parsing sender domain: '));
  await assert.rejects(c.call('queueretiredprint', ['1']), { text: 'getting retired message: not found' });
  await assert.rejects(c.call('queueretiredlist', [goRetiredFilter({ LastActivity: 'x' }), goSort()]), {
    text: 'listing retired queue: applying filter for last activity: must start with "<" for before or ">" for after a duration',
  });
  await assert.rejects(c.call('queueretiredlist', [goRetiredFilter(), goSort({ Field: 'NextAttempt' })]), { text: 'listing retired queue: unknown sort order field "NextAttempt"' });
  await c.call('queuelist', [goFilter({ IDs: [2] }), goSort()]);
  assert.match(await stream(), /^messages:\n {4}2 /);
});

test('hold, schedule (relative and -now), transport, requiretls: ok and a count; the queue sees the changes', async (t) => {
  const { c, clock, engine, count, stream } = await setup(t);
  assert.equal(await count('queueschedule', [goFilter({ IDs: [1, 2] }), 'yes', '1h0m0s']), 2);
  assert.equal(engine.queue.get(1)!.nextAttempt, start + 3600_000);
  assert.equal(await count('queueschedule', [goFilter({ IDs: [1] }), '', '30m0s']), 1);
  assert.equal(engine.queue.get(1)!.nextAttempt, start + 5400_000);
  await c.call('queuelist', [goFilter({ IDs: [1] }), goSort()]);
  assert.match(await stream(), / next 1h30m0s last  error ""\n$/);
  assert.equal(await count('queuetransport', [goFilter({ IDs: [2] }), 'relay']), 1);
  assert.equal(engine.queue.get(2)!.transport, 'relay');
  assert.equal(await count('queuerequiretls', [goFilter({ To: 'example.net' }), 'true']), 1);
  assert.equal(engine.queue.get(2)!.requireTls, true);
  assert.equal(await count('queuerequiretls', [goFilter({ IDs: [2] }), 'false']), 1);
  assert.equal(engine.queue.get(2)!.requireTls, false);
  assert.equal(await count('queuerequiretls', [goFilter({ IDs: [2] }), '']), 1);
  assert.equal(engine.queue.get(2)!.requireTls, null);
  // Taking message 1 off hold does not deliver it before its next attempt; -now 0 does.
  assert.equal(await count('queueholdset', [goFilter({ IDs: [1] }), 'false']), 1);
  assert.equal(engine.queue.get(1)!.hold, false);
  await engine.queue.scheduler.idle();
  assert.equal(engine.queue.get(1)!.attempts, 0);
  const delivered = waitDelivered(engine, 1);
  assert.equal(await count('queueschedule', [goFilter({ IDs: [1] }), 'yes', '0s']), 1);
  await delivered;
  await engine.queue.scheduler.idle();
  assert.equal(engine.queue.get(1), undefined);
  assert.equal(await count('queueholdset', [goFilter({ IDs: [3] }), 'true']), 1, 'already on hold: still counted, as mox');
  await clock.advance(1000);
});

test('queuedump streams prefix and message; fail sends a DSN to the Inbox, drop does not; retired list and print', async (t) => {
  const { c, engine, stream, count, clock } = await setup(t);
  await c.call('queuedump', ['2']);
  const dump = await stream();
  assert.match(dump, /^Received: from localhost /);
  assert.match(dump, /\r\nSubject: message 2\r\nMessage-ID: <m2@example\.org>\r\n\r\nhi\r\n$/);
  await clock.advance(5000);
  assert.equal(await count('queuedrop', [goFilter({ IDs: [3] })]), 1);
  assert.equal(await count('queuefail', [goFilter({ IDs: [2] })]), 1);
  assert.equal(await count('queuefail', [goFilter({ IDs: [2] })]), 0);
  const acc = await engine.store.account('mox');
  const subjects = acc.messages(acc.mailbox('Inbox')!.id).map((m) => m.subject);
  assert.deepEqual(subjects, ['mail delivery failed']);
  await c.call('queueretiredlist', [goRetiredFilter(), goSort({ Asc: true })]);
  assert.equal(
    await stream(),
    [
      'retired messages:',
      '    2 2026-01-02T03:04:05Z failure from:app@example.org to:b@example.net last  error "delivery canceled by admin"',
      `    3 2026-01-02T03:04:05Z failure from:app@example.org to:"x y"@bücher.example/"\\"x y\\""@xn--bcher-kva.example last  error "delivery canceled by admin"`,
      '',
    ].join('\n'),
  );
  await c.call('queueretiredlist', [goRetiredFilter({ Success: true }), goSort()]);
  assert.equal(await stream(), 'retired messages:\n(none)\n');
  await c.call('queueretiredprint', ['2']);
  const text = await stream();
  assert.match(text, /^\{\n\t"ID": 2,\n\t"BaseID": 0,\n\t"Queued": "2026-01-02T03:04:05Z",\n/);
  assert.match(text, /\n\t"MessageID": "\\u003cm2@example\.org\\u003e",\n/, 'Go escapes < and > in JSON');
  assert.ok(text.endsWith('}\n'));
  const j = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(j), [
    'ID', 'BaseID', 'Queued', 'SenderAccount', 'SenderLocalpart', 'SenderDomainStr', 'FromID', 'RecipientLocalpart', 'RecipientDomain',
    'RecipientDomainStr', 'Attempts', 'MaxAttempts', 'DialedIPs', 'LastAttempt', 'Results', 'Has8bit', 'SMTPUTF8', 'IsDMARCReport',
    'IsTLSReport', 'Size', 'MessageID', 'Subject', 'Transport', 'RequireTLS', 'FutureReleaseRequest', 'Extra', 'LastActivity',
    'RecipientAddress', 'Success', 'KeepUntil',
  ]);
  assert.deepEqual(j.RecipientDomain, { IP: '', Domain: { ASCII: 'example.net', Unicode: '' } });
  assert.deepEqual(j.Results, [{ Start: '2026-01-02T03:04:10Z', Duration: 0, Success: false, Code: 0, Secode: '', Error: 'delivery canceled by admin' }]);
  assert.equal(j.Success, false);
  assert.equal(j.LastActivity, '2026-01-02T03:04:10Z');
  assert.equal(j.KeepUntil, '2026-01-05T03:04:10Z');
  await c.call('queueretiredprint', ['3']);
  const j3 = JSON.parse(await stream()) as { RecipientDomain: unknown; RecipientLocalpart: string };
  assert.deepEqual(j3.RecipientDomain, { IP: '', Domain: { ASCII: 'xn--bcher-kva.example', Unicode: 'bücher.example' } });
  assert.equal(j3.RecipientLocalpart, 'x y');
});

test('hold rules and suppression lists: mox texts', async (t) => {
  const { c, stream, engine } = await setup(t);
  await c.call('queueholdrulesadd', ['mox', 'Example.ORG', 'xn--bcher-kva.example']);
  await c.call('queueholdruleslist');
  assert.equal(await stream(), 'hold rules:\nid 1: all messages\nid 2: account "mox", sender domain "example.org", recipient domain "bücher.example"\n');
  await c.call('queueholdrulesremove', ['1']);
  await c.call('queueholdrulesremove', ['2']);
  await c.call('queueholdruleslist');
  assert.equal(await stream(), 'hold rules:\n(none)\n');
  // Existing messages stay held after their rule is gone.
  assert.ok(engine.queue.list().every((m) => m.hold));

  await c.call('queuesuppresslist', ['']);
  assert.equal(await stream(), 'suppressions (account, address, manual, time added, base address, reason):\n(none)\n');
  await c.call('queuesuppressadd', ['mox', 'Bob.Smith+x@Example.com']);
  await assert.rejects(c.call('queuesuppressadd', ['mox', 'bobsmith@example.com']), { text: 'adding suppression: address already in suppression list' });
  await assert.rejects(c.call('queuesuppressadd', ['nobody', 'a@example.com']), { text: 'looking up account: unknown account' });
  await assert.rejects(c.call('queuesuppressadd', ['mox', 'not an address']), (e: { text: string }) => e.text.startsWith('parsing address: '));
  await c.call('queuesuppresslist', ['mox']);
  assert.equal(
    await stream(),
    'suppressions (account, address, manual, time added, base address, reason):\n' +
      '"mox"\t"Bob.Smith+x@example.com"\tYes\t2026-01-02 03:04:05 +0000 UTC\t"bobsmith@example.com"\t"added through mox cli"\n',
  );
  await c.call('queuesuppresslist', ['other']);
  assert.match(await stream(), /\n\(none\)\n$/);
  await c.call('queuesuppresslookup', ['', 'bob.smith-y@EXAMPLE.COM']);
  assert.equal(await stream(), 'present\nadded: 2026-01-02 03:04:05 +0000 UTC\nmanual: yes\nbase address: bobsmith@example.com\nreason: "added through mox cli"\n');
  await c.call('queuesuppresslookup', ['mox', 'alice@example.com']);
  assert.equal(await stream(), 'not present\n');
  await assert.rejects(c.call('queuesuppresslookup', ['nobody', 'alice@example.com']), { text: 'looking up account: unknown account' });
  await c.call('queuesuppressremove', ['mox', 'bobsmith@example.com']);
  await assert.rejects(c.call('queuesuppressremove', ['mox', 'bobsmith@example.com']), { text: 'removing suppression: absent' });
  await c.call('queuesuppresslookup', ['', 'bobsmith@example.com']);
  assert.equal(await stream(), 'not present\n');
});

test('stop: no reply, the connection closes and the engine stops (mox)', async (t) => {
  const ls = await startLocalserve(t);
  const stopped = new Promise<void>((resolve) => ls.engine.bus.on('engine.stopped', () => resolve()));
  const c = await CtlClient.connect(join(ls.dir, 'ctl'));
  await c.writeLine('stop');
  await assert.rejects(c.readLine(), CtlClosedError);
  await stopped;
});
