// SMTP AUTH (RFC 4954) on the submission ports of a localserve engine, for every SASL
// mechanism, driven by our own client mechanisms; error replies as mox gives them; and the
// trace log never showing a password.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { formatRecord, type MemorySink } from '../../src/log/index.js';
import type { Engine } from '../../src/engine/index.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startLocalserve } from '../helpers/localserve.js';
import { startSmtp } from '../helpers/smtp-listener.js';
import { authenticate, clientBinding, openTls } from '../helpers/smtp-sasl.js';

const user = 'mox@localhost';
const password = 'moxmoxmox';
const id = '\\([A-Za-z0-9_-]{22}\\)$';

/** Greets and EHLOs; returns the EHLO reply. */
async function hello(c: SmtpScript): Promise<string> {
  await c.expect(/^220 /);
  c.send('EHLO client.example');
  return c.expect(/^250-/);
}

async function plainConn(t: TestContext, port: number): Promise<SmtpScript> {
  const c = await SmtpScript.open(t, port);
  await hello(c);
  return c;
}

async function starttlsConn(t: TestContext, port: number): Promise<SmtpScript> {
  const c = await plainConn(t, port);
  await c.starttls();
  c.send('EHLO client.example');
  await c.expect(/^250-/);
  return c;
}

async function tlsConn(t: TestContext, port: number): Promise<SmtpScript> {
  const c = await openTls(t, port);
  await hello(c);
  return c;
}

/** Collects the transcript lines the server publishes on the bus. */
function busLines(engine: Engine): string[] {
  const lines: string[] = [];
  engine.bus.on('smtp.line', (e) => lines.push(`${e.dir}: ${e.text}`));
  return lines;
}

/**
 * Asserts neither the log (at trace level) nor the bus transcript contains the password,
 * in clear or in any base64 line the client sent that carries it.
 */
function assertNoSecret(sink: MemorySink, lines: string[], secretLines: string[]): void {
  const log = sink.records.map(formatRecord).join('\n');
  // The check only means something when client lines are traced at all.
  assert.match(log, /RC: /, 'trace level logs client lines');
  assert.ok(lines.length > 0, 'bus transcript has lines');
  const text = `${log}\n${lines.join('\n')}`;
  for (const s of [password, ...secretLines]) assert.ok(!text.includes(s), `log or transcript contains secret ${JSON.stringify(s)}`);
}

/** The base64 client lines that carry the cleartext password (PLAIN and LOGIN). */
function cleartextLines(sent: string[]): string[] {
  return sent.filter((b) => Buffer.from(b, 'base64').toString('utf8').includes(password));
}

test('every mechanism logs in on plaintext submission, with and without an initial response; the trace hides the password', async (t) => {
  const ls = await startLocalserve(t);
  const lines = busLines(ls.engine);
  const authed: string[] = [];
  ls.engine.bus.on('smtp.authenticated', (e) => authed.push(`${e.mechanism} ${e.username} ${e.account}`));
  const secrets: string[] = [];
  for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256']) {
    for (const initialResponse of [true, false]) {
      const label = `${mech} initial=${initialResponse}`;
      const c = await plainConn(t, ls.port('submission'));
      const r = await authenticate(c, mech, { username: user, password, initialResponse });
      assert.equal(r.clientError, undefined, label);
      assert.match(r.reply, /^235 2\.7\.0 nice$/, `${label}\n${c.transcript.join('\n')}`);
      secrets.push(...cleartextLines(r.sent));
      // Authenticated: a transaction may start.
      c.send('MAIL FROM:<app@example.org>');
      await c.expect(/^250 2\.1\.0 /);
      c.send('QUIT');
      await c.expect(/^221 /);
    }
  }
  assert.equal(authed.length, 10);
  for (const a of authed) assert.match(a, / mox@localhost mox$/);
  assert.ok(secrets.length >= 4, 'PLAIN and LOGIN sent the password');
  assertNoSecret(ls.sink, lines, secrets);
});

