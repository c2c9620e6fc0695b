import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Store, type Change } from '../../src/store/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testDeps } from '../helpers/deps.js';

async function open(t: import('node:test').TestContext) {
  const dir = tempDir(t);
  const d = testDeps();
  const store = new Store({ dataDir: dir, clock: d.clock, bus: d.bus, log: d.log });
  t.after(() => store.close());
  const acc = await store.account('mox');
  const changes: Change[] = [];
  acc.subscribe((c) => changes.push(...c));
  return { acc, changes, dir, d, store };
}

/** Changes are published once durable: wait for that before looking at them. */
async function settled(acc: { durable(): Promise<void> }): Promise<void> {
  await acc.durable();
  await new Promise((r) => setImmediate(r));
}

const msg = (i: number) => Buffer.from(`Subject: m${i}\r\n\r\nbody ${i}\r\n`);

test('createMailbox creates parents, refuses duplicates, publishes mailboxAdd', async (t) => {
  const { acc, changes } = await open(t);
  const made = acc.createMailbox('a/b/c', { specialUse: '' });
  assert.deepEqual(made.map((m) => m.name), ['a', 'a/b', 'a/b/c']);
  await settled(acc);
  assert.deepEqual(changes.map((c) => c.kind), ['mailboxAdd', 'mailboxAdd', 'mailboxAdd']);
  assert.throws(() => acc.createMailbox('a/b'), /exists/);
  const uv = new Set(acc.mailboxes().map((m) => m.uidValidity));
  assert.equal(uv.size, acc.mailboxes().length, 'each mailbox gets its own UIDVALIDITY');
  assert.equal(acc.setSubscription('a/b/c', false), true);
  assert.equal(acc.mailbox('a/b/c')!.subscribed, false);
});

test('renameMailbox renames children and creates new parents; deleteMailbox removes messages', async (t) => {
  const { acc, changes } = await open(t);
  acc.createMailbox('x/y');
  const x = acc.mailbox('x')!;
  const m = await acc.deliver({ mailbox: 'x/y', data: [msg(1)] });
  acc.renameMailbox(x.id, 'p/q');
  assert.deepEqual(acc.mailboxes().map((mb) => mb.name).filter((n) => /^[pqx]/.test(n)), ['p', 'p/q', 'p/q/y']);
  await settled(acc);
  assert.ok(changes.some((c) => c.kind === 'mailboxRename' && c.oldName === 'x/y' && c.name === 'p/q/y'));
  assert.throws(() => acc.renameMailbox(acc.mailbox('Inbox')!.id, 'Other'), /inbox/);
  assert.throws(() => acc.renameMailbox(acc.mailbox('p')!.id, 'Sent'), /exists/);
  await assert.rejects(acc.deleteMailbox(acc.mailbox('p/q')!.id), /children/);
  await acc.deleteMailbox(acc.mailbox('p/q/y')!.id);
  assert.equal(acc.mailbox('p/q/y'), undefined);
  assert.equal(acc.message(m.id), undefined);
  assert.equal(existsSync(acc.messageFile(m.id)), false);
  await settled(acc);
  assert.ok(changes.some((c) => c.kind === 'remove' && c.uids[0] === m.uid));
  await assert.rejects(acc.deleteMailbox(acc.mailbox('Inbox')!.id), /inbox/);
});

test('appendMessages keeps flags and dates, assigns UIDs in order, counts', async (t) => {
  const { acc, changes, d } = await open(t);
  let delivered = 0;
  d.bus.on('store.delivered', () => delivered++);
  const inbox = acc.mailbox('Inbox')!;
  const got = await acc.appendMessages(inbox.id, [
    { data: msg(1), flags: 1, keywords: ['work'], received: Date.UTC(2020, 0, 1) },
    { data: msg(2) },
  ]);
  assert.deepEqual(got.map((m) => m.uid), [1, 2]);
  assert.equal(got[0]!.received, Date.UTC(2020, 0, 1));
  assert.deepEqual(got[0]!.keywords, ['work']);
  assert.equal(got[0]!.subject, 'm1');
  assert.ok(got[0]!.parsed);
  assert.equal((await acc.readMessage(got[1]!.id)).toString(), msg(2).toString());
  const mb = acc.mailbox('Inbox')!;
  assert.equal(mb.total, 2);
  assert.equal(mb.unseen, 1);
  assert.equal(mb.uidNext, 3);
  await settled(acc);
  assert.equal(changes.filter((c) => c.kind === 'add').length, 2);
  assert.equal(delivered, 0, 'APPEND is not a delivery');
  const next = await acc.deliver({ mailbox: 'Inbox', data: [msg(3)] });
  assert.ok(next.id > got[1]!.id);
});

test('copyMessages and moveMessages return UID pairs and keep the data', async (t) => {
  const { acc, changes } = await open(t);
  const inbox = acc.mailbox('Inbox')!;
  const trash = acc.mailbox('Trash')!;
  for (let i = 1; i <= 3; i++) await acc.deliver({ mailbox: 'Inbox', data: [msg(i)], flags: i === 1 ? 1 : 0 });
  const copied = await acc.copyMessages(inbox.id, [1, 3, 7], trash.id);
  assert.deepEqual(copied, [{ srcUid: 1, dstUid: 1 }, { srcUid: 3, dstUid: 2 }]);
  const c1 = acc.messageByUid(trash.id, 1)!;
  assert.equal(c1.flags, 1);
  assert.equal((await acc.readMessage(c1.id)).toString(), msg(1).toString());
  assert.equal(acc.mailbox('Trash')!.total, 2);
  assert.equal(acc.mailbox('Inbox')!.total, 3);
  // Expunging the original leaves the copy readable.
  acc.storeFlags(inbox.id, [1], 'add', { bits: 8, keywords: [] });
  await acc.expunge(inbox.id);
  assert.equal((await acc.readMessage(c1.id)).toString(), msg(1).toString());

  changes.length = 0;
  const moved = acc.moveMessages(inbox.id, [2, 3], trash.id);
  assert.deepEqual(moved, [{ srcUid: 2, dstUid: 3 }, { srcUid: 3, dstUid: 4 }]);
  assert.equal(acc.mailbox('Inbox')!.total, 0);
  assert.equal(acc.mailbox('Inbox')!.unseen, 0);
  assert.equal(acc.mailbox('Trash')!.total, 4);
  assert.equal(acc.mailbox('Trash')!.uidNext, 5);
  await settled(acc);
  assert.deepEqual(changes.map((c) => c.kind), ['remove', 'add', 'add']);
  assert.equal((await acc.readMessage(acc.messageByUid(trash.id, 4)!.id)).toString(), msg(3).toString());
  // Within one mailbox: a new UID.
  assert.deepEqual(acc.moveMessages(trash.id, [1], trash.id), [{ srcUid: 1, dstUid: 5 }]);
  assert.equal(acc.mailbox('Trash')!.total, 4);
  assert.equal(acc.messageByUid(trash.id, 1), undefined);
});
