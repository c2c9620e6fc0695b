// Auth failure slowdown and rate limiting on submission (RFC 4954 §4 "SHOULD ... limit the
// number of failed attempts"), as mox: after 3 failures on one connection each attempt
// waits (failures-3) seconds on the engine clock; 10 failures a minute from one IP make the
// engine's limiter refuse logins with "421 4.7.0 too many auth failures".
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock/index.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startLocalserve } from '../helpers/localserve.js';

const good = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');
const bad = Buffer.from('\0mox@localhost\0not-the-password').toString('base64');

async function conn(t: TestContext, port: number): Promise<SmtpScript> {
  const c = await SmtpScript.open(t, port);
  await c.expect(/^220 /);
  c.send('EHLO client.example');
  await c.expect(/^250-/);
  return c;
}

const tick = () => new Promise((r) => setTimeout(r, 20));

/** Waits (bounded) until the clock has more sleepers than `n`. */
async function sleepersAbove(clock: ManualClock, n: number): Promise<void> {
  for (let i = 0; i < 250 && clock.pending() <= n; i++) await tick();
  assert.ok(clock.pending() > n, 'the session sleeps on the clock');
}

/** Counts bytes the server sends from now on (alongside the script's own reader). */
function received(c: SmtpScript): () => number {
  let n = 0;
  c.socket.on('data', (d: Buffer) => (n += d.length));
  return () => n;
}

test('on one connection, failures after the third are answered only after (failures-3) seconds', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const c = await conn(t, ls.port('submission'));
  // The first four failures are answered at once: the clock never moves, so a sleep would hang.
  for (let i = 0; i < 4; i++) {
    c.send(`AUTH PLAIN ${bad}`);
    await c.expect(/^535 5\.7\.8 bad user\/pass/);
  }
  for (const [attempt, waitMs] of [
    [5, 1000],
    [6, 2000],
  ] as const) {
    const base = clock.pending();
    const got = received(c);
    c.send(`AUTH PLAIN ${bad}`);
    await sleepersAbove(clock, base);
    await clock.advance(waitMs - 1);
    await tick();
    assert.equal(got(), 0, `attempt ${attempt}: no reply before ${waitMs} ms`);
    await clock.advance(1);
    await c.expect(/^535 5\.7\.8 bad user\/pass/);
  }
  // A good password is also delayed (3 s now), then accepted; the count starts over.
  const base = clock.pending();
  c.send(`AUTH PLAIN ${good}`);
  await sleepersAbove(clock, base);
  await clock.advance(3000);
  await c.expect(/^235 2\.7\.0 nice$/);
});

test('10 failures a minute from one IP, across connections: 421 4.7.0 too many auth failures, until a minute passes', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const port = ls.port('submission');
  // 3 + 3 + 3 + 1 failures, never more than 3 on one connection (no slowdown).
  let last: SmtpScript | undefined;
  for (const n of [3, 3, 3, 1]) {
    last = await conn(t, port);
    for (let i = 0; i < n; i++) {
      last.send(`AUTH PLAIN ${bad}`);
      await last.expect(/^535 5\.7\.8 /);
    }
  }
  // The 11th attempt, on the same connection: refused and closed.
  last!.send(`AUTH PLAIN ${good}`);
  await last!.expect(/^421 4\.7\.0 too many auth failures/);
  await last!.closed();

  /** A good login from a new connection: refused (at greeting or at AUTH) or accepted. */
  const tryLogin = async (): Promise<string> => {
    const c = await SmtpScript.open(t, port);
    const greeting = await c.reply();
    if (greeting.startsWith('421 ')) {
      await c.closed();
      return greeting;
    }
    c.send('EHLO client.example');
    await c.expect(/^250-/);
    c.send(`AUTH PLAIN ${good}`);
    const r = await c.reply();
    if (r.startsWith('421 ')) await c.closed();
    return r;
  };
  assert.match(await tryLogin(), /^421 4\.7\.0 too many auth failures/);
  await clock.advance(59_000);
  assert.match(await tryLogin(), /^421 4\.7\.0 too many auth failures/, 'still refused within the minute');
  await clock.advance(1_000);
  assert.match(await tryLogin(), /^235 2\.7\.0 nice$/, 'allowed again after a minute');
  // Incoming SMTP (no AUTH) is not affected by the limiter.
  const s = await SmtpScript.open(t, ls.port('smtp'));
  await s.expect(/^220 /);
});

test('a rate-limited IP is refused at connect: "421 4.7.0 too many auth failures" instead of the greeting (mox)', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const port = ls.port('submission');
  for (const n of [3, 3, 3, 1]) {
    const c = await conn(t, port);
    for (let i = 0; i < n; i++) {
      c.send(`AUTH PLAIN ${bad}`);
      await c.expect(/^535 /);
    }
  }
  const c = await SmtpScript.open(t, port);
  await c.expect(/^421 4\.7\.0 too many auth failures$/);
  await c.closed();
});

test('every failed AUTH counts toward the IP limit as in mox, aborts and bad base64 included', async (t) => {
  const clock = new ManualClock();
  const ls = await startLocalserve(t, { clock });
  const port = ls.port('submission');
  for (let k = 0; k < 5; k++) {
    const c = await conn(t, port);
    c.send('AUTH PLAIN');
    await c.expect(/^334 /);
    c.send('*');
    await c.expect(/^501 /);
    c.send('AUTH PLAIN !!!');
    await c.expect(/^501 /);
  }
  // mox refuses a submission client from such an IP at the door.
  const c = await SmtpScript.open(t, port);
  await c.expect(/^421 4\.7\.0 too many auth failures/);
  await c.closed();
});