test('SCRAM -PLUS over STARTTLS and implicit TLS, with tls-exporter and tls-server-end-point binding (TLS 1.3)', async (t) => {
  const ls = await startLocalserve(t);
  const authed: string[] = [];
  ls.engine.bus.on('smtp.authenticated', (e) => authed.push(e.mechanism));
  for (const [how, open] of [
    ['starttls', () => starttlsConn(t, ls.port('submission'))],
    ['implicit', () => tlsConn(t, ls.port('submissions'))],
  ] as const) {
    for (const mech of ['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS']) {
      for (const type of ['tls-exporter', 'tls-server-end-point'] as const) {
        const label = `${how} ${mech} ${type}`;
        const c = await open();
        assert.equal((c.socket as TLSSocket).getProtocol(), 'TLSv1.3', label);
        const r = await authenticate(c, mech, { username: user, password, channelBinding: clientBinding(c, type) });
        assert.equal(r.clientError, undefined, label);
        assert.match(r.reply, /^235 2\.7\.0 nice$/, `${label}\n${c.transcript.join('\n')}`);
        c.send('MAIL FROM:<app@example.org>');
        await c.expect(/^250 /);
      }
    }
    // The plain SCRAM variants work over TLS too (flag "n": the client does not bind).
    const c = await open();
    assert.match((await authenticate(c, 'SCRAM-SHA-256', { username: user, password })).reply, /^235 /);
  }
  assert.deepEqual(authed.filter((m) => m.endsWith('-PLUS')).length, 8);
});

test('EHLO over TLS lists the -PLUS mechanisms first and no STARTTLS', async (t) => {
  const ls = await startLocalserve(t);
  const c = await openTls(t, ls.port('submissions'));
  const r = await hello(c);
  assert.match(r, /\n250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN\n/);
  assert.doesNotMatch(r, /STARTTLS/);
});

