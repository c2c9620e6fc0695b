// Removal records (tombstones) and the change queries QRESYNC needs (RFC 7162 §3.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Store, inRanges, normalizeRanges, openLibsql, parseFlags, type Account } from '../../src/store/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testDeps } from '../helpers/deps.js';

function msg(i: number): Buffer {
  return Buffer.from(`Subject: m${i}\r\nFrom: a@b\r\n\r\nbody ${i}\r\n`);
}

async function open(dir: string): Promise<{ store: Store; acc: Account }> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const store = new Store({ dataDir: dir, clock, bus: d.bus, log: d.log });
  return { store, acc: await store.account('mox') };
}

async function fill(acc: Account, n: number, mailbox = 'Inbox'): Promise<void> {
  for (let i = 1; i <= n; i++) await acc.deliver({ mailbox, data: [msg(i)] });
}

test('expunge records each removed UID with the modseq of the removal; queries by modseq and UID range', async (t) => {
  const dir = tempDir(t);
  let { store, acc } = await open(dir);
  await fill(acc, 6);
  const mb = acc.mailbox('Inbox')!;
  const before = acc.highestModseq();
  assert.equal(acc.untrackedRemovals(mb.id), 0);
  assert.deepEqual(acc.vanishedSince(mb.id, 0), []);

  acc.storeFlags(mb.id, [2, 4, 5], 'add', parseFlags(['\\Deleted']));
  const flagged = acc.highestModseq();
  assert.deepEqual(await acc.expunge(mb.id, { uids: [2, 4] }), [2, 4]);
  const exp1 = acc.highestModseq();
  assert.ok(exp1 > flagged);
  assert.equal(acc.mailbox('Inbox')!.modseq, exp1);

  // UID 5 is flagged but not expunged yet: a changed message, not a vanished one.
  assert.deepEqual(acc.vanishedSince(mb.id, before), [2, 4]);
  assert.deepEqual(acc.vanishedSince(mb.id, exp1), []);
  assert.deepEqual(acc.vanishedSince(mb.id, exp1 - 1), [2, 4]);
  assert.deepEqual(acc.vanishedSince(mb.id, before, [{ first: 3, last: 10 }]), [4]);
  assert.deepEqual(acc.vanishedSince(mb.id, before, [{ first: 2, last: 2 }, { first: 9, last: 4 }]), [2, 4]);
  assert.deepEqual(acc.changedSince(mb.id, before).map((m) => m.uid), [5]);
  assert.equal(acc.changedSince(mb.id, before)[0]!.parsed, null);
  assert.deepEqual(acc.changedSince(mb.id, 0).map((m) => m.uid), [1, 3, 5, 6]);

  await acc.expunge(mb.id);
  const exp2 = acc.highestModseq();
  assert.deepEqual(acc.vanishedSince(mb.id, exp1), [5]);
  assert.deepEqual(acc.expungedInRange(mb.id, 1, 100), [
    { uid: 2, modseq: exp1 },
    { uid: 4, modseq: exp1 },
    { uid: 5, modseq: exp2 },
  ]);
  assert.deepEqual(acc.expungedInRange(mb.id, 3, 4), [{ uid: 4, modseq: exp1 }]);
  assert.equal(acc.untrackedRemovals(mb.id), 0);

  // Records survive a restart.
  await store.close();
  ({ store, acc } = await open(dir));
  assert.deepEqual(acc.vanishedSince(mb.id, before), [2, 4, 5]);
  await store.close();
});

test('move records the source UIDs as removed; the destination sees added messages', async (t) => {
  const { store, acc } = await open(tempDir(t));
  t.after(() => store.close());
  await fill(acc, 4);
  const inbox = acc.mailbox('Inbox')!;
  const arch = acc.mailbox('Archive')!;
  const before = acc.highestModseq();
  const pairs = acc.moveMessages(inbox.id, [1, 3], arch.id);
  assert.deepEqual(pairs, [{ srcUid: 1, dstUid: 1 }, { srcUid: 3, dstUid: 2 }]);
  const moved = acc.highestModseq();
  assert.deepEqual(acc.expungedInRange(inbox.id, 1, 10), [{ uid: 1, modseq: moved }, { uid: 3, modseq: moved }]);
  assert.deepEqual(acc.vanishedSince(arch.id, 0), []);
  assert.deepEqual(acc.changedSince(arch.id, before).map((m) => m.uid), [1, 2]);
  assert.deepEqual(acc.changedSince(inbox.id, before), []);
  assert.equal(acc.untrackedRemovals(inbox.id), 0);
  assert.equal(acc.untrackedRemovals(arch.id), 0);
});

test('deleting a mailbox deletes its removal records; a new mailbox of the same name starts clean', async (t) => {
  const dir = tempDir(t);
  const { store, acc } = await open(dir);
  acc.createMailbox('Lists');
  const old = acc.mailbox('Lists')!;
  await fill(acc, 3, 'Lists');
  acc.storeFlags(old.id, [1, 2], 'add', parseFlags(['\\Deleted']));
  await acc.expunge(old.id);
  assert.deepEqual(acc.vanishedSince(old.id, 0), [1, 2]);
  await acc.deleteMailbox(old.id);
  assert.deepEqual(acc.vanishedSince(old.id, 0), []);
  acc.createMailbox('Lists');
  const again = acc.mailbox('Lists')!;
  // Mailbox ids can be reused (SQLite rowids), so stale records would be wrong for the new one.
  assert.notEqual(again.uidValidity, old.uidValidity);
  assert.deepEqual(acc.vanishedSince(again.id, 0), []);
  await store.close();
  const db = openLibsql(join(dir, 'accounts', 'mox', 'index.db'));
  assert.equal(Number(db.prepare('SELECT count(*) AS n FROM message_expunged WHERE mailbox_id = ?').get(old.id)!.n), 0);
  db.close();
});

test('removals without a record (history from before schema 2) are detected', async (t) => {
  const dir = tempDir(t);
  let { store, acc } = await open(dir);
  await fill(acc, 5);
  const mb = acc.mailbox('Inbox')!;
  acc.storeFlags(mb.id, [2, 3], 'add', parseFlags(['\\Deleted']));
  await acc.expunge(mb.id);
  await store.close();
  // As an old database would look: the messages are gone but nothing records it.
  const db = openLibsql(join(dir, 'accounts', 'mox', 'index.db'));
  db.tx(() => db.prepare('DELETE FROM message_expunged WHERE mailbox_id = ? AND uid = 2').run(mb.id));
  db.close();
  ({ store, acc } = await open(dir));
  assert.equal(acc.untrackedRemovals(mb.id), 1);
  assert.deepEqual(acc.vanishedSince(mb.id, 0), [3]);
  await store.close();
});

test('normalizeRanges merges and sorts; inRanges finds members', () => {
  const r = normalizeRanges([{ first: 10, last: 12 }, { first: 3, last: 1 }, { first: 4, last: 5 }, { first: 11, last: 20 }, { first: 30, last: 30 }]);
  assert.deepEqual(r, [{ first: 1, last: 5 }, { first: 10, last: 20 }, { first: 30, last: 30 }]);
  for (const [u, want] of [[0, false], [1, true], [5, true], [6, false], [9, false], [10, true], [20, true], [21, false], [30, true], [31, false]] as const) {
    assert.equal(inRanges(r, u), want, `uid ${u}`);
  }
  assert.equal(inRanges([], 1), false);
});
