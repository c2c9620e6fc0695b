// QUOTA and QUOTA=RES-STORAGE (RFC 9208) on the wire: GETQUOTAROOT, GETQUOTA, STATUS
// DELETED-STORAGE, and NO [OVERQUOTA] for APPEND (before and after the literal) and COPY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { initLocalserveDir } from '../../src/engine/index.js';
import { ImapScript } from '../helpers/imap-script.js';
import { startLocalserve } from '../helpers/localserve.js';
import { tempDir } from '../helpers/tmp.js';
import { PASS, startServer, USER } from './helpers.js';

/** A message of exactly `n` bytes. */
function sized(n: number): string {
  const head = 'Subject: quota\r\n\r\n';
  return `${head}${'x'.repeat(n - head.length - 2)}\r\n`;
}

test('capabilities announce QUOTA and QUOTA=RES-STORAGE', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  const [caps] = await c.cmd('a CAPABILITY', /^\* CAPABILITY /);
  for (const cap of ['QUOTA', 'QUOTA=RES-STORAGE', 'METADATA', 'LIST-METADATA']) c.check(caps!.split(' ').includes(cap), `missing ${cap}`);
});

test('without a limit: quota root "" and no QUOTA response', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  const lines = await c.cmd('a1 GETQUOTAROOT inbox', /^\* QUOTAROOT Inbox ""$/, /^a1 OK /);
  assert.equal(lines.length, 2, 'no QUOTA response without a limit');
  // The mailbox does not have to exist (RFC 9208 §4.1.2).
  await c.cmd('a2 GETQUOTAROOT "not/there"', /^\* QUOTAROOT not\/there ""$/, /^a2 OK /);
  await c.cmd('a3 GETQUOTAROOT "bad//name"', /^a3 NO /);
  const q = await c.cmd('a4 GETQUOTA ""', /^a4 OK /);
  assert.equal(q.length, 1);
  await c.cmd('a5 GETQUOTA bogusroot', /^a5 NO unknown quota root$/);
  await c.cmd('a6 GETQUOTAROOT', /^a6 BAD /);
  await c.cmd('a7 GETQUOTA a b', /^a7 BAD /);
  await c.cmd('a8 SETQUOTA "" (STORAGE 123)', /^a8 BAD /);
  await c.cmd('a9 STATUS inbox (DELETED-STORAGE)', /^\* STATUS Inbox \(DELETED-STORAGE 0\)$/, /^a9 OK /);
  // Not in the not-authenticated state.
  const anon = await srv.connect();
  await anon.cmd('b1 GETQUOTA ""', /^b1 BAD /);
});

test('with a limit: usage and limit in KiB, rounded up', async (t) => {
  let limit = 4000;
  const srv = await startServer(t, { quota: () => limit });
  await srv.deliver(sized(1500));
  const c = await srv.login();
  await c.cmd('a1 GETQUOTAROOT Archive', /^\* QUOTAROOT Archive ""$/, /^\* QUOTA "" \(STORAGE 2 4\)$/, /^a1 OK /);
  await c.cmd('a2 GETQUOTA ""', /^\* QUOTA "" \(STORAGE 2 4\)$/, /^a2 OK /);
  // The limit is looked up per command (config reloads apply at once).
  limit = 10 * 1024;
  await c.cmd('a3 GETQUOTA ""', /^\* QUOTA "" \(STORAGE 2 10\)$/, /^a3 OK /);
});

test('APPEND over quota: NO [OVERQUOTA] before a synchronising literal is sent', async (t) => {
  const srv = await startServer(t, { quota: () => 2000 });
  const c = await srv.login();
  const lines = await c.cmd('a1 APPEND inbox {2001}', /^a1 NO \[OVERQUOTA\] account over maximum total message size 2000$/);
  assert.ok(!lines.some((l) => l.startsWith('+')), 'no continuation for the refused literal');
  await c.cmd('a2 NOOP', /^a2 OK /);
  // Non-synchronising: the message is read and dropped, then the same NO.
  c.write(`a3 APPEND inbox {2500+}\r\n${sized(2500)}\r\n`);
  await c.until('a3', /^a3 NO \[OVERQUOTA\] /);
  // MULTIAPPEND counts all messages: 1200 fits, 1200 more does not; nothing is stored.
  c.write(`a4 APPEND inbox {1200+}\r\n${sized(1200)} {1200+}\r\n${sized(1200)}\r\n`);
  await c.until('a4', /^a4 NO \[OVERQUOTA\] /);
  await c.cmd('a5 STATUS inbox (MESSAGES SIZE)', /^\* STATUS Inbox \(MESSAGES 0 SIZE 0\)$/, /^a5 OK /);
  // Within the limit it works, up to the limit exactly.
  c.write(`a6 APPEND inbox {1200+}\r\n${sized(1200)} {800+}\r\n${sized(800)}\r\n`);
  await c.until('a6', /^a6 OK \[APPENDUID \d+ 1:2\] /);
  await c.cmd('a7 GETQUOTA ""', /^\* QUOTA "" \(STORAGE 2 2\)$/, /^a7 OK /);
  c.write(`a8 APPEND inbox {20+}\r\n${sized(20)}\r\n`);
  await c.until('a8', /^a8 NO \[OVERQUOTA\] /);
});

