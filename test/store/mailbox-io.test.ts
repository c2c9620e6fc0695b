import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock/index.js';
import { exportMailboxes, FlagBits, mboxEntry, parseFlags, readMaildir, readMbox, Store, type ImportMessage } from '../../src/store/index.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/tmp.js';

const tricky = Buffer.from(
  'From: a@example.org\r\nSubject: from lines\r\nStatus: RO\r\n\r\nFrom the start\r\n>From quoted\r\n>>From twice\r\nFrom\r\n\r\nFrom after empty\r\nend\r\n',
);

async function collect(g: AsyncGenerator<ImportMessage>): Promise<ImportMessage[]> {
  const out: ImportMessage[] = [];
  for await (const m of g) out.push(m);
  return out;
}

test('mboxrd: escaping on export, unescaping on import; flag headers', async (t) => {
  const e = mboxEntry(tricky, { flags: FlagBits['\\seen'] | FlagBits['\\answered'] | FlagBits['\\deleted'] | FlagBits.$junk, keywords: ['custom'], received: Date.UTC(2024, 0, 2, 3, 4, 5), mailfrom: 'bounce@example.org' });
  assert.equal(
    e.toString(),
    'From bounce@example.org Tue Jan  2 03:04:05 2024\nStatus: R\nX-Status: AD\nX-Keywords: $Junk,custom\nFrom: a@example.org\nSubject: from lines\n\n>From the start\n>>From quoted\n>>>From twice\nFrom\n\n>From after empty\nend\n\n',
  );
  const dir = tempDir(t);
  const p = join(dir, 'x.mbox');
  const plain = Buffer.from('Subject: plain\r\n\r\nno newline at end');
  writeFileSync(p, Buffer.concat([e, mboxEntry(plain, { flags: 0, keywords: [], received: 0, mailfrom: '' })]));
  const got = await collect(readMbox(p));
  assert.equal(got.length, 2);
  // The stale Status header is replaced on export; the rest comes back byte for byte.
  assert.equal(got[0]!.data.toString(), tricky.toString().replace('Status: RO\r\n', '').replace('From: a', 'Status: R\r\nX-Status: AD\r\nX-Keywords: $Junk,custom\r\nFrom: a'));
  assert.equal(got[0]!.flags, FlagBits['\\seen'] | FlagBits['\\answered'] | FlagBits['\\deleted'] | FlagBits.$junk);
  assert.deepEqual(got[0]!.keywords, ['custom']);
  assert.equal(got[0]!.received, Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.equal(got[1]!.data.toString(), 'Subject: plain\r\n\r\nno newline at end\r\n');
  assert.equal(got[1]!.flags, 0);
  writeFileSync(p, 'Subject: no from line\n\n');
  await assert.rejects(collect(readMbox(p)), /first line does not start with "From "/);
});

test('maildir reader: flags from names, dovecot-keywords, new then cur, bare LF to CRLF', async (t) => {
  const dir = tempDir(t);
  for (const s of ['new', 'cur', 'tmp']) mkdirSync(join(dir, s));
  writeFileSync(join(dir, 'dovecot-keywords'), '0 $Forwarded\n1 Work\n2 NonJunk\n');
  writeFileSync(join(dir, 'cur', '1700000000.1.host:2,FRSab'), 'Subject: one\n\nbody\n');
  writeFileSync(join(dir, 'new', '1700000001.2.host'), 'Subject: two\r\n\r\nbody\r\n');
  writeFileSync(join(dir, 'cur', '1700000002.3.host:2,DTcz'), 'Subject: three\n\nx');
  const got = await collect(readMaildir(dir));
  assert.deepEqual(
    got.map((m) => [m.data.toString(), m.flags, m.keywords, m.received]),
    [
      ['Subject: two\r\n\r\nbody\r\n', 0, [], 1700000001000],
      ['Subject: one\r\n\r\nbody\r\n', FlagBits['\\flagged'] | FlagBits['\\answered'] | FlagBits['\\seen'] | FlagBits.$forwarded, ['work'], 1700000000000],
      ['Subject: three\r\n\r\nx', FlagBits['\\draft'] | FlagBits['\\deleted'] | FlagBits.$notjunk, [], 1700000002000],
    ],
  );
});

test('export from an account: maildir names and dovecot-keywords, mbox files, -single, round trip', async (t) => {
  const dir = tempDir(t);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const store = new Store({ dataDir: dir, clock, bus: d.bus, log: d.log });
  t.after(() => store.close());
  const acc = await store.account('mox');
  acc.createMailbox('Work/Sub');
  const flags = parseFlags(['\\Seen', '\\Flagged', '$Forwarded', 'ProjectX']);
  await acc.appendMessages(acc.mailbox('Work')!.id, [
    { data: tricky, flags: flags.bits, keywords: flags.keywords, received: Date.UTC(2025, 5, 1) },
    { data: Buffer.from('Subject: unseen\r\n\r\nhi\r\n'), received: Date.UTC(2025, 5, 2) },
  ]);
  await acc.appendMessages(acc.mailbox('Work/Sub')!.id, [{ data: Buffer.from('Subject: sub\r\n\r\nsub\r\n') }]);
  await acc.durable();
  const accountDir = join(dir, 'accounts', 'mox');

  const md = join(dir, 'md');
  const r = await exportMailboxes({ accountDir, dst: md, format: 'maildir', mailbox: 'Work' });
  assert.deepEqual([r.mailboxes, r.messages, r.errors], [2, 3, []]);
  const cur = readdirSync(join(md, 'Work', 'cur'));
  assert.equal(cur.length, 1);
  assert.match(cur[0]!, /^1748736000\.\d+\.mox:2,FSab$/);
  assert.match(readdirSync(join(md, 'Work', 'new'))[0]!, /^1748822400\.\d+\.mox:2,$/);
  assert.equal(readFileSync(join(md, 'Work', 'dovecot-keywords'), 'utf8'), '0 $Forwarded\n1 projectx\n');
  assert.equal(readFileSync(join(md, 'Work', 'cur', cur[0]!), 'utf8'), tricky.toString().replace(/\r\n/g, '\n'));
  assert.ok(existsSync(join(md, 'Work', 'Sub', 'tmp')));
  const back = await collect(readMaildir(join(md, 'Work')));
  assert.deepEqual(back.map((m) => [m.data.toString(), m.flags, m.keywords]), [
    ['Subject: unseen\r\n\r\nhi\r\n', 0, []],
    [tricky.toString(), flags.bits, ['projectx']],
  ]);

  const mb = join(dir, 'mb');
  const r2 = await exportMailboxes({ accountDir, dst: mb, format: 'mbox', mailbox: 'Work', single: true });
  assert.deepEqual([r2.mailboxes, r2.messages], [1, 2]);
  assert.deepEqual(readdirSync(mb), ['Work.mbox']);
  const mboxBack = await collect(readMbox(join(mb, 'Work.mbox')));
  assert.deepEqual(mboxBack.map((m) => [m.flags, m.keywords]), [[flags.bits, ['projectx']], [0, []]]);
  assert.equal(mboxBack[1]!.data.toString(), 'Subject: unseen\r\n\r\nhi\r\n');

  // All mailboxes; and a second export into the same place refuses to overwrite.
  const all = await exportMailboxes({ accountDir, dst: join(dir, 'all'), format: 'mbox' });
  assert.equal(all.mailboxes, 8);
  await assert.rejects(exportMailboxes({ accountDir, dst: join(dir, 'all'), format: 'mbox' }), /EEXIST/);
  await assert.rejects(exportMailboxes({ accountDir, dst: join(dir, 'x'), format: 'mbox', mailbox: 'Nope' }), /not found/);
});
