// Annotations (IMAP METADATA, RFC 5464) and the message-size quota in the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnnotationLimitError, Store, StoreError, type Change } from '../../src/store/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testDeps } from '../helpers/deps.js';

async function open(t: import('node:test').TestContext) {
  const d = testDeps();
  const store = new Store({ dataDir: tempDir(t), clock: d.clock, bus: d.bus, log: d.log });
  t.after(() => store.close());
  const acc = await store.account('mox');
  const changes: Change[] = [];
  acc.subscribe((c) => changes.push(...c));
  return { acc, changes };
}

async function settled(acc: { durable(): Promise<void> }): Promise<void> {
  await acc.durable();
  await new Promise((r) => setImmediate(r));
}

const big = { maxEntries: 1000, maxSize: 1_000_000 };
const str = (key: string, v: string) => ({ key, value: Buffer.from(v), isString: true });

test('annotations: set, update, remove, per mailbox and server, with modseq and changes', async (t) => {
  const { acc, changes } = await open(t);
  const inbox = acc.mailbox('Inbox')!;
  const before = inbox.modseq;
  const m1 = acc.annotations.set(inbox.id, [str('/private/comment', 'hello'), { key: '/shared/bin', value: Buffer.from([0, 1, 2]), isString: false }], big);
  assert.ok(m1 > before);
  assert.equal(acc.mailbox('Inbox')!.modseq, m1, 'mailbox HIGHESTMODSEQ follows its annotations');
  acc.annotations.set(0, [str('/private/motd', 'server')], big);
  assert.equal(acc.mailbox('Inbox')!.modseq, m1, 'a server annotation leaves mailboxes alone');

  const list = acc.annotations.list(inbox.id);
  assert.deepEqual(list.map((a) => [a.key, a.isString, a.value.toString('latin1')]), [
    ['/private/comment', true, 'hello'],
    ['/shared/bin', false, '\x00\x01\x02'],
  ]);
  assert.ok(Buffer.isBuffer(list[1]!.value));
  assert.deepEqual(acc.annotations.list(0).map((a) => a.key), ['/private/motd']);

  const m2 = acc.annotations.set(inbox.id, [str('/private/comment', 'changed')], big);
  const a = acc.annotations.get(inbox.id, '/private/comment')!;
  assert.equal(a.value.toString(), 'changed');
  assert.equal(a.modseq, m2);
  assert.equal(a.createseq, m1);

  // Removing what is not there changes nothing (no new modseq).
  assert.equal(acc.annotations.set(inbox.id, [{ key: '/private/none', value: null, isString: false }], big), 0);
  acc.annotations.set(inbox.id, [{ key: '/private/comment', value: null, isString: false }], big);
  assert.equal(acc.annotations.get(inbox.id, '/private/comment'), undefined);

  await settled(acc);
  const ann = changes.filter((c) => c.kind === 'annotation');
  assert.deepEqual(ann, [
    { kind: 'annotation', mailboxId: inbox.id, mailbox: 'Inbox', key: '/private/comment' },
    { kind: 'annotation', mailboxId: inbox.id, mailbox: 'Inbox', key: '/shared/bin' },
    { kind: 'annotation', mailboxId: 0, mailbox: '', key: '/private/motd' },
    { kind: 'annotation', mailboxId: inbox.id, mailbox: 'Inbox', key: '/private/comment' },
    { kind: 'annotation', mailboxId: inbox.id, mailbox: 'Inbox', key: '/private/comment' },
  ]);
  assert.throws(() => acc.annotations.set(9999, [str('/private/x', 'y')], big), (e) => e instanceof StoreError && e.code === 'notFound');
});

test('annotations: account-wide limits refuse the whole change', async (t) => {
  const { acc } = await open(t);
  const inbox = acc.mailbox('Inbox')!;
  const limits = { maxEntries: 3, maxSize: 60 };
  acc.annotations.set(inbox.id, [str('/private/a', 'x'), str('/private/b', 'x')], limits);
  assert.throws(
    () => acc.annotations.set(0, [str('/private/c', 'x'), str('/private/d', 'x')], limits),
    (e) => e instanceof AnnotationLimitError && e.limit === 'entries' && e.max === 3,
  );
  assert.deepEqual(acc.annotations.list(0), [], 'nothing of the refused command was stored');
  assert.throws(
    () => acc.annotations.set(inbox.id, [str('/private/a', 'x'.repeat(50))], limits),
    (e) => e instanceof AnnotationLimitError && e.limit === 'size' && e.max === 60,
  );
  assert.equal(acc.annotations.get(inbox.id, '/private/a')!.value.toString(), 'x');
  // Replacing a value within the limit is fine.
  acc.annotations.set(inbox.id, [str('/private/a', 'y'.repeat(30))], limits);
});

test('annotations: removed with their mailbox, copied on request', async (t) => {
  const { acc } = await open(t);
  const [box] = acc.createMailbox('box');
  acc.annotations.set(box!.id, [str('/private/a', '1'), str('/shared/b', '2')], big);
  const [other] = acc.createMailbox('other');
  acc.annotations.set(other!.id, [str('/private/a', 'old')], big);
  acc.annotations.copy(box!.id, other!.id);
  assert.deepEqual(acc.annotations.list(other!.id).map((a) => [a.key, a.value.toString()]), [
    ['/private/a', '1'],
    ['/shared/b', '2'],
  ]);
  assert.equal(acc.annotations.list(box!.id).length, 2, 'the source keeps its annotations');
  await acc.deleteMailbox(box!.id);
  const [again] = acc.createMailbox('box');
  assert.deepEqual(acc.annotations.list(again!.id), []);
  assert.deepEqual(acc.annotations.list(box!.id), []);
});

test('quota: messageSize, and append/copy refuse to pass the limit atomically', async (t) => {
  const { acc } = await open(t);
  const inbox = acc.mailbox('Inbox')!;
  const data = Buffer.from(`Subject: q\r\n\r\n${'x'.repeat(984)}\r\n`); // 1000 bytes
  assert.equal(data.length, 1000);
  assert.equal(acc.messageSize(), 0);
  const [m] = await acc.appendMessages(inbox.id, [{ data }], { quota: 2500 });
  assert.equal(acc.messageSize(), 1000);
  await assert.rejects(acc.appendMessages(inbox.id, [{ data }, { data }], { quota: 2500 }), (e) => e instanceof StoreError && e.code === 'overQuota');
  assert.equal(acc.mailbox('Inbox')!.total, 1, 'a refused append stores nothing');
  const [box] = acc.createMailbox('box');
  await acc.copyMessages(inbox.id, [m!.uid], box!.id, { quota: 2500 });
  assert.equal(acc.messageSize(), 2000);
  await assert.rejects(acc.copyMessages(inbox.id, [m!.uid], box!.id, { quota: 2500 }), /over maximum total message size 2500/);
  assert.equal(acc.mailbox('box')!.total, 1);
  // Without a quota there is no limit.
  await acc.copyMessages(inbox.id, [m!.uid], box!.id);
  assert.equal(acc.messageSize(), 3000);
});
