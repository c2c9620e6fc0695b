import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bus } from '../../src/events/index.js';

test('typed listeners, any-listeners, backlog, and a throwing listener does not break emit', () => {
  const errors: unknown[] = [];
  const bus = new Bus({ now: () => 42, backlog: 2, noBacklog: ['smtp.line'], onListenerError: (e) => errors.push(e) });
  const got: number[] = [];
  bus.on('queue.retired', () => {
    throw new Error('boom');
  });
  const off = bus.on('queue.retired', (d) => got.push(d.msgId));
  const any: string[] = [];
  bus.onAny((e) => any.push(e.type));
  bus.emit('queue.retired', { msgId: 1, success: true, event: 'delivered' });
  off();
  bus.emit('queue.retired', { msgId: 2, success: true, event: 'delivered' });
  bus.emit('smtp.line', { cid: 1, dir: 'c', text: 'x' });
  bus.emit('queue.retired', { msgId: 3, success: false, event: 'failed' });
  assert.deepEqual(got, [1]);
  assert.equal(errors.length, 3);
  assert.deepEqual(any, ['queue.retired', 'queue.retired', 'smtp.line', 'queue.retired']);
  assert.deepEqual(
    bus.backlog().map((e) => (e.type === 'queue.retired' ? e.data.msgId : -1)),
    [2, 3],
  );
});
