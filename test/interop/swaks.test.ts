import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { have } from '../helpers/tools.js';

const run = promisify(execFile);
const skip = !have('swaks') ? 'swaks not installed' : false;

test('swaks submits with STARTTLS and AUTH, and delivers on the incoming port', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const acc = await ls.engine.store.account('mox');
  for (const args of [
    ['--server', `127.0.0.1:${ls.port('submission')}`, '--tls', '--auth', 'PLAIN', '--auth-user', 'mox@localhost', '--auth-password', 'moxmoxmox'],
    ['--server', `127.0.0.1:${ls.port('submissions')}`, '--tlsc', '--auth', 'LOGIN', '--auth-user', 'mox@localhost', '--auth-password', 'moxmoxmox'],
    ['--server', `127.0.0.1:${ls.port('smtp')}`],
  ]) {
    const delivered = waitDelivered(ls.engine, 1);
    const r = await run('swaks', ['--to', 'rcpt@example.com', '--from', 'app@example.org', '--header', `Subject: swaks ${args[1]}`, ...args]);
    assert.match(r.stdout, /<[-~] +250 2\.2\.0 it is done/, r.stdout);
    await delivered;
  }
  assert.equal(acc.messages(acc.mailbox('Inbox')!.id).length, 3);
});