test('wrong password: 535 5.7.8 for every mechanism; SCRAM says e=invalid-proof first; the session goes on', async (t) => {
  const ls = await startLocalserve(t);
  const lines = busLines(ls.engine);
  const failed: string[] = [];
  ls.engine.bus.on('smtp.authFailed', (e) => failed.push(`${e.mechanism} ${e.username}`));
  const bad = 'wrong-password-1';
  const secrets: string[] = [];
  for (const [mech, tls] of [
    ['PLAIN', false],
    ['LOGIN', false],
    ['CRAM-MD5', false],
    ['SCRAM-SHA-1', false],
    ['SCRAM-SHA-256', false],
    ['SCRAM-SHA-256-PLUS', true],
  ] as const) {
    // One connection per attempt: more than 3 failures on one connection are slowed down.
    const c = tls ? await tlsConn(t, ls.port('submissions')) : await plainConn(t, ls.port('submission'));
    const r = await authenticate(c, mech, { username: user, password: bad, ...(tls ? { channelBinding: clientBinding(c, 'tls-exporter') } : {}) });
    assert.match(r.reply, new RegExp(`^535 5\\.7\\.8 .* ${id}`), `${mech}\n${c.transcript.join('\n')}`);
    if (mech.startsWith('SCRAM')) {
      // RFC 5802 §7: the server-final-message carries the error; the client then aborts.
      assert.ok(c.transcript.includes(`S: 334 ${Buffer.from('e=invalid-proof').toString('base64')}`), c.transcript.join('\n'));
      assert.match(String(r.clientError), /invalid-proof/);
    }
    secrets.push(...r.sent.filter((b) => Buffer.from(b, 'base64').toString('utf8').includes(bad)));
    // Still usable: a good login on the same connection works.
    assert.match((await authenticate(c, 'PLAIN', { username: user, password })).reply, /^235 /, mech);
    secrets.push(Buffer.from(`\0${user}\0${password}`).toString('base64'));
  }
  // Unknown user: the same reply as a wrong password.
  const c = await plainConn(t, ls.port('submission'));
  assert.match((await authenticate(c, 'PLAIN', { username: 'nobody@localhost', password })).reply, /^535 5\.7\.8 bad user\/pass/);
  assert.match((await authenticate(c, 'SCRAM-SHA-256', { username: 'nobody@localhost', password })).reply, /^535 5\.7\.8 /);
  assert.deepEqual(failed.slice(0, 6), ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS'].map((m) => `${m} ${user}`));
  const log = ls.sink.records.map(formatRecord).join('\n');
  assert.ok(!log.includes(bad), 'the wrong password is not logged');
  assertNoSecret(ls.sink, lines, secrets);
});

test('SCRAM wrong password: mox says "535 5.7.8 bad credentials"', async (t) => {
  const ls = await startLocalserve(t);
  const c = await plainConn(t, ls.port('submission'));
  const r = await authenticate(c, 'SCRAM-SHA-256', { username: user, password: 'wrong' });
  assert.match(r.reply, new RegExp(`^535 5\\.7\\.8 bad credentials ${id}`));
});

test('channel binding data that does not match: 535 5.7.7; -PLUS on plaintext: 538 5.7.11; flag "y" over TLS refused', async (t) => {
  const ls = await startLocalserve(t);
  const c = await starttlsConn(t, ls.port('submission'));
  const wrong = { type: 'tls-exporter' as const, data: Buffer.alloc(32, 7) };
  const r = await authenticate(c, 'SCRAM-SHA-256-PLUS', { username: user, password, channelBinding: wrong });
  assert.match(r.reply, new RegExp(`^535 5\\.7\\.7 channel bindings do not match, potential mitm ${id}`), c.transcript.join('\n'));
  assert.ok(c.transcript.includes(`S: 334 ${Buffer.from('e=channel-bindings-dont-match').toString('base64')}`), c.transcript.join('\n'));
  // Binding of the type the server cannot produce on TLS 1.3: tls-unique (RFC 9266 §3).
  const r2 = await authenticate(c, 'SCRAM-SHA-1-PLUS', { username: user, password, channelBinding: { type: 'tls-unique', data: Buffer.alloc(12) } });
  assert.match(r2.reply, /^(455|535) /, c.transcript.join('\n'));
  // The client claims the server has no -PLUS although this TLS connection could bind: a
  // downgrade (RFC 5802 §6).
  const r3 = await authenticate(c, 'SCRAM-SHA-256', { username: user, password, noServerPlus: true });
  assert.match(r3.reply, new RegExp(`^455 4\\.7\\.0 scram protocol error: .* ${id}`), c.transcript.join('\n'));
  assert.match((await authenticate(c, 'SCRAM-SHA-256-PLUS', { username: user, password, channelBinding: clientBinding(c, 'tls-exporter') })).reply, /^235 /);

  const p = await plainConn(t, ls.port('submission'));
  for (const mech of ['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS']) {
    p.send(`AUTH ${mech} ${Buffer.from('p=tls-exporter,,n=mox@localhost,r=abcdefghijkl').toString('base64')}`);
    await p.expect(new RegExp(`^538 5\\.7\\.11 .* ${id}`));
    p.send(`AUTH ${mech}`);
    await p.expect(/^538 5\.7\.11 /);
  }
});

test('AUTH errors: "*" abort 501, bad base64 501, unknown mechanism 504, AUTH twice and in a transaction 503', async (t) => {
  // Each failure is on a fresh connection: mox counts every failed AUTH, and from the 4th on
  // one connection each attempt waits a second longer (tested in auth-ratelimit.test.ts).
  const { port } = await startSmtp(t);
  const conn = () => plainConn(t, port);
  // Abort at the first challenge, for mechanisms with and without an initial response.
  for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256']) {
    const c = await conn();
    c.send(`AUTH ${mech}`);
    await c.expect(/^334 /);
    c.send('*');
    await c.expect(new RegExp(`^501 5\\.5\\.0 authentication aborted ${id}`));
  }
  // LOGIN: abort at the password prompt.
  let c = await conn();
  c.send(`AUTH LOGIN ${Buffer.from(user).toString('base64')}`);
  await c.expect(new RegExp(`^334 ${Buffer.from('Password:').toString('base64')}$`));
  c.send('*');
  await c.expect(/^501 5\.5\.0 authentication aborted/);
  // SCRAM: abort after the server-first-message.
  c = await conn();
  c.send(`AUTH SCRAM-SHA-1 ${Buffer.from('n,,n=mox@localhost,r=0123456789abcdef').toString('base64')}`);
  await c.expect(/^334 /);
  c.send('*');
  await c.expect(/^501 5\.5\.0 authentication aborted/);
  // Bad base64 as initial response and as a continuation.
  c = await conn();
  c.send('AUTH PLAIN AGFi!!!');
  await c.expect(new RegExp(`^501 5\\.5\\.2 .*base64.* ${id}`));
  c.send('AUTH PLAIN');
  await c.expect(/^334 $/);
  c.send('not base64 at all');
  await c.expect(/^501 5\.5\.2 .*base64/);
  c = await conn();
  c.send('AUTH LOGIN');
  await c.expect(/^334 /);
  c.send('@@@@');
  await c.expect(/^501 5\.5\.2 /);
  c.send('AUTH PLAIN ');
  await c.expect(/^501 5\.5\.2 missing initial auth base64 parameter after space/);
  // PLAIN with the wrong number of fields.
  c = await conn();
  c.send(`AUTH PLAIN ${Buffer.from('only-one-field').toString('base64')}`);
  await c.expect(/^501 5\.5\.4 /);
  c.send('AUTH DIGEST-MD5');
  await c.expect(new RegExp(`^504 5\\.5\\.4 mechanism DIGEST-MD5 not supported ${id}`));
  // The connection still works after that.
  assert.match((await authenticate(c, 'PLAIN', { username: user, password })).reply, /^235 /);
  c.send(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`);
  await c.expect(new RegExp(`^503 5\\.5\\.1 already authenticated ${id}`));
  c.send('MAIL FROM:<app@example.org>');
  await c.expect(/^250 /);
  c.send('AUTH LOGIN');
  await c.expect(/^503 5\.5\.1 /);
  c.send('RCPT TO:<x@example.com>');
  await c.expect(/^250 /); // The transaction survives the refused AUTH.
  // AUTH before EHLO.
  const d = await SmtpScript.open(t, port);
  await d.expect(/^220 /);
  d.send('AUTH PLAIN');
  await d.expect(/^503 5\.5\.1 no ehlo\/helo yet/);
});

test('"AUTH PLAIN *" is invalid base64 as in mox, not an empty initial response', async (t) => {
  const { port } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await hello(c);
  c.send('AUTH PLAIN *');
  await c.expect(/^501 5\.5\.2 /);
});

test('PLAIN with the wrong number of fields: mox answers 501 5.5.4', async (t) => {
  const { port } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await hello(c);
  c.send(`AUTH PLAIN ${Buffer.from('only-one-field').toString('base64')}`);
  await c.expect(new RegExp(`^501 5\\.5\\.4 auth data should have 3 nul-separated tokens, got 1 ${id}`));
});

test('an overlong line in an AUTH exchange: "500 5.5.0 line too long" and close, as mox', async (t) => {
  const { port, sink } = await startSmtp(t);
  const c = await SmtpScript.open(t, port);
  await hello(c);
  c.send('AUTH PLAIN');
  await c.expect(/^334 $/);
  c.send('A'.repeat(3000));
  await c.expect(/^500 5\.5\.0 line too long/);
  await c.closed();
  assert.deepEqual(sink.records.filter((r) => r.level === 'error').map((r) => r.msg), []);
});

test('the log check can fail: at level traceauth the PLAIN response is logged', async (t) => {
  const { port, sink, router } = await startSmtp(t);
  const c = await plainConn(t, port);
  const r = await authenticate(c, 'PLAIN', { username: user, password });
  assert.match(r.reply, /^235 /);
  c.send('NOOP');
  await c.expect(/^250 /);
  const log = sink.records.map(formatRecord).join('\n');
  assert.ok(log.includes(r.sent[0]!), 'traceauth shows AUTH data');
  // Back at trace, a new login is masked.
  router.setLevel('trace');
  const before = sink.records.length;
  const c2 = await plainConn(t, port);
  const r2 = await authenticate(c2, 'LOGIN', { username: user, password, initialResponse: false });
  assert.match(r2.reply, /^235 /);
  c2.send('NOOP');
  await c2.expect(/^250 /);
  const log2 = sink.records.slice(before).map(formatRecord).join('\n');
  assert.match(log2, /RC: \*\*\*/);
  for (const s of r2.sent.filter((b) => Buffer.from(b, 'base64').toString() === password)) assert.ok(!log2.includes(s));
  assert.ok(!log2.includes(password));
});

test('listener requiring TLS for AUTH: no mechanisms before TLS, PLAIN/LOGIN get 538 5.7.11, SCRAM and CRAM-MD5 allowed (as mox)', async (t) => {
  const { port } = await startSmtp(t, { requireTlsForAuth: true });
  const c = await SmtpScript.open(t, port);
  const r = await hello(c);
  assert.match(r, /\n250-AUTH ?\n/);
  for (const mech of ['PLAIN', 'LOGIN']) {
    const a = await authenticate(c, mech, { username: user, password });
    assert.match(a.reply, new RegExp(`^538 5\\.7\\.11 authentication requires tls ${id}`), mech);
  }
  assert.match((await authenticate(c, 'CRAM-MD5', { username: user, password })).reply, /^235 /);
  const c2 = await SmtpScript.open(t, port);
  await hello(c2);
  assert.match((await authenticate(c2, 'SCRAM-SHA-1', { username: user, password })).reply, /^235 /);
  const c3 = await SmtpScript.open(t, port);
  await hello(c3);
  await c3.starttls();
  c3.send('EHLO client.example');
  assert.match(await c3.expect(/^250-/), /\n250-AUTH SCRAM-SHA-256-PLUS .* PLAIN LOGIN\n/);
  assert.match((await authenticate(c3, 'PLAIN', { username: user, password })).reply, /^235 /);
});
