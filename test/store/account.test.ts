import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Store, parseFlags, type Change } from '../../src/store/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testDeps } from '../helpers/deps.js';



function msg(i: number): Buffer {
  return Buffer.from(`Subject: m${i}\r\nFrom: a@b\r\n\r\nbody ${i}\r\n`);
}

test('new account has the default mailboxes; deliveries get increasing UIDs; state survives reopen', async (t) => {
  const dir = tempDir(t);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  let store = new Store({ dataDir: dir, clock, bus: d.bus, log: d.log });
  let acc = await store.account('mox');
  assert.deepEqual(
    acc.mailboxes().map((m) => [m.name, m.specialUse]),
    [['Archive', '\\Archive'], ['Drafts', '\\Drafts'], ['Inbox', ''], ['Junk', '\\Junk'], ['Sent', '\\Sent'], ['Trash', '\\Trash']],
  );
  const inbox = acc.mailbox('INBOX')!;
  const uidvalidity = inbox.uidValidity;
  const changes: Change[] = [];
  acc.subscribe((c) => changes.push(...c));
  const delivered: number[] = [];
  d.bus.on('store.delivered', (e) => delivered.push(e.uid));
  // Concurrent deliveries share commits but each gets its own UID.
  const infos = await Promise.all(Array.from({ length: 50 }, (_, i) => acc.deliver({ mailbox: 'Inbox', data: [Buffer.from('X-Prefix: 1\r\n'), msg(i)] })));
  assert.deepEqual(infos.map((m) => m.uid).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
  assert.equal(changes.length, 50);
  assert.equal(delivered.length, 50);
  const m0 = infos.find((m) => m.uid === 1)!;
  const i0 = infos.indexOf(m0);
  assert.equal(readFileSync(acc.messageFile(m0.id), 'utf8'), 'X-Prefix: 1\r\n' + msg(i0).toString());
  assert.equal((await acc.readRange(m0.id, 0, 9)).toString(), 'X-Prefix:');
  let mb = acc.mailbox('Inbox')!;
  assert.equal(mb.total, 50);
  assert.equal(mb.unseen, 50);
  assert.equal(mb.uidNext, 51);

  // Flags and expunge.
  const r = acc.storeFlags(mb.id, [1, 2, 3], 'add', parseFlags(['\\Seen', '\\Deleted', 'Custom']));
  assert.equal(r.updated.length, 3);
  assert.deepEqual(r.updated[0]!.keywords, ['custom']);
  const stale = acc.storeFlags(mb.id, [4], 'add', parseFlags(['\\Seen']), { unchangedSince: 1 });
  assert.deepEqual(stale.modified, [4]);
  const removed = await acc.expunge(mb.id);
  assert.deepEqual(removed, [1, 2, 3]);
  assert.equal(existsSync(acc.messageFile(m0.id)), false);
  mb = acc.mailbox('Inbox')!;
  assert.equal(mb.total, 47);
  assert.equal(mb.unseen, 47);
  assert.equal(mb.deleted, 0);

  await store.close();
  store = new Store({ dataDir: dir, clock, bus: d.bus, log: d.log });
  acc = await store.account('mox');
  mb = acc.mailbox('inbox')!;
  assert.equal(mb.uidValidity, uidvalidity);
  assert.equal(mb.uidNext, 51);
  const again = await acc.deliver({ mailbox: 'Inbox', data: [msg(99)] });
  assert.equal(again.uid, 51);
  assert.ok(again.id > Math.max(...infos.map((m) => m.id)), 'ids are never reused');
  await store.close();
});

test('account names that could escape the data directory are refused', async (t) => {
  const dir = tempDir(t);
  const d = testDeps();
  const store = new Store({ dataDir: dir, clock: d.clock, bus: d.bus, log: d.log });
  for (const bad of ['../x', '..', 'a/b', '', '.hidden']) {
    await assert.rejects(store.account(bad), /invalid account name/);
  }
  await store.close();
});

test('mailbox rows read from memory stay current: every write shows; callers get copies', async (t) => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const store = new Store({ dataDir: tempDir(t), clock, bus: d.bus, log: d.log });
  t.after(() => store.close());
  const acc = await store.account('mox');
  const before = acc.mailbox('Inbox')!;
  before.total = 999; // a caller changing its copy must not change what others see
  assert.equal(acc.mailbox('inbox')!.total, 0);
  const byId = acc.mailboxById(before.id)!;
  await acc.deliver({ mailbox: 'Inbox', data: [msg(1)] });
  assert.equal(acc.mailbox('Inbox')!.total, 1);
  assert.equal(acc.mailboxById(byId.id)!.uidNext, byId.uidNext + 1);
  assert.equal(acc.mailbox('Lists'), undefined);
  acc.createMailbox('Lists');
  const lists = acc.mailbox('Lists')!;
  acc.renameMailbox(lists.id, 'Lists2');
  assert.equal(acc.mailbox('Lists'), undefined);
  assert.equal(acc.mailboxById(lists.id)!.name, 'Lists2');
  await acc.deleteMailbox(lists.id);
  assert.equal(acc.mailboxById(lists.id), undefined);
  assert.equal(acc.mailbox('Lists2'), undefined);
});
