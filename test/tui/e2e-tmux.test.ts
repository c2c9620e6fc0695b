// End to end: `mox localserve` in a real terminal (tmux), mail sent with nodemailer including
// a simulated failure, the UI read back with `tmux capture-pane`. Skipped without tmux.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { moxBin } from '../helpers/cli.js';
import { have } from '../helpers/tools.js';
import { tempDir } from '../helpers/tmp.js';
import { TmuxSession } from './tmux.js';

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test('mox localserve in a terminal: views switch, a simulated failure shows, q stops the server', { skip: !have('tmux') && 'tmux not installed' }, async (t) => {
  const dir = join(tempDir(t), 'ls');
  // CI=true as in CI runners: a CI variable inherited by a terminal must not blank the UI
  // (Ink then draws only the final frame).
  const cmd = `CI=true ${sh(process.execPath)} ${sh(moxBin)} localserve -dir ${sh(dir)} -ports 0; echo "EXITED $?"; sleep 600`;
  const tm = TmuxSession.start(t, cmd, { columns: 100, rows: 30 });
  const first = await tm.waitFor(/sub:(\d+)/, 'header with ports');
  const port = Number(/sub:(\d+)/.exec(first)![1]);
  assert.match(first, /1 Sessions\s+2 Queue\s+3 Webhooks\s+4 Failures\s+5 Inbox\s+6 Log/);

  const tr = createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  await assert.rejects(tr.sendMail({ from: 'app@example.org', to: 'rcptto451@example.com', subject: 'will fail', text: 'x' }), /451/);
  await tr.sendMail({ from: 'app@example.org', to: 'bob@example.com', subject: 'hello from e2e', text: 'body' });
  await tr.sendMail({ from: 'app@example.org', to: 'queuetemperror@example.com', subject: 'stays queued', text: 'x' });
  tr.close();

  await tm.waitFor(/ sub .*mox@localhost/, 'sessions list');
  tm.keys('4');
  const failures = await tm.waitFor(/RCPT TO\s+451\s+rcptto451@example\.com/, 'fired failure in the Failures view');
  assert.match(failures, /LOCALPART RULE/);
  tm.keys('2');
  await tm.waitFor(/queuetemperror@example\.com.*451/, 'queued message with its error');
  tm.keys('5');
  await tm.waitFor(/hello from e2e/, 'inbox');
  tm.keys('1');
  await tm.waitFor(/CID\s+PROTO/, 'sessions again');
  // A session's transcript, with the AUTH secret masked.
  tm.keys('/');
  await tm.waitFor(/filter: /, 'filter prompt');
  tm.keys('mox@localhost');
  await tm.waitFor(/filter: mox@localhost/, 'filter text');
  tm.keys('Enter', false);
  await tm.waitFor(/\[\/mox@localhost\]/, 'filter kept');
  tm.keys('Enter', false);
  const transcript = await tm.waitFor(/Transcript smtp/, 'transcript');
  assert.match(transcript, /C: (AUTH PLAIN )?\*\*\*$/m);
  assert.doesNotMatch(transcript, /AG1veEBsb2NhbGhvc3QAbW94bW94bW94/);
  assert.doesNotMatch(transcript, /moxmoxmox/);
  tm.keys('q');
  await tm.waitFor(/EXITED 0/, 'exit after q');
  assert.equal(existsSync(join(dir, 'ctl')), false, 'ctl socket removed: the server stopped');
});
