// Message files prepared ahead of deliveries: used by deliveries, never reported as strays
// by verifydata or backup while the account is open, removed at close and after a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store, verifyDataDir } from '../../src/store/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testDeps } from '../helpers/deps.js';

const msg = (i: number) => Buffer.from(`Subject: m${i}\r\nFrom: a@b\r\n\r\nbody ${i}\r\n`);

/** Message file names (ids) in the account's first message directory. */
const files = (dataDir: string) => {
  const dir = join(dataDir, 'accounts', 'mox', 'msg', 'a');
  return existsSync(dir)
    ? readdirSync(dir)
        .map(Number)
        .sort((a, b) => a - b)
    : [];
};


test('deliveries take prepared files; close removes the unused ones; verifydata on the live dir is clean', async (t) => {
  const dataDir = tempDir(t);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const store = new Store({ dataDir, clock, bus: d.bus, log: d.log });
  const acc = await store.account('mox');
  await acc.sparesSettled();
  assert.equal(files(dataDir).length, 0, 'an account only opened gets no prepared files');
  // The first delivery starts the pool; it takes the first id, before its file is prepared.
  const firstInfo = await acc.deliver({ mailbox: 'Inbox', data: [msg(100)] });
  await acc.sparesSettled();
  assert.equal(files(dataDir).length, 64);
  assert.equal(readFileSync(acc.messageFile(firstInfo.id), 'utf8'), msg(100).toString());
  const prepared = files(dataDir).filter((id) => id !== firstInfo.id);
  for (const id of prepared) assert.equal(statSync(join(dataDir, 'accounts', 'mox', 'msg', 'a', String(id))).size, 0);

  const infos = [];
  for (let i = 0; i < 40; i++) infos.push(await acc.deliver({ mailbox: 'Inbox', data: [msg(i)] }));
  // The next 40 deliveries took the next prepared ids, in order.
  assert.deepEqual(infos.map((m) => m.id), prepared.slice(0, 40));
  assert.ok(prepared[0]! > firstInfo.id);
  for (const [i, m] of infos.entries()) assert.equal(readFileSync(acc.messageFile(m.id), 'utf8'), msg(i).toString());

  const out: string[] = [];
  const v = await verifyDataDir({ dataDir, output: (l) => out.push(l) });
  assert.equal(v.ok, true, out.join('\n'));
  assert.deepEqual(out.filter((l) => /unrecognized/.test(l)), []);

  await store.close();
  // Only the delivered messages' files remain.
  assert.deepEqual(files(dataDir), [firstInfo.id, ...infos.map((m) => m.id)].sort((a, b) => a - b));
});

test('after a crash, prepared files without a message row are removed at the next open (also one written but never committed)', async (t) => {
  const dataDir = tempDir(t);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const first = new Store({ dataDir, clock, bus: d.bus, log: d.log });
  const acc = await first.account('mox');
  const m0 = await acc.deliver({ mailbox: 'Inbox', data: [msg(0)] });
  await acc.sparesSettled();
  const kept = await acc.deliver({ mailbox: 'Inbox', data: [msg(1)] });
  // A delivery that wrote its file but crashed before the commit: never acknowledged.
  const unused = files(dataDir).filter((id) => id !== kept.id && id !== m0.id);
  writeFileSync(join(dataDir, 'accounts', 'mox', 'msg', 'a', String(unused[0])), msg(2));

  // The "crash": the first store is not closed; a new one opens the same data.
  const second = new Store({ dataDir, clock, bus: d.bus, log: d.log });
  t.after(() => first.close());
  const again = await second.account('mox');
  const now = files(dataDir);
  assert.ok(now.includes(kept.id));
  assert.ok(!now.includes(unused[0]!), 'uncommitted file removed');
  // What remains besides the delivered message are the new store's own prepared files, all
  // with ids above everything reserved before.
  for (const id of now) if (id !== kept.id && id !== m0.id) assert.ok(id > Math.max(...unused, m0.id), `id ${id}`);
  assert.equal((await again.readMessage(kept.id)).toString(), msg(1).toString());
  const next = await again.deliver({ mailbox: 'Inbox', data: [msg(3)] });
  assert.ok(next.id > kept.id);
  await second.close();
});
