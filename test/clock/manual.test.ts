import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock/index.js';

test('manual clock wakes sleepers in deadline order and only when advanced', async () => {
  const c = new ManualClock(1000);
  const woke: string[] = [];
  void c.sleep(100).then(() => woke.push(`a@${c.now()}`));
  void c.sleep(50).then(() => woke.push(`b@${c.now()}`));
  await c.advance(40);
  assert.deepEqual(woke, []);
  await c.advance(100);
  assert.deepEqual(woke, ['b@1050', 'a@1100']);
  assert.equal(c.now(), 1140);
});

test('a loop that sleeps again is woken repeatedly within one advance', async () => {
  const c = new ManualClock(0);
  let n = 0;
  const ac = new AbortController();
  void (async () => {
    for (;;) {
      await c.sleep(10, ac.signal).catch(() => undefined);
      if (ac.signal.aborted) return;
      n++;
    }
  })();
  await c.advance(55);
  assert.equal(n, 5);
  ac.abort();
});