test('APPEND: the store checks the quota again when it commits', async (t) => {
  const srv = await startServer(t, { quota: () => 2000 });
  const c = await srv.login();
  c.send('a1 APPEND inbox {1200}');
  await c.expect(/^\+ /);
  // Another delivery takes the room while the client sends its message.
  await srv.deliver(sized(1000));
  c.write(`${sized(1200)}\r\n`);
  await c.until('a1', /^a1 NO \[OVERQUOTA\] account over maximum total message size 2000$/);
  await c.cmd('a2 STATUS inbox (MESSAGES)', /^\* STATUS Inbox \(MESSAGES 1\)$/, /^a2 OK /);
});

test('COPY over quota is NO [OVERQUOTA]; MOVE is not limited', async (t) => {
  const srv = await startServer(t, { quota: () => 2000 });
  await srv.deliver(sized(1200));
  const c = await srv.login();
  await c.cmd('a1 SELECT inbox', /^a1 OK /);
  await c.cmd('a2 COPY 1 Archive', /^a2 NO \[OVERQUOTA\] account over maximum total message size 2000$/);
  await c.cmd('a3 STATUS Archive (MESSAGES)', /^\* STATUS Archive \(MESSAGES 0\)$/, /^a3 OK /);
  await c.cmd('a4 MOVE 1 Archive', /^\* OK \[COPYUID /, /^\* 1 EXPUNGE$/, /^a4 OK /);
  await c.cmd('a5 STATUS Archive (MESSAGES)', /^\* STATUS Archive \(MESSAGES 1\)$/, /^a5 OK /);
});

test('imapflow getQuota reads usage and limit', async (t) => {
  const srv = await startServer(t, { quota: () => 100 * 1024 });
  await srv.deliver(sized(3000));
  const client = new ImapFlow({ host: '127.0.0.1', port: srv.port, secure: false, auth: { user: USER, pass: PASS }, logger: false, tls: { rejectUnauthorized: false } });
  await client.connect();
  t.after(() => client.close());
  const q = await client.getQuota('INBOX');
  assert.ok(q);
  assert.deepEqual(q.storage, { usage: 3 * 1024, limit: 100 * 1024, status: '3%' });
  await client.logout();
});

test('engine: the quota comes from mox.conf QuotaMessageSize, overridden per account', async (t) => {
  const dir = join(tempDir(t), 'localserve');
  await initLocalserveDir(dir, { now: Date.now(), uid: process.getuid?.() ?? 0 });
  await appendFile(join(dir, 'mox.conf'), 'QuotaMessageSize: 8192\n');
  const quotaLine = async (port: number) => {
    const c = await ImapScript.connect(t, port);
    await c.expect(/^\* OK /);
    await c.cmd('l LOGIN mox@localhost moxmoxmox', /^l OK /);
    const lines = await c.cmd('q GETQUOTA ""', /^q OK /);
    c.close();
    return lines.filter((l) => l.startsWith('* QUOTA'));
  };
  const one = await startLocalserve(t, { dir });
  assert.deepEqual(await quotaLine(one.port('imap')), ['* QUOTA "" (STORAGE 0 8)']);
  await one.engine.stop();
  const domains = join(dir, 'domains.conf');
  await writeFile(domains, (await readFile(domains, 'utf8')).replace('\tmox:\n', '\tmox:\n\t\tQuotaMessageSize: 4096\n'));
  const two = await startLocalserve(t, { dir });
  assert.deepEqual(await quotaLine(two.port('imap')), ['* QUOTA "" (STORAGE 0 4)']);
  await two.engine.stop();
  await writeFile(domains, (await readFile(domains, 'utf8')).replace('QuotaMessageSize: 4096', 'QuotaMessageSize: -1'));
  const three = await startLocalserve(t, { dir });
  assert.deepEqual(await quotaLine(three.port('imap')), [], 'a negative account value means no limit');
});
