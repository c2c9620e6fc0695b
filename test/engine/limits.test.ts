import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock/index.js';
import { ConnectionLimiter, isLoopback } from '../../src/engine/limiter.js';

test('connection limits as mox: 30 open per IP (then /26, /21), 300 new per minute; loopback exempt when asked', async () => {
  const clock = new ManualClock(0);
  const l = new ConnectionLimiter(clock);
  const open = Array.from({ length: 30 }, () => l.opened('192.0.2.1'));
  assert.ok(open.every((v) => v.ok));
  assert.deepEqual(l.opened('192.0.2.1'), { ok: false, reason: 'count' });
  // Another IP in the same /26 still has room, up to 90 for the /26.
  assert.equal(l.opened('192.0.2.2').ok, true);
  for (const v of open) if (v.ok) v.release();
  assert.equal(l.opened('192.0.2.1').ok, true);
  // Rate: 300 new connections per minute for one IP.
  const r = new ConnectionLimiter(clock);
  for (let i = 0; i < 300; i++) {
    const v = r.opened('198.51.100.7');
    assert.ok(v.ok);
    v.release();
  }
  assert.deepEqual(r.opened('198.51.100.7'), { ok: false, reason: 'rate' });
  await clock.advance(60_000);
  assert.equal(r.opened('198.51.100.7').ok, true);
  // IPv6 counts per /64.
  const v6 = new ConnectionLimiter(clock);
  for (let i = 0; i < 30; i++) assert.ok(v6.opened(`2001:db8::${i + 1}`).ok);
  assert.equal(v6.opened('2001:db8::ffff').ok, false);
  assert.equal(v6.opened('2001:db8:0:1::1').ok, true);
  const local = new ConnectionLimiter(clock, isLoopback);
  for (let i = 0; i < 1000; i++) assert.ok(local.opened('127.0.0.1').ok);
});

test('localserve: a declared size over the 100 MiB limit gets 552 5.3.4 at MAIL (RFC 1870 §6)', async (t) => {
  const { startLocalserve } = await import('../helpers/localserve.js');
  const { SmtpScript } = await import('../helpers/smtp-script.js');
  const ls = await startLocalserve(t);
  const c = await SmtpScript.open(t, ls.port('smtp'));
  await c.reply();
  c.send('EHLO client.example');
  assert.match(await c.reply(), /\n250-SIZE 104857600\n/);
  c.send(`MAIL FROM:<a@example.org> SIZE=${100 * 1024 * 1024 + 1}`);
  await c.expect(/^552 5\.3\.4 message too large \([A-Za-z0-9_-]{22}\)$/);
  c.send(`MAIL FROM:<a@example.org> SIZE=${100 * 1024 * 1024}`);
  await c.expect(/^250 /);
});
