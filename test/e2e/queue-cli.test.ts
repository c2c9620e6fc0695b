// `mox queue …` and `mox stop` as processes against a running `mox localserve` process, over
// the ctl socket found through -config or MOXCONF. Runs the built CLI (npm run build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { bannerPorts, runMox, runMoxToEnd, cliAgainst, until } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:Z|[+-]\\d\\d:\\d\\d)';
const listLine = new RegExp(`^ {4}(\\d) ${time} from:app@example\\.org to:(\\S+) next (-?[0-9hms]+) last  error ""$`);



test('mox queue commands against a running localserve, then mox stop', async (t) => {
  const dir = join(tempDir(t), 'ls');
  const server = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error']);
  await server.waitStderr(/serving from/);
  const ports = bannerPorts(server.stderr());
  const conf = join(dir, 'mox.conf');
  const { run, ok, fails, ids } = cliAgainst(t, conf, 'messages');

  await t.test('hold rules: list, add (all messages); new messages are held', async () => {
    assert.equal(await ok('queue', 'holdrules', 'list'), 'hold rules:\n(none)\n');
    assert.equal(await ok('queue', 'holdrules', 'add'), '');
    assert.equal(await ok('queue', 'holdrules', 'list'), 'hold rules:\nid 1: all messages\n');
    assert.equal(await ok('queue', 'list'), 'messages:\n(none)\n');
    const tr = createTransport({ host: '127.0.0.1', port: ports.submission, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
    t.after(() => tr.close());
    for (const [to, subject] of [['a@example.com', 'one'], ['b@example.net', 'two'], ['c@example.com', 'three']]) {
      await tr.sendMail({ from: 'app@example.org', to, subject, text: `message ${subject}` });
    }
  });

  await t.test('list: mox line format, filter and sort flags, MOXCONF', async () => {
    const out = await ok('queue', 'list');
    const lines = out.split('\n');
    assert.equal(lines[0], 'messages:');
    assert.equal(lines.length, 5);
    const parsed = lines.slice(1, 4).map((l) => {
      const m = listLine.exec(l);
      assert.ok(m, l);
      return [Number(m[1]), m[2]];
    });
    assert.deepEqual(parsed, [[3, 'c@example.com'], [2, 'b@example.net'], [1, 'a@example.com']]);
    assert.deepEqual(await ids('queue', 'list', '-asc'), [1, 2, 3]);
    assert.deepEqual(await ids('queue', 'list', '-sort', 'queued', '-asc'), [1, 2, 3]);
    assert.deepEqual(await ids('queue', 'list', '--sort=queued'), [3, 2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-n', '1', '-asc'), [1]);
    assert.deepEqual(await ids('queue', 'list', '-ids', '1,3'), [3, 1]);
    assert.deepEqual(await ids('queue', 'list', '-ids', '1', '-ids', '2'), [2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-to', '@example.net'), [2]);
    assert.deepEqual(await ids('queue', 'list', '-from', 'app@example.org'), [3, 2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-account', 'mox'), [3, 2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-account', 'nobody'), []);
    assert.deepEqual(await ids('queue', 'list', '-hold', 'true'), [3, 2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-hold', 'false'), []);
    assert.deepEqual(await ids('queue', 'list', '-submitted', '<now'), [3, 2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-submitted', '>now'), []);
    assert.deepEqual(await ids('queue', 'list', '-nextattempt', '>1h'), []);
    assert.deepEqual(await ids('queue', 'list', '-transport', ''), [3, 2, 1]);
    assert.deepEqual(await ids('queue', 'list', '-transport', 'relay'), []);
    // MOXCONF instead of -config.
    const env = await runMoxToEnd(t, ['queue', 'list', '-ids', '2'], { MOXCONF: conf });
    assert.equal(env.code, 0, env.stderr);
    assert.match(env.stdout, /^messages:\n {4}2 /);
    // Bad flag values are usage errors (exit 2); a bad time filter is the server's error.
    for (const bad of [['-hold', 'maybe'], ['-ids', '1,x'], ['-sort', 'size'], ['-n', 'many'], ['-bogus']]) {
      await fails(2, 'queue', 'list', ...bad);
    }
    assert.equal(
      await fails(1, 'queue', 'list', '-submitted', '1h'),
      'mox: listing queue: applying filter for submitted: must start with "<" for before or ">" for after a duration\n',
    );
    await fails(2, 'queue', 'list', 'extra');
  });

  await t.test('schedule, unhold, schedule -now 0: the held-then-released message is delivered at once', async () => {
    assert.equal(await ok('queue', 'schedule', '-ids', '1', '1h'), '1 message(s) rescheduled\n');
    // Times relative to now are checked with wide margins (no timing in assertions).
    assert.match(await ok('queue', 'list', '-ids', '1'), / next (\d+m\d+s|1h0m0s) last  error ""\n$/);
    assert.deepEqual(await ids('queue', 'list', '-nextattempt', '>45m'), [1]);
    assert.equal(await ok('queue', 'schedule', '-ids', '1', '-30m'), '1 message(s) rescheduled\n');
    assert.deepEqual(await ids('queue', 'list', '-nextattempt', '>15m'), [1]);
    assert.deepEqual(await ids('queue', 'list', '-nextattempt', '>45m'), []);
    await fails(2, 'queue', 'schedule', '-bogus');
    assert.match(await fails(1, 'queue', 'schedule', '5x'), /^mox: parsing duration "5x": time: unknown unit "x" in duration "5x"\n$/);
    assert.equal(await ok('queue', 'unhold', '-ids', '1'), '1 messages changed\n');
    assert.deepEqual(await ids('queue', 'list', '-hold', 'false'), [1]);
    assert.deepEqual(await ids('queue', 'retired', 'list'), []);
    assert.equal(await ok('queue', 'schedule', '-now', '-ids', '1', '0'), '1 message(s) rescheduled\n');
    const line = await until('delivery of message 1', async () => {
      const out = await ok('queue', 'retired', 'list', '-result', 'success');
      return out.includes('\n    1 ') ? out.split('\n')[1] : undefined;
    });
    assert.match(line!, new RegExp(`^ {4}1 ${time} success from:app@example\\.org to:a@example\\.com last [0-9hms]+ error ""$`));
    const j = JSON.parse(await ok('queue', 'retired', 'print', '1')) as Record<string, unknown> & { Results: { Code: number; Success: boolean }[] };
    assert.equal(j.ID, 1);
    assert.equal(j.Success, true);
    assert.equal(j.RecipientAddress, 'a@example.com');
    assert.equal(j.Subject, 'one');
    assert.equal(j.Results.length, 1);
    assert.equal(j.Results[0]!.Code, 250);
    assert.deepEqual(await ids('queue', 'list'), [3, 2]);
    assert.equal(await ok('queue', 'hold', '-ids', '2'), '1 messages changed\n', 'already on hold: still counted, as mox');
  });

  await t.test('transport, requiretls, dump, drop, fail (DSN in the Inbox), retired list filters', async () => {
    assert.equal(await ok('queue', 'transport', '-ids', '2', 'relay'), '1 message(s) changed\n');
    assert.deepEqual(await ids('queue', 'list', '-transport', 'relay'), [2]);
    assert.equal(await ok('queue', 'transport', '-to', '@example.net', ''), '1 message(s) changed\n');
    assert.deepEqual(await ids('queue', 'list', '-transport', ''), [3, 2]);
    assert.equal(await ok('queue', 'requiretls', '-ids', '2', 'yes'), '1 message(s) changed\n');
    await fails(2, 'queue', 'requiretls', '-ids', '2', 'always');

    const dump = await ok('queue', 'dump', '3');
    assert.match(dump, /^Received: from localhost /);
    assert.match(dump, /\r\nSubject: three\r\n/);
    assert.match(dump, /message three/);
    assert.equal(await fails(1, 'queue', 'dump', '99'), 'mox: opening message: absent\n');

    assert.equal(await ok('queue', 'drop', '-ids', '2'), '1 message(s) dropped\n');
    assert.equal(await ok('queue', 'fail', '-ids', '3'), '1 message(s) marked as failed\n');
    assert.equal(await ok('queue', 'fail', '-ids', '3'), '0 message(s) marked as failed\n');
    assert.equal(await ok('queue', 'list'), 'messages:\n(none)\n');
    const dropped = JSON.parse(await ok('queue', 'retired', 'print', '2')) as { RequireTLS: boolean; Success: boolean; Results: { Error: string }[] };
    assert.equal(dropped.RequireTLS, true);
    assert.equal(dropped.Success, false);
    assert.equal(dropped.Results.at(-1)!.Error, 'delivery canceled by admin');
    assert.equal(await fails(1, 'queue', 'retired', 'print', '9'), 'mox: getting retired message: not found\n');

    assert.deepEqual(await ids('queue', 'retired', 'list', '-result', 'failure'), [3, 2]);
    assert.deepEqual(await ids('queue', 'retired', 'list', '-sort', 'queued', '-asc'), [1, 2, 3]);
    assert.deepEqual(await ids('queue', 'retired', 'list', '-to', '@example.net'), [2]);
    assert.deepEqual(await ids('queue', 'retired', 'list', '-lastactivity', '>1h'), []);
    assert.deepEqual(await ids('queue', 'retired', 'list', '-ids', '1,3', '-n', '1', '-asc', '-sort', 'queued'), [1]);
    await fails(2, 'queue', 'retired', 'list', '-result', 'maybe');
    const failure = (await ok('queue', 'retired', 'list', '-ids', '3')).split('\n')[1]!;
    assert.match(failure, new RegExp(`^ {4}3 ${time} failure from:app@example\\.org to:c@example\\.com last  error "delivery canceled by admin"$`));

    // The failure DSN is in the sender's Inbox, next to the delivered message; none for the drop.
    const imap = new ImapFlow({ host: '127.0.0.1', port: ports.imap!, secure: false, auth: { user: 'mox@localhost', pass: 'moxmoxmox' }, logger: false, tls: { rejectUnauthorized: false } });
    await imap.connect();
    t.after(() => imap.close());
    const subjects = await until('the DSN in the Inbox', async () => {
      const lock = await imap.getMailboxLock('INBOX');
      try {
        const l: string[] = [];
        for await (const m of imap.fetch('1:*', { envelope: true })) l.push(m.envelope?.subject ?? '');
        return l.length >= 2 ? l : undefined;
      } finally {
        lock.release();
      }
    });
    assert.deepEqual(subjects.sort(), ['mail delivery failed', 'one']);
  });

  await t.test('suppression lists: list, add, lookup, remove', async () => {
    const header = 'suppressions (account, address, manual, time added, base address, reason):\n';
    assert.equal(await ok('queue', 'suppress', 'list'), `${header}(none)\n`);
    assert.equal(await ok('queue', 'suppress', 'add', 'mox', 'Bob.Smith+news@Example.com'), '');
    assert.match(
      await ok('queue', 'suppress', 'list', '-account', 'mox'),
      new RegExp(`^${header.replace(/[()]/g, '\\$&')}"mox"\\t"Bob\\.Smith\\+news@example\\.com"\\tYes\\t\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} \\S+\\t"bobsmith@example\\.com"\\t"added through mox cli"\\n$`),
    );
    assert.equal(await ok('queue', 'suppress', 'list', '-account', 'other'), `${header}(none)\n`);
    assert.match(
      await ok('queue', 'suppress', 'lookup', 'bob.smith-x@example.com'),
      /^present\nadded: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \S+\nmanual: yes\nbase address: bobsmith@example\.com\nreason: "added through mox cli"\n$/,
    );
    assert.equal(await ok('queue', 'suppress', 'lookup', '-account', 'mox', 'alice@example.com'), 'not present\n');
    assert.equal(await fails(1, 'queue', 'suppress', 'add', 'nobody', 'alice@example.com'), 'mox: looking up account: unknown account\n');
    assert.equal(await fails(1, 'queue', 'suppress', 'add', 'mox', 'bobsmith@example.com'), 'mox: adding suppression: address already in suppression list\n');
    assert.match(await fails(1, 'queue', 'suppress', 'add', 'mox', 'no-at-sign'), /^mox: parsing address: /);
    assert.equal(await ok('queue', 'suppress', 'remove', 'mox', 'bobsmith@example.com'), '');
    assert.equal(await fails(1, 'queue', 'suppress', 'remove', 'mox', 'bobsmith@example.com'), 'mox: removing suppression: absent\n');
    assert.equal(await ok('queue', 'suppress', 'lookup', 'bobsmith@example.com'), 'not present\n');
    await fails(2, 'queue', 'suppress', 'add', 'mox');
  });

  await t.test('hold rules with fields, removal', async () => {
    assert.equal(await ok('queue', 'holdrules', 'add', '-account', 'mox', '-senderdom', 'Example.ORG', '-recipientdom', 'example.com'), '');
    assert.equal(
      await ok('queue', 'holdrules', 'list'),
      'hold rules:\nid 1: all messages\nid 2: account "mox", sender domain "example.org", recipient domain "example.com"\n',
    );
    assert.equal(await ok('queue', 'holdrules', 'remove', '1'), '');
    assert.equal(await fails(1, 'queue', 'holdrules', 'remove', '1'), 'mox: remove hold rule: absent\n');
    assert.equal(await fails(1, 'queue', 'holdrules', 'remove', 'one'), 'mox: parsing id: strconv.ParseInt: parsing "one": invalid syntax\n');
    assert.match(await fails(1, 'queue', 'holdrules', 'add', '-senderdom', 'bad..domain'), /^mox: parsing sender domain: /);
    assert.equal(await ok('queue', 'holdrules', 'remove', '2'), '');
    assert.equal(await ok('queue', 'holdrules', 'list'), 'hold rules:\n(none)\n');
  });

  await t.test('every command has help', async () => {
    const commands = [
      ['stop'], ['queue'], ['queue', 'list'], ['queue', 'hold'], ['queue', 'unhold'], ['queue', 'schedule'], ['queue', 'transport'],
      ['queue', 'requiretls'], ['queue', 'fail'], ['queue', 'drop'], ['queue', 'dump'], ['queue', 'holdrules'], ['queue', 'holdrules', 'list'],
      ['queue', 'holdrules', 'add'], ['queue', 'holdrules', 'remove'], ['queue', 'retired'], ['queue', 'retired', 'list'],
      ['queue', 'retired', 'print'], ['queue', 'suppress'], ['queue', 'suppress', 'list'], ['queue', 'suppress', 'add'],
      ['queue', 'suppress', 'remove'], ['queue', 'suppress', 'lookup'],
    ];
    await Promise.all(
      commands.map(async (c) => {
        // As Go mox: -h prints the usage (and help) on stderr with exit code 2; a group
        // lists its commands.
        const r = await runMoxToEnd(t, [...c, '--help']);
        assert.equal(r.code, 2, `${c.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`^usage: mox ${c.join(' ')}[ \\n]`), c.join(' '));
        if (!['queue', 'holdrules', 'retired', 'suppress'].includes(c.at(-1)!)) {
          assert.match(r.stderr.split('\n\n')[1] ?? '', /^[A-Z][^\n]+/, `${c.join(' ')} has a description`);
        }
      }),
    );
    const list = await runMoxToEnd(t, ['queue', 'list', '-h']);
    for (const flag of ['-ids', '-n', '-account', '-from', '-to', '-hold', '-submitted', '-nextattempt', '-transport', '-sort', '-asc']) {
      assert.match(list.stderr, new RegExp(`^  ${flag}( string| int| value)?\\n`, 'm'), flag);
    }
    const retired = await runMoxToEnd(t, ['queue', 'retired', 'list', '-h']);
    for (const flag of ['-lastactivity', '-result']) assert.match(retired.stderr, new RegExp(`^  ${flag}( string| value)?\\n`, 'm'), flag);
    assert.match((await runMoxToEnd(t, ['queue', 'schedule', '-h'])).stderr, /^  -now\n/m);
  });

  await t.test('stop: the server shuts down with exit code 0; then the commands say no instance runs', async () => {
    const r = await run(['stop']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'mox stopped\n');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.equal(await fails(1, 'queue', 'list'), `mox: no running mox instance: ${join(dir, 'ctl')} (start mox serve or mox localserve, or use -config)\n`);
    assert.equal(await fails(1, 'stop'), `mox: no running mox instance: ${join(dir, 'ctl')} (start mox serve or mox localserve, or use -config)\n`);
  });
});

test('without a running instance: one clear line and exit code 1, for -config, MOXCONF and a missing config', async (t) => {
  const dir = join(tempDir(t), 'ls');
  assert.equal((await runMoxToEnd(t, ['localserve', '-dir', dir, '-initonly'])).code, 0);
  const expect = `mox: no running mox instance: ${join(dir, 'ctl')} (start mox serve or mox localserve, or use -config)\n`;
  const a = await runMoxToEnd(t, ['-config', join(dir, 'mox.conf'), 'queue', 'list']);
  assert.deepEqual([a.code, a.stdout, a.stderr], [1, '', expect]);
  const b = await runMoxToEnd(t, ['queue', 'holdrules', 'list'], { MOXCONF: join(dir, 'mox.conf') });
  assert.deepEqual([b.code, b.stdout, b.stderr], [1, '', expect]);
  const missing = join(dir, 'nope', 'mox.conf');
  const c = await runMoxToEnd(t, [`-config=${missing}`, 'stop']);
  assert.equal(c.code, 1);
  assert.equal(c.stderr, `mox: no running mox instance: config file ${missing} does not exist (start mox serve or mox localserve, or use -config or MOXCONF)\n`);
});
