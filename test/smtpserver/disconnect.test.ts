// Clients that close their side early. Found by the session fuzz test (test/fuzz/): a client
// that half-closes after a pipelined burst (printf ... | nc -N, shutdown(SHUT_WR)) must still
// get every reply, as from mox (Go keeps writing after reading EOF); a client that goes away
// is the client's doing, not a server error, and must not be logged at level error.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startSmtp } from '../helpers/smtp-listener.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');
const burst = `EHLO x.example\r\nAUTH PLAIN ${authPlain}\r\nMAIL FROM:<slow@b.example>\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n`;

/**
 * A policy that holds "MAIL FROM:<slow@...>" for 100 ms (on the real clock) and then refuses
 * it: the client's FIN is processed by the server meanwhile, which makes the race with the
 * client's half-close deterministic.
 */
const slowPolicy = {
  mailFrom: (_ctx: unknown, from: { localpart: string }) =>
    from.localpart === 'slow' ? { hang: { ms: 100, then: { code: 451, secode: '0.0', text: 'held' } } } : undefined,
};

async function halfClose(t: TestContext, port: number, tls: boolean): Promise<SmtpScript> {
  const c = await SmtpScript.open(t, port);
  await c.expect(/^220 /);
  if (tls) {
    c.send('EHLO x.example');
    await c.reply();
    await c.starttls();
  }
  c.write(burst);
  c.socket.end();
  return c;
}

type Listener = Awaited<ReturnType<typeof startSmtp>>;
const errorsOf = (l: Listener) => l.sink.records.filter((r) => r.level === 'error').map((r) => `${r.msg}: ${String(r.attrs.err)}`);

/** Resolves when `n` sessions have ended on the server (a session can outlive its socket). */
function sessionsEnded(l: Listener, n: number): Promise<void> {
  return new Promise((resolve) => {
    let k = 0;
    const off = l.bus.on('smtp.disconnected', () => {
      if (++k === n) {
        off();
        resolve();
      }
    });
  });
}

for (const tls of [false, true]) {
  test(`${tls ? 'over TLS, ' : ''}a client that half-closes after a pipelined burst still gets every reply (as mox)`, async (t) => {
    const l = await startSmtp(t, {}, slowPolicy);
    const c = await halfClose(t, l.port, tls);
    await c.expect(/^250-/);
    await c.expect(/^235 /);
    await c.expect(/^451 4\.0\.0 held/);
    await c.expect(/^250 2\.1\.0 /);
    await c.expect(/^250 2\.1\.0 /);
    await c.expect(/^354 /);
    await c.expect(/^250 2\.2\.0 it is done$/);
    await c.expect(/^221 /);
    assert.equal(l.submitted.length, 1);
  });
}

test('a client that closes while its pipelined commands are handled is not logged as "session failed" at level error', async (t) => {
  const l = await startSmtp(t, {}, slowPolicy);
  const ended = sessionsEnded(l, 1);
  const c = await SmtpScript.open(t, l.port);
  await c.expect(/^220 /);
  // The held MAIL lets the close arrive; XYZ then fails on a closed socket.
  c.write(`EHLO x.example\r\nAUTH PLAIN ${authPlain}\r\nMAIL FROM:<slow@b.example>\r\nXYZ\r\nNOOP\r\n`);
  c.socket.end();
  await c.closed();
  await ended;
  assert.deepEqual(errorsOf(l), []);
});

test('a client that disconnects during an AUTH exchange is not logged as an error', async (t) => {
  const l = await startSmtp(t);
  const ended = sessionsEnded(l, 2);
  for (const end of ['end', 'destroy'] as const) {
    const c = await SmtpScript.open(t, l.port);
    await c.expect(/^220 /);
    c.send('EHLO x.example');
    await c.reply();
    c.send('AUTH LOGIN');
    await c.expect(/^334 /);
    if (end === 'end') c.socket.end();
    else c.socket.destroy();
    await c.closed();
  }
  await ended;
  assert.deepEqual(errorsOf(l), []);
});
