import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibsql, Store, type Change } from '../../src/store/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testDeps } from '../helpers/deps.js';

async function open(t: import('node:test').TestContext, dir = tempDir(t)) {
  const d = testDeps();
  const store = new Store({ dataDir: dir, clock: d.clock, bus: d.bus, log: d.log });
  t.after(() => store.close());
  const acc = await store.account('mox');
  const changes: Change[] = [];
  acc.subscribe((c) => changes.push(...c));
  return { acc, changes, dir, store };
}

async function settled(acc: { durable(): Promise<void> }): Promise<void> {
  await acc.durable();
  await new Promise((r) => setImmediate(r));
}

test('subscriptions are names: new accounts subscribe the default mailboxes; names without a mailbox can be subscribed', async (t) => {
  const { acc, changes } = await open(t);
  assert.deepEqual(acc.subscriptions(), ['Archive', 'Drafts', 'Inbox', 'Junk', 'Sent', 'Trash']);
  assert.equal(acc.mailbox('Sent')!.subscribed, true);
  assert.equal(acc.setSubscription('not/there', true), true);
  assert.equal(acc.setSubscription('not/there', true), false, 'already subscribed: nothing changes');
  assert.equal(acc.isSubscribed('not/there'), true);
  assert.equal(acc.setSubscription('Sent', false), true);
  assert.equal(acc.mailbox('Sent')!.subscribed, false);
  assert.equal(acc.setSubscription('Sent', false), false);
  await settled(acc);
  assert.deepEqual(changes, [
    { kind: 'subscriptionAdd', name: 'not/there', exists: false },
    { kind: 'subscriptionRemove', name: 'Sent', exists: true },
  ]);
});

test('createMailbox subscribes what it creates (mox CREATE) unless told not to; delete and rename keep subscriptions by name', async (t) => {
  const { acc, changes } = await open(t);
  acc.createMailbox('a/b');
  assert.ok(acc.isSubscribed('a') && acc.isSubscribed('a/b'));
  acc.createMailbox('quiet/x', { subscribe: false });
  assert.ok(!acc.isSubscribed('quiet') && !acc.isSubscribed('quiet/x'));
  await acc.deleteMailbox(acc.mailbox('a/b')!.id);
  assert.equal(acc.isSubscribed('a/b'), true, 'the subscription outlives the mailbox');
  acc.setSubscription('n/a', true);
  // Rename: subscriptions stay with the old names, new parents are not subscribed (as mox).
  acc.renameMailbox(acc.mailbox('a')!.id, 'n/a');
  assert.equal(acc.isSubscribed('a'), true);
  assert.equal(acc.isSubscribed('n'), false);
  assert.equal(acc.mailbox('n/a')!.subscribed, true);
  await settled(acc);
  const adds = changes.filter((c) => c.kind === 'mailboxAdd');
  assert.deepEqual(
    adds.map((c) => [c.name, c.subscribed]),
    [['a', true], ['a/b', true], ['quiet', false], ['quiet/x', false], ['n', false]],
  );
  const rename = changes.find((c) => c.kind === 'mailboxRename');
  assert.deepEqual(rename && { ...rename, mailboxId: 0 }, { kind: 'mailboxRename', mailboxId: 0, oldName: 'a', name: 'n/a', subscribed: true });
  assert.ok(changes.some((c) => c.kind === 'mailboxRemove' && c.name === 'a/b'));
});

test('schema 3 moves subscribed mailboxes of an older database into the subscription table', async (t) => {
  const dir = tempDir(t);
  {
    const { acc, store } = await open(t, dir);
    acc.createMailbox('old/one');
    await store.close();
  }
  // Back to schema 2: the subscribed column was the only record.
  const db = openLibsql(join(dir, 'accounts', 'mox', 'index.db'));
  db.exec("DROP TABLE subscription; UPDATE mailbox SET subscribed = (name IN ('Inbox', 'old/one')); PRAGMA user_version = 2");
  db.close();
  const { acc } = await open(t, dir);
  assert.deepEqual(acc.subscriptions(), ['Inbox', 'old/one']);
  assert.equal(acc.mailbox('Sent')!.subscribed, false);
  assert.equal(acc.mailbox('old/one')!.subscribed, true);
});
