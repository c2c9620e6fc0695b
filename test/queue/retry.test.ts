import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { ok, perm, temp, testQueue } from '../helpers/queue.js';

const min = 60_000;

test('mox retry schedule: 8 attempts at 0, 7.5m, 22.5m, 52.5m, 1h52.5m, 3h52.5m, 7h52.5m, 15h52.5m; delayed DSN after the 5th, failure DSN after the 8th', async (t) => {
  const { q, admin, clock, dsns, attempts, add, settle } = await testQueue(t, () => temp());
  const t0 = clock.now();
  const [id] = await add(['someone@example.com']);
  await settle();
  for (let i = 0; i < 7; i++) {
    const m = q.get(id!)!;
    await clock.advance(m.nextAttempt - clock.now());
    await settle();
  }
  assert.deepEqual(attempts.map((a) => (a - t0) / min), [0, 7.5, 22.5, 52.5, 112.5, 232.5, 472.5, 952.5]);
  assert.equal(q.get(id!), undefined, 'failed after 8 attempts');
  assert.deepEqual(dsns.map((d) => [d.kind, d.msg.attempts]), [['delayed', 5], ['failed', 8]]);
  const delayed = dsns[0]!;
  assert.equal(delayed.retryUntil, delayed.msg.lastAttempt! + 28 * 3600_000);
  assert.equal(delayed.code, 451);
  // The stored DSN (RFC 3464) parses back: subject, report fields, original headers.
  const text = delayed.message.toString();
  assert.match(text, /^Return-Path: <postmaster@mox\.example>\r\nDelivered-To: app@example\.org\r\n/);
  const p = await PostalMime.parse(delayed.message);
  assert.equal(p.subject, 'mail delivery delayed');
  assert.equal(p.inReplyTo ?? p.headers.find((h) => h.key === 'references')?.value, '<q@example.org>');
  const status = p.attachments.find((a) => a.mimeType === 'message/delivery-status')!;
  const fields = Buffer.from(status.content as ArrayBuffer).toString().replace(/\r?\n[ \t]+/g, ' ');
  assert.match(fields, /Action: delayed/);
  assert.match(fields, /Status: 4\.0\.0/);
  assert.match(fields, /Will-Retry-Until: /);
  assert.match(fields, /Diagnostic-Code: smtp; ?451 4\.0\.0 try later/);
  const headers = p.attachments.find((a) => a.mimeType === 'text/rfc822-headers')!;
  assert.match(Buffer.from(headers.content as ArrayBuffer).toString(), /^Received: test\r?\nSubject: queued\r?\n/);
  assert.equal((await PostalMime.parse(dsns[1]!.message)).subject, 'mail delivery failed');
  const r = admin.retired(id!)!;
  assert.equal(r.success, false);
  assert.equal(r.attempts, 8);
  assert.equal(r.results.length, 8);
  assert.ok(r.results.every((x) => !x.success && x.code === 451 && x.error.includes('try later')));
  assert.equal(r.keepUntil, r.lastActivity + 72 * 3600_000);
});

test('permanent failure: fails at once with a DSN; 550 suppresses the base address; next send to it is suppressed without an attempt', async (t) => {
  const { q, admin, dsns, attempts, add, settle } = await testQueue(t, (m) => (m.recipientLocalpart.startsWith('bad') ? perm(550, '1.1') : ok));
  const [bad] = await add(['bad.user+tag@Example.COM']);
  await settle();
  assert.equal(q.get(bad!), undefined);
  assert.deepEqual(dsns.map((d) => [d.kind, d.code, d.secode]), [['failed', 550, '1.1']]);
  const s = admin.suppressionList('mox');
  assert.equal(s.length, 1);
  assert.equal(s[0]!.baseAddress, 'baduser@example.com');
  assert.equal(s[0]!.reason, 'delivery failure from queue with smtp code 550, enhanced code "1.1"');
  const before = attempts.length;
  const [again] = await add(['bad.user-other@example.com']);
  await settle();
  assert.equal(attempts.length, before, 'no delivery attempt for a suppressed address');
  const r = admin.retired(again!)!;
  assert.match(r.results.at(-1)!.error, /address is on suppression list/);
  assert.equal(dsns.at(-1)!.kind, 'failed');
  // Removing the entry lets it through again.
  assert.equal(await admin.suppressionRemove('mox', 'bad.user@example.com'), true);
  assert.deepEqual(admin.suppressionLookup('bad.user@example.com'), []);
});

test('other permanent codes suppress on the third failure in a row; network errors (code 0) never', async (t) => {
  const { admin, add, settle } = await testQueue(t, (m) => (m.recipientLocalpart === 'flaky' ? perm(554, '0.0') : { ...perm(0, ''), code: 0 }));
  for (let i = 0; i < 2; i++) {
    await add(['flaky@example.com']);
    await settle();
    assert.equal(admin.suppressionList().length, 0, `after failure ${i + 1}`);
  }
  await add(['flaky@example.com']);
  await settle();
  assert.deepEqual(admin.suppressionList().map((s) => s.reason), ['delivery failure from queue and three consecutive failures']);
  for (let i = 0; i < 3; i++) {
    await add(['net@example.com']);
    await settle();
  }
  assert.equal(admin.suppressionList().length, 1);
});

