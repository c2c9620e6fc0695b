// The event stream command: bus events as JSON lines over a ctl data stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CtlClient, eventLines, eventsCommand, eventsHandler, jsonLines, readEvents } from '../../src/ctl/index.js';
import { Bus, type BusEvent } from '../../src/events/index.js';
import { RawConn, startServer, until } from './harness.js';

function bus(backlog = 0): Bus {
  let t = 1000;
  return new Bus({ now: () => t++, backlog });
}

async function take(it: AsyncIterator<BusEvent>, n: number): Promise<BusEvent[]> {
  const out: BusEvent[] = [];
  while (out.length < n) {
    const r = await it.next();
    assert.equal(r.done, false, `stream ended after ${out.length} of ${n} events`);
    out.push(r.value as BusEvent);
  }
  return out;
}

test('live events reach the client as JSON lines; closing the client unsubscribes on the server', async (t) => {
  const b = bus();
  const { path } = await startServer(t, { [eventsCommand]: eventsHandler(b) });
  const c = await CtlClient.connect(path);
  const it = readEvents(c, { types: ['engine.stopping', 'engine.started'] })[Symbol.asyncIterator]();
  const first = it.next();
  await until(() => b.has('engine.stopping'));
  b.emit('engine.stopping', { reason: 'one' });
  b.emit('engine.stopped', {}); // Not asked for.
  b.emit('engine.started', { profile: 'localserve', dataDir: '/tmp/x' });
  const got = [((await first).value as BusEvent), ...(await take(it, 1))];
  assert.deepEqual(got, [
    { type: 'engine.stopping', time: 1000, seq: 1, data: { reason: 'one' } },
    { type: 'engine.started', time: 1002, seq: 3, data: { profile: 'localserve', dataDir: '/tmp/x' } },
  ]);
  c.destroy();
  await until(() => !b.has('engine.stopping'));
});

test('backlog first, then live events, with nothing missed or repeated', async (t) => {
  const b = bus(100);
  for (let i = 0; i < 3; i++) b.emit('engine.stopping', { reason: `old ${i}` });
  const { path } = await startServer(t, { [eventsCommand]: eventsHandler(b) });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  const it = readEvents(c, { backlog: true })[Symbol.asyncIterator]();
  const old = await take(it, 3);
  assert.deepEqual(
    old.map((e) => e.seq),
    [1, 2, 3],
  );
  b.emit('engine.stopping', { reason: 'new' });
  const [ev] = await take(it, 1);
  assert.equal(ev!.seq, 4);
  assert.deepEqual(ev!.data, { reason: 'new' });
});

test('server shutdown ends the event stream cleanly with "0"', async (t) => {
  const b = bus();
  const { path, server } = await startServer(t, { [eventsCommand]: eventsHandler(b) });
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('events\n{"types":["engine.stopping"]}\n');
  assert.equal(await c.line(), 'ok');
  await until(() => b.has('engine.stopping'));
  b.emit('engine.stopping', { reason: 'shutdown' });
  const len = Number(await c.line());
  const line = (await c.bytes(len)).toString();
  assert.deepEqual(JSON.parse(line), { type: 'engine.stopping', time: 1000, seq: 1, data: { reason: 'shutdown' } });
  assert.ok(line.endsWith('\n'));
  c.send('ok\n');
  const closing = server.close();
  assert.equal(await c.line(), '0');
  await c.closed();
  await closing;
  assert.equal(b.has('engine.stopping'), false);
});

test('the request is decoded strictly', async (t) => {
  const { path } = await startServer(t, { [eventsCommand]: eventsHandler(bus()) });
  const c = await RawConn.connect(t, path);
  assert.equal(await c.line(), 'ctlv0');
  c.send('events\n{"follow":true}\n');
  assert.equal(await c.line(), 'parsing from ctl as json: json: unknown field "follow"');
});

test('events larger than a chunk are split and joined again', async (t) => {
  const b = bus();
  const { path } = await startServer(t, { [eventsCommand]: eventsHandler(b) }, { chunkBytes: 16 });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  const it = readEvents(c)[Symbol.asyncIterator]();
  const first = it.next();
  await until(() => b.has('engine.stopping'));
  const reason = 'x'.repeat(1000);
  b.emit('engine.stopping', { reason });
  b.emit('engine.stopping', { reason: 'ü' });
  assert.deepEqual(((await first).value as BusEvent).data, { reason });
  assert.deepEqual((await take(it, 1))[0]!.data, { reason: 'ü' });
});

test('a slow reader loses the oldest events past maxQueued; the seq gap shows it', async () => {
  const b = bus();
  const ac = new AbortController();
  const it = eventLines(b, { maxQueued: 3, signal: ac.signal })[Symbol.asyncIterator]();
  for (let i = 1; i <= 10; i++) b.emit('engine.stopping', { reason: String(i) });
  const batch = await it.next();
  assert.equal(batch.done, false);
  const seqs = batch.value!.toString().trim().split('\n').map((l) => (JSON.parse(l) as BusEvent).seq);
  assert.deepEqual(seqs, [8, 9, 10]);
  // The signal ends a feed that is waiting for events, and unsubscribes.
  const waiting = it.next();
  ac.abort();
  assert.equal((await waiting).done, true);
  assert.equal(b.has('engine.stopping'), false);
});

test('returning the feed while it waits ends it at once', async () => {
  const b = bus();
  const it = eventLines(b)[Symbol.asyncIterator]();
  const waiting = it.next();
  assert.equal(b.has('engine.stopping'), true);
  await it.return!();
  assert.equal((await waiting).done, true);
  assert.equal(b.has('engine.stopping'), false);
});

test('jsonLines joins lines split across chunks', async () => {
  async function* chunks() {
    yield Buffer.from('{"a":1}\n{"b"');
    yield Buffer.from(':[2,');
    yield Buffer.concat([Buffer.from('3]}\n\n{"c":"'), Buffer.from([0xc3])]); // "ü" split in two
    yield Buffer.concat([Buffer.from([0xbc]), Buffer.from('"}')]);
  }
  const out: unknown[] = [];
  for await (const v of jsonLines(chunks())) out.push(v);
  assert.deepEqual(out, [{ a: 1 }, { b: [2, 3] }, { c: 'ü' }]);
});
