// Delivered-To on incoming delivery names the address the message was delivered to (RFC 9228),
// as Go mox does: the RCPT TO address for a catchall or plus-address, each member's address
// for an alias, not the configured destination key ("@localhost") it matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { initLocalserveDir } from '../../src/engine/index.js';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { tempDir } from '../helpers/tmp.js';

test('Delivered-To is the RCPT TO address (catchall, plus-address) or the alias member', async (t) => {
  const dir = join(tempDir(t), 'ls');
  await initLocalserveDir(dir, { now: Date.now(), uid: process.getuid?.() ?? 0 });
  const p = join(dir, 'domains.conf');
  let conf = await readFile(p, 'utf8');
  conf = conf.replace(/^Accounts:\n/m, 'Accounts:\n\tbob:\n\t\tDomain: localhost\n\t\tDestinations:\n\t\t\tbob@localhost: nil\n\t\t\t@localhost: nil\n');
  conf = conf.replace(/^\tlocalhost:\n/m, '\tlocalhost:\n\t\tAliases:\n\t\t\tteam:\n\t\t\t\tAddresses:\n\t\t\t\t\t- bob@localhost\n\t\t\t\tPostPublic: true\n');
  await writeFile(p, conf);
  const { engine, port } = await startLocalserve(t, { dir });
  const tr = createTransport({ host: '127.0.0.1', port: port('smtp'), ignoreTLS: true });
  t.after(() => tr.close());
  const delivered = waitDelivered(engine, 3);
  for (const to of ['whoever@localhost', 'mox+tag@localhost', 'team@localhost']) {
    await tr.sendMail({ envelope: { from: 'app@example.org', to: [to] }, raw: `From: app@example.org\r\nTo: ${to}\r\nSubject: to ${to}\r\n\r\nhi\r\n` });
  }
  await delivered;
  const headerOf = async (account: string, subject: string) => {
    const acc = await engine.store.account(account);
    const m = acc.messages(acc.mailbox('Inbox')!.id).find((x) => x.subject === subject);
    assert.ok(m, `${subject} in ${account}`);
    return (await acc.readMessage(m.id)).toString('utf8');
  };
  assert.match(await headerOf('bob', 'to whoever@localhost'), /^Delivered-To: whoever@localhost\r\n/);
  assert.match(await headerOf('mox', 'to mox+tag@localhost'), /^Delivered-To: mox\+tag@localhost\r\n/);
  assert.match(await headerOf('bob', 'to team@localhost'), /^Delivered-To: bob@localhost\r\n/);
});
