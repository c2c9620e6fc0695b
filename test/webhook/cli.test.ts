// `mox localserve -webhook-outgoing` and `mox queue webhook …` as processes against a running
// `mox localserve` process, over the ctl socket (Go mox's command names and output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { bannerPorts, runMox, runMoxToEnd, cliAgainst, until } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { hookReceiver } from './receiver.js';

const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:Z|[+-]\\d\\d:\\d\\d)';



test('mox localserve -webhook-outgoing, then mox queue webhook list|print|schedule|cancel and retired list|print', async (t) => {
  let status = 500;
  const rx = await hookReceiver(t, { status: () => status });
  const dir = join(tempDir(t), 'ls');
  const url = rx.url('/out');
  const flagUrl = url.replace('http://', 'http://user:secret@');
  const server = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error', '-webhook-outgoing', flagUrl]);
  await server.waitStderr(/serving from/);
  const ports = bannerPorts(server.stderr());
  assert.ok(server.stderr().includes(`\nwebhooks about outgoing deliveries go to ${url}\n`), server.stderr());
  const conf = join(dir, 'mox.conf');
  const { ok, fails, ids } = cliAgainst(t, conf, 'webhooks');
  const auth = `Basic ${Buffer.from('user:secret').toString('base64')}`;

  // The flag is written into domains.conf, credentials as the Authorization value.
  const domains = readFileSync(join(dir, 'domains.conf'), 'utf8');
  assert.match(domains, /\n\t\tOutgoingWebhook:\n/);
  assert.ok(domains.includes(`\t\t\tURL: ${url}\n`), domains);
  assert.ok(domains.includes(`\t\t\tAuthorization: ${auth}\n`), domains);
  assert.doesNotMatch(domains, /IncomingWebhook/);

  const tr = createTransport({ host: '127.0.0.1', port: ports.submission, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  t.after(() => tr.close());
  await tr.sendMail({ from: 'app@example.org', to: 'someone@example.com', subject: 'one', text: 'one' });
  await rx.wait(1);
  assert.equal(rx.got[0]!.headers.authorization, auth);

  await t.test('list, filters and sorts; print', async () => {
    const out = await until('failed attempt recorded', async () => {
      const o = await ok('queue', 'webhook', 'list');
      return /error "http status/.test(o) ? o : undefined;
    });
    assert.match(
      out,
      new RegExp(`^webhooks:\\n {4}1 ${time} account:mox next (\\d+s|1m0s) last \\d+s error "http status \\\\"500 Internal Server Error\\\\", expected 200 ok" url ${url.replace(/[.]/g, '\\.')}\\n$`),
    );
    assert.deepEqual(await ids('queue', 'webhook', 'list', '-event', 'delivered'), [1]);
    assert.deepEqual(await ids('queue', 'webhook', 'list', '-event', 'incoming'), []);
    assert.deepEqual(await ids('queue', 'webhook', 'list', '-account', 'mox', '-submitted', '<now', '-nextattempt', '<2m'), [1]);
    assert.deepEqual(await ids('queue', 'webhook', 'list', '-nextattempt', '>1h'), []);
    assert.deepEqual(await ids('queue', 'webhook', 'list', '-sort', 'queued', '-asc', '-n', '5', '-ids', '1,2'), [1]);
    await fails(2, 'queue', 'webhook', 'list', '-event', 'bogus');
    await fails(2, 'queue', 'webhook', 'list', '-sort', 'size');
    assert.equal(
      await fails(1, 'queue', 'webhook', 'list', '-submitted', '1h'),
      'mox: listing webhooks: applying filter for submitted: must start with "<" for less or ">" for greater than a duration ago\n',
    );

    const j = JSON.parse(await ok('queue', 'webhook', 'print', '1')) as Record<string, unknown> & { Results: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(j), ['ID', 'QueueMsgID', 'FromID', 'MessageID', 'Subject', 'Extra', 'Account', 'URL', 'Authorization', 'IsIncoming', 'OutgoingEvent', 'Payload', 'Submitted', 'Attempts', 'NextAttempt', 'Results']);
    assert.equal(j.ID, 1);
    assert.equal(j.QueueMsgID, 1);
    assert.equal(j.URL, url);
    assert.equal(j.Authorization, auth);
    assert.equal(j.OutgoingEvent, 'delivered');
    assert.equal(j.Subject, 'one');
    assert.equal(j.Extra, null);
    assert.equal(j.Attempts, 1);
    assert.equal((JSON.parse(j.Payload as string) as { Event: string }).Event, 'delivered');
    assert.deepEqual(Object.keys(j.Results[0]!), ['Start', 'Duration', 'URL', 'Success', 'Code', 'Error', 'Response']);
    assert.equal(j.Results[0]!.Code, 500);
    assert.equal(j.Results[0]!.Response, 'server error\n');
    assert.equal(await fails(1, 'queue', 'webhook', 'print', '99'), 'mox: getting webhook: not found\n');
  });

  await t.test('schedule -now 0 delivers at once; retired list and print', async () => {
    status = 200;
    assert.equal(await ok('queue', 'webhook', 'schedule', '-ids', '1', '1h'), '1 webhook(s) rescheduled\n');
    assert.deepEqual(await ids('queue', 'webhook', 'list', '-nextattempt', '>30m'), [1]);
    assert.equal(await ok('queue', 'webhook', 'schedule', '-now', '0'), '1 webhook(s) rescheduled\n');
    await rx.wait(2);
    const line = await until('retired webhook', async () => {
      const o = await ok('queue', 'webhook', 'retired', 'list');
      return o.includes('\n    1 ') ? o.split('\n')[1] : undefined;
    });
    assert.match(line!, new RegExp(`^ {4}1 ${time} success account:mox last \\d+s error "" url ${url.replace(/[.]/g, '\\.')}$`));
    assert.deepEqual(await ids('queue', 'webhook', 'list'), []);
    const j = JSON.parse(await ok('queue', 'webhook', 'retired', 'print', '1')) as Record<string, unknown> & { Results: { Code: number }[] };
    assert.equal(j.Success, true);
    assert.equal(j.Authorization, true);
    assert.equal(j.SupersededByID, 0);
    assert.equal(j.Attempts, 2);
    assert.deepEqual(j.Results.map((r) => r.Code), [500, 200]);
    assert.match(j.KeepUntil as string, new RegExp(time.replace('(?:Z', '(?:\\.\\d+)?(?:Z')));
    assert.deepEqual(await ids('queue', 'webhook', 'retired', 'list', '-event', 'delivered', '-lastactivity', '<now', '-sort', 'queued'), [1]);
    assert.equal(await fails(1, 'queue', 'webhook', 'retired', 'print', '99'), 'mox: getting retired webhook: not found\n');
  });

  await t.test('cancel: the hook is retired as failed with "canceled by admin"', async () => {
    status = 500;
    await tr.sendMail({ from: 'app@example.org', to: 'other@example.com', subject: 'two', text: 'two' });
    await rx.wait(3);
    await until('hook 2 queued with a failed attempt', async () => ((await ok('queue', 'webhook', 'list')).includes('error "http') ? true : undefined));
    assert.equal(await ok('queue', 'webhook', 'cancel', '-ids', '2'), '1 webhook(s) marked as canceled\n');
    assert.deepEqual(await ids('queue', 'webhook', 'list'), []);
    assert.match(await ok('queue', 'webhook', 'retired', 'list', '-ids', '2'), /^retired webhooks:\n {4}2 \S+ failure account:mox last \d+s error "canceled by admin" url /);
    assert.equal(await ok('queue', 'webhook', 'cancel'), '0 webhook(s) marked as canceled\n');
  });

  await t.test('an existing config: a different -webhook-outgoing is refused', async () => {
    const r = await runMoxToEnd(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-webhook-outgoing', 'http://127.0.0.1:1/other']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /-webhook-outgoing differs from OutgoingWebhook of account mox in .*domains\.conf; .*edit domains\.conf instead/);
  });
});

test('kill -9 after the delivery: the queued webhook survives the crash and is delivered after restart', async (t) => {
  let status = 500;
  const rx = await hookReceiver(t, { status: () => status });
  const dir = join(tempDir(t), 'ls');
  const args = ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error', '-webhook-incoming', rx.url('/in')];
  const first = runMox(t, args);
  await first.waitStderr(/serving from/);
  const ports = bannerPorts(first.stderr());
  const tr = createTransport({ host: '127.0.0.1', port: ports.submission, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  t.after(() => tr.close());
  await tr.sendMail({ from: 'app@example.org', to: 'someone@example.com', subject: 'crash', text: 'crash' });
  // The incoming hook of the delivery was queued (committed before the 250) and attempted once.
  await rx.wait(1);
  first.proc.kill('SIGKILL');
  await first.exited;

  status = 200;
  const second = runMox(t, args);
  await second.waitStderr(/serving from/);
  const { ok } = cliAgainst(t, join(dir, 'mox.conf'), 'webhooks');
  assert.match(await ok('queue', 'webhook', 'list', '-event', 'incoming'), /^webhooks:\n {4}1 /);
  assert.equal(await ok('queue', 'webhook', 'schedule', '-now', '0'), '1 webhook(s) rescheduled\n');
  await rx.wait(2);
  assert.equal(rx.got[1]!.json.Subject, 'crash');
  assert.equal(rx.got[1]!.headers['x-mox-webhook-id'], '1');
  // The crash may have interrupted the first attempt's bookkeeping; the hook is attempted again.
  assert.ok(Number(rx.got[1]!.headers['x-mox-webhook-attempt']) >= 2);
  second.proc.kill('SIGTERM');
  await second.exited;
});