test('hold rules: new matching messages are held (AND of the rule fields), existing ones too; unhold releases', async (t) => {
  const { q, admin, attempts, add, settle } = await testQueue(t, () => ok);
  await admin.holdRuleAdd({ account: '', senderDomainStr: 'example.org', recipientDomainStr: 'held.example' });
  const [held] = await add(['x@held.example']);
  const [free] = await add(['x@free.example']);
  await settle();
  assert.equal(q.get(held!)!.hold, true);
  assert.equal(q.get(free!), undefined, 'delivered');
  assert.equal(attempts.length, 1);
  // An empty rule holds everything, including what is queued already.
  await admin.holdRuleAdd({ account: '', senderDomainStr: '', recipientDomainStr: '' });
  const [later] = await add(['y@free.example']);
  await settle();
  assert.equal(q.get(later!)!.hold, true);
  assert.equal(admin.holdRules().length, 2);
  for (const r of admin.holdRules()) assert.equal(await admin.holdRuleRemove(r.id), true);
  assert.equal(q.get(later!)!.hold, true, 'removing a rule does not release');
  assert.equal(await admin.holdSet({}, false), 2);
  await settle();
  assert.equal(q.count(), 0);
});

test('admin: filters, sort, schedule, transport, requiretls, fail (DSN) and drop (no DSN), dump, retired history and cleanup', async (t) => {
  const { q, admin, clock, dsns, add, settle } = await testQueue(t, () => temp(), { keepRetiredMs: 3600_000 });
  await admin.holdRuleAdd({ account: '', senderDomainStr: '', recipientDomainStr: '' });
  const ids = (await Promise.all(['a@one.example', 'b@two.example', 'c@one.example'].map((a) => add([a])))).flat();
  await clock.advance(60_000);
  assert.deepEqual(admin.list({ to: '@one.example' }, { field: 'queued', asc: true }).map((m) => m.id), [ids[0], ids[2]]);
  assert.equal(admin.list({ from: 'app@' }).length, 3);
  assert.equal(admin.list({ from: 'nobody' }).length, 0);
  assert.equal(admin.list({ submitted: '<-30s' }).length, 3);
  assert.equal(admin.list({ submitted: '>-30s' }).length, 0);
  assert.equal(admin.list({ ids: [ids[1]!] })[0]!.recipientDomainStr, 'two.example');
  assert.equal(admin.list({ max: 2 }).length, 2);
  assert.throws(() => admin.list({ nextAttempt: 'x1h' }), /must start with "<"/);
  assert.equal(await admin.transportSet({ ids: [ids[0]!] }, 'submit'), 1);
  assert.equal(q.get(ids[0]!)!.transport, 'submit');
  assert.deepEqual(admin.list({ transport: '' }).map((m) => m.id).sort(), [ids[1], ids[2]].sort());
  assert.equal(await admin.requireTlsSet({ ids: [ids[1]!] }, true), 1);
  assert.equal(q.get(ids[1]!)!.requireTls, true);
  assert.equal(await admin.nextAttemptAdd({ ids: [ids[2]!] }, 3600_000), 1);
  assert.equal(q.get(ids[2]!)!.nextAttempt - q.get(ids[2]!)!.queued, 3600_000);
  assert.match((await admin.dump(ids[0]!)).toString(), /^Received: test\r\nSubject: queued\r\n/);
  assert.equal(await admin.fail({ ids: [ids[0]!] }), 1);
  assert.equal(await admin.drop({ ids: [ids[1]!] }), 1);
  assert.deepEqual(dsns.map((d) => [d.kind, d.msg.id, d.error]), [['failed', ids[0], 'delivery canceled by admin']]);
  const retired = admin.retiredList({}, { field: 'queued', asc: true });
  assert.deepEqual(retired.map((r) => [r.id, r.success, r.results.at(-1)!.error]), [
    [ids[0], false, 'delivery canceled by admin'],
    [ids[1], false, 'delivery canceled by admin'],
  ]);
  assert.equal(admin.retiredList({ success: true }).length, 0);
  // Retired messages go after the account's keep period (cleaner: 3s after start, then hourly).
  // Each hour's cleanup finishes (real I/O) before the clock moves on to the next one.
  await clock.advance(3600_000);
  await q.cleanerIdle();
  assert.equal(admin.retiredList().length, 2, 'kept for an hour');
  await clock.advance(3600_000);
  await q.cleanerIdle();
  assert.equal(admin.retiredList().length, 0);
  // schedule -now: due at once; on hold it still waits.
  assert.equal(await admin.nextAttemptSet({ ids: [ids[2]!] }, clock.now()), 1);
  await settle();
  assert.equal(q.get(ids[2]!)!.attempts, 0, 'held');
  await admin.holdSet({ ids: [ids[2]!] }, false);
  await settle();
  assert.equal(q.get(ids[2]!)!.attempts, 1);
});

test('a recipient with a quoted localpart gets a DSN and is shown quoted', async (t) => {
  const { dsns, add, settle } = await testQueue(t, () => perm());
  await add(['x y@example.com']); // localpart "x y" (unquoted in the record)
  await settle();
  assert.equal(dsns.length, 1, 'failure DSN composed');
  const p = await PostalMime.parse(dsns[0]!.message);
  const status = p.attachments.find((a) => a.mimeType === 'message/delivery-status')!;
  assert.match(Buffer.from(status.content as ArrayBuffer).toString(), /Final-Recipient: rfc822; ?"x y"@example\.com/);
});
