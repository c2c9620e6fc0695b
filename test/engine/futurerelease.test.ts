import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock/index.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');

test('HOLDFOR schedules the first delivery attempt; REQUIRETLS is recorded on the queued message', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const c = await SmtpScript.open(t, ls.port('submission'));
  await c.reply();
  c.send('EHLO client.example');
  await c.reply();
  await c.starttls();
  c.send('EHLO client.example');
  await c.reply();
  c.send('AUTH PLAIN ' + authPlain);
  await c.expect(/^235 /);
  c.write('MAIL FROM:<app@example.org> HOLDFOR=600 REQUIRETLS\r\nRCPT TO:<later@example.com>\r\nDATA\r\n');
  await c.expect(/^250 /);
  await c.expect(/^250 /);
  await c.expect(/^354 /);
  c.write('Subject: later\r\n\r\nx\r\n.\r\n');
  await c.expect(/^250 2\.2\.0 /);
  const [m] = ls.engine.queue.list();
  assert.ok(m);
  assert.equal(m.nextAttempt, clock.now() + 600_000);
  assert.equal(m.futureReleaseRequest, 'for;600');
  assert.equal(m.requireTls, true);
  assert.equal(m.attempts, 0);
  // Not before its time...
  await clock.advance(599_000);
  await ls.engine.queue.scheduler.idle();
  assert.equal(ls.engine.queue.get(m.id)?.attempts, 0);
  // ...then delivered (our own listener offers REQUIRETLS after STARTTLS).
  const delivered = waitDelivered(ls.engine, 1);
  await clock.advance(2_000);
  await delivered;
});
