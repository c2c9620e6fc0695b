// The shared cache of small message contents: LRU eviction by bytes, the size limit per
// message, scopes kept apart, copies instead of views; and an account serving reads from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { MessageCache } from '../../src/store/index.js';

test('least recently used entries go first when the byte limit is reached; large messages are not kept', () => {
  const c = new MessageCache({ maxBytes: 30, maxMessageBytes: 12 });
  const s = c.scope();
  s.set(1, Buffer.alloc(10, 'a'));
  s.set(2, Buffer.alloc(10, 'b'));
  s.set(3, Buffer.alloc(10, 'c'));
  assert.equal(c.size, 30);
  assert.equal(s.get(1)?.toString(), 'a'.repeat(10)); // 1 is now the most recent
  s.set(4, Buffer.alloc(10, 'd'));
  assert.equal(s.get(2), undefined, 'least recently used evicted');
  assert.ok(s.get(1) && s.get(3) && s.get(4));
  assert.equal(c.size, 30);
  s.set(5, Buffer.alloc(13));
  assert.equal(s.get(5), undefined, 'over the per-message limit');
  s.delete(3);
  assert.equal(c.size, 20);
  s.set(1, Buffer.alloc(5, 'x'));
  assert.equal(c.size, 15, 'replacing an entry counts its new size');
});

test('scopes are separate (an account created again starts with an empty view); entries are copies', () => {
  const c = new MessageCache();
  const a = c.scope();
  const b = c.scope();
  const big = Buffer.from('0123456789');
  a.set(1, big.subarray(2, 5));
  assert.equal(b.get(1), undefined);
  const got = a.get(1)!;
  assert.equal(got.toString(), '234');
  assert.equal(got.buffer.byteLength, 3, 'its own memory, not a view into the caller\'s buffer');
});

test('an account reads delivered messages from the cache, and from the file when not cached', async (t) => {
  const { Store } = await import('../../src/store/index.js');
  const { ManualClock } = await import('../../src/clock/index.js');
  const { Bus } = await import('../../src/events/index.js');
  const { LogRouter } = await import('../../src/log/index.js');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { unlink } = await import('node:fs/promises');
  const dir = mkdtempSync(join(tmpdir(), 'moxts-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new ManualClock(Date.UTC(2026, 10, 21));
  const store = new Store({ dataDir: dir, clock, bus: new Bus({ now: () => clock.now(), backlog: 10 }), log: new LogRouter({ level: 'error', now: () => clock.now() }).logger('test') });
  t.after(() => store.close());
  const acc = await store.account('mox');
  const msg = Buffer.from('Subject: hi\r\n\r\nbody\r\n');
  const info = await acc.deliver({ mailbox: 'Inbox', data: [msg] });
  // The file is gone, the cache still answers: reads come from memory.
  await unlink(acc.messageFile(info.id));
  assert.deepEqual(await acc.readMessage(info.id), msg);
  assert.equal((await acc.readRange(info.id, 0, 11)).toString(), 'Subject: hi');
  // A second store (fresh cache) must read the file: missing now.
  const other = new Store({ dataDir: dir, clock, bus: new Bus({ now: () => clock.now(), backlog: 10 }), log: new LogRouter({ level: 'error', now: () => clock.now() }).logger('test') });
  await store.close();
  const acc2 = await other.account('mox');
  t.after(() => other.close());
  await assert.rejects(acc2.readMessage(info.id), /ENOENT/);
});
