// `mox backup` (through the running instance, over ctl) and `mox verifydata` (offline) as
// processes against `mox localserve` with delivered and queued messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { bannerPorts, runMox, runMoxToEnd } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

test('mox backup of a running localserve, then mox verifydata on the copy', async (t) => {
  const base = tempDir(t);
  const dir = join(base, 'ls');
  const server = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error']);
  await server.waitStderr(/serving from/);
  const ports = bannerPorts(server.stderr());
  const conf = join(dir, 'mox.conf');
  const tr = createTransport({ host: '127.0.0.1', port: ports.smtp, ignoreTLS: true });
  t.after(() => tr.close());
  for (let i = 0; i < 3; i++) await tr.sendMail({ from: 'a@example.org', to: 'mox@localhost', subject: `m${i}`, text: `message ${i}` });

  const dst = join(base, 'backup');
  let r = await runMoxToEnd(t, ['-config', conf, 'backup', dst]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.ok(existsSync(join(dst, 'config', 'mox.conf')));
  assert.ok(existsSync(join(dst, 'config', 'domains.conf')));
  assert.ok(existsSync(join(dst, 'data', 'accounts', 'mox', 'index.db')));
  assert.ok(existsSync(join(dst, 'data', 'moxversion')));
  const msgs = readdirSync(join(dst, 'data', 'accounts', 'mox', 'msg', 'a'));
  assert.equal(msgs.length, 3);

  r = await runMoxToEnd(t, ['verifydata', join(dst, 'data')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${join(dst, 'data')}: OK\n`);

  // A second backup into the same place: warnings and errors, exit 1.
  r = await runMoxToEnd(t, ['-config', conf, 'backup', '-verbose', dst]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^warning: destination config directory already exists/m);
  assert.match(r.stdout, /^error: /m);
  assert.match(r.stderr, /errors were encountered during backup/);

  // Damage the copy: verifydata reports it and fails; -fix moves the stray file away.
  rmSync(join(dst, 'data', 'accounts', 'mox', 'msg', 'a', msgs[0]!));
  writeFileSync(join(dst, 'data', 'accounts', 'mox', 'msg', 'a', '12345'), 'stray');
  r = await runMoxToEnd(t, ['verifydata', '-fix', join(dst, 'data')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error: .*checking if file exists/);
  assert.match(r.stderr, /warning: moved .*12345/);
  assert.match(r.stderr, /mox: errors were found\n$/);
});

test('mox verifydata on a directory that is not a data directory: errors, exit 1, no stack trace', async (t) => {
  const base = tempDir(t);
  const r = await runMoxToEnd(t, ['verifydata', join(base, 'nonexistent')]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^mox: error: .*nonexistent\/accounts: reading accounts directory: /m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stderr, /mox: errors were found\n$/);
});
