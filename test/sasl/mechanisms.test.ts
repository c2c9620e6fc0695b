import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MECHANISMS,
  createClientMechanism,
  createServerMechanism,
  decodeClientResponse,
  encodeChallenge,
  isSaslError,
  parseMechanism,
  runServerMechanism,
  type SaslError,
  type ServerDeps,
} from '../../src/sasl/index.js';
import { exchange, fixture, secretsFor, vectors } from './helpers.js';

const B = (s: string) => Buffer.from(s, 'utf8');
const secretsP = secretsFor('testtest123');

async function accounts(extra: Partial<ServerDeps> = {}) {
  const s = await secretsP;
  return fixture(
    {
      'mjl@mox.example': { account: 'mjl', secrets: s },
      'other@mox.example': { account: 'mjl', secrets: s },
      'x@elsewhere.example': { account: 'x', secrets: s },
      'nopw@mox.example': { account: 'nopw', secrets: null },
    },
    extra,
  );
}

function expectSasl(e: unknown, reason: SaslError['reason']): true {
  assert.ok(isSaslError(e), `expected SaslError, got ${String(e)}`);
  assert.equal(e.reason, reason, e.message);
  return true;
}

for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5']) {
  test(`${mech}: right password passes, wrong password and unknown user fail alike`, async () => {
    const { deps } = await accounts();
    const good = await exchange(mech, deps, { username: 'mjl@mox.example', password: 'testtest123' });
    assert.deepEqual(good.result, { kind: 'done', username: 'mjl@mox.example', account: 'mjl' }, good.transcript.join('\n'));
    for (const [username, password] of [
      ['mjl@mox.example', 'testtest124'],
      ['nobody@mox.example', 'testtest123'],
    ] as const) {
      const r = await exchange(mech, deps, { username, password });
      expectSasl(r.error, 'badCredentials');
    }
  });
}

test('PLAIN transcript and authzid rules (as mox)', async () => {
  const { deps, lookups } = await accounts();
  const m = createServerMechanism('plain', deps);
  assert.equal(m.name, 'PLAIN');
  assert.equal(m.cleartextCredentials, true);
  // No initial response: an empty challenge (RFC 4422 §5).
  assert.deepEqual(await m.step(null), { kind: 'challenge', data: Buffer.alloc(0) });
  assert.deepEqual(await m.step(B('mjl@mox.example\0mjl@mox.example\0testtest123')), {
    kind: 'done',
    username: 'mjl@mox.example',
    account: 'mjl',
  });
  const other = createServerMechanism('PLAIN', deps);
  await assert.rejects(other.step(B('other@mox.example\0mjl@mox.example\0testtest123')), (e) => expectSasl(e, 'authzFailed'));
  assert.equal(other.username, 'mjl@mox.example');
  for (const bad of ['mjl@mox.example\0testtest123', 'a\0b\0c\0d', '']) {
    await assert.rejects(createServerMechanism('PLAIN', deps).step(B(bad)), (e) => expectSasl(e, 'malformed'));
  }
  // Names are NFC-normalised before lookup; an account without password cannot log in.
  await createServerMechanism('PLAIN', deps).step(B('\0cafe\u0301@mox.example\0x')).catch(() => undefined);
  assert.equal(lookups.at(-1), 'caf\u00e9@mox.example');
  await assert.rejects(createServerMechanism('PLAIN', deps).step(B('\0nopw@mox.example\0')), (e) => expectSasl(e, 'badCredentials'));
});

test('LOGIN prompts Username: and Password:, and takes the user name as initial response', async () => {
  const { deps } = await accounts();
  const m = createServerMechanism('LOGIN', deps);
  assert.deepEqual(await m.step(null), { kind: 'challenge', data: B('Username:') });
  assert.deepEqual(await m.step(B('mjl@mox.example')), { kind: 'challenge', data: B('Password:') });
  assert.equal((await m.step(B('testtest123'))).kind, 'done');
  const ir = createServerMechanism('LOGIN', deps);
  assert.deepEqual(await ir.step(B('mjl@mox.example')), { kind: 'challenge', data: B('Password:') });
  await assert.rejects(ir.step(B('nope')), (e) => expectSasl(e, 'badCredentials'));
});

test('CRAM-MD5 challenge format, RFC 2195 vector, and malformed responses', async () => {
  const { deps } = await accounts();
  const m = createServerMechanism('CRAM-MD5', deps);
  const c = await m.step(null);
  assert.equal(c.kind, 'challenge');
  // <random.nanoseconds@hostname>, the timestamp from the injected clock.
  assert.match(c.kind === 'challenge' ? c.data.toString() : '', /^<\d+\.1700000000000000000@mox\.example>$/);
  await assert.rejects(createServerMechanism('CRAM-MD5', deps).step(B('x')), (e) => expectSasl(e, 'malformed'));
  for (const bad of ['mjl@mox.example', 'mjl@mox.example abc', 'a b c']) {
    const x = createServerMechanism('CRAM-MD5', deps);
    await x.step(null);
    await assert.rejects(x.step(B(bad)), (e) => expectSasl(e, 'malformed'));
  }
  // The client side reproduces the RFC 2195 example.
  const v = vectors.cramMd5[0]!;
  const client = createClientMechanism('CRAM-MD5', { username: v.username, password: v.password });
  assert.deepEqual(await client.next(null), { data: null, last: false });
  assert.equal((await client.next(B(v.challenge))).data?.toString(), v.response);
  const bad = createClientMechanism('CRAM-MD5', { username: 'u', password: 'p' });
  await bad.next(null);
  await assert.rejects(bad.next(B('no-brackets')), /angle brackets/);
  // Upper-case hex is not what RFC 2195 §2 specifies; like mox we refuse it.
  const upper = createServerMechanism('CRAM-MD5', deps);
  const ch = await upper.step(null);
  const resp = (await (async () => {
    const cl = createClientMechanism('CRAM-MD5', { username: 'mjl@mox.example', password: 'testtest123' });
    await cl.next(null);
    return cl.next(ch.kind === 'challenge' ? ch.data : Buffer.alloc(0));
  })()).data!.toString();
  const [u, hex] = resp.split(' ');
  await assert.rejects(upper.step(B(`${u} ${hex!.toUpperCase()}`)), (e) => expectSasl(e, 'badCredentials'));
});

test('CRAM-MD5 and SCRAM report accounts that lack derived secrets', async () => {
  const s = await secretsP;
  const { deps } = fixture({ 'old@mox.example': { account: 'old', secrets: { bcrypt: s.bcrypt } } });
  const r = await exchange('CRAM-MD5', deps, { username: 'old@mox.example', password: 'testtest123' });
  expectSasl(r.error, 'noSecrets');
  // PLAIN only needs the bcrypt hash.
  const p = await exchange('PLAIN', deps, { username: 'old@mox.example', password: 'testtest123' });
  assert.equal(p.result?.kind, 'done');
});

test('EXTERNAL uses the TLS client certificate identity', async () => {
  const id = { username: 'mjl@mox.example', account: 'mjl' };
  const { deps } = await accounts({ tls: { channelBinding: () => undefined, clientIdentity: () => id } });
  const run = (authz: string) => exchange('EXTERNAL', deps, { username: authz });
  assert.deepEqual((await run('')).result, { kind: 'done', username: 'mjl@mox.example', account: 'mjl' });
  // Another address of the same account is allowed (as mox), one of another account is not.
  assert.deepEqual((await run('other@mox.example')).result, { kind: 'done', username: 'other@mox.example', account: 'mjl' });
  expectSasl((await run('x@elsewhere.example')).error, 'authzFailed');
  expectSasl((await run('nobody@mox.example')).error, 'authzFailed');
  const { deps: noCert } = await accounts({ tls: { channelBinding: () => undefined, clientIdentity: () => null } });
  expectSasl((await exchange('EXTERNAL', noCert, { username: '' })).error, 'badCredentials');
  const { deps: plain } = await accounts();
  expectSasl((await exchange('EXTERNAL', plain, { username: '' })).error, 'tlsRequired');
});

test('mechanism names, framing helpers and the runner', async () => {
  assert.equal(parseMechanism('scram-sha-256-plus'), 'SCRAM-SHA-256-PLUS');
  assert.equal(parseMechanism('GSSAPI'), null);
  assert.deepEqual(MECHANISMS.slice(0, 7), ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1', 'CRAM-MD5', 'PLAIN', 'LOGIN']);
  const { deps } = await accounts();
  assert.throws(() => createServerMechanism('GSSAPI', deps), (e) => expectSasl(e, 'unsupported'));
  assert.throws(() => createClientMechanism('GSSAPI', { username: 'x' }), (e) => expectSasl(e, 'unsupported'));

  assert.equal(decodeClientResponse('*', false), null);
  assert.equal(decodeClientResponse('*', true), null);
  assert.deepEqual(decodeClientResponse('=', true), Buffer.alloc(0));
  assert.deepEqual(decodeClientResponse('', false), Buffer.alloc(0));
  assert.deepEqual(decodeClientResponse(B('dGVzdA=='), false), B('test'));
  for (const bad of ['=', 'dGVzdA', 'dGV!dA==', 'dGVzdA==dGVzdA==', 'dGVzdA= =']) {
    assert.throws(() => decodeClientResponse(bad, false), (e) => expectSasl(e, 'malformed'), bad);
  }
  assert.equal(encodeChallenge(B('Username:')), 'VXNlcm5hbWU6');
  assert.equal(encodeChallenge(Buffer.alloc(0)), '');

  // The runner drives an exchange over a "wire" of base64 lines, as SMTP AUTH LOGIN would.
  const client = createClientMechanism('LOGIN', { username: 'mjl@mox.example', password: 'testtest123' });
  const wire: string[] = [];
  const first = await client.next(null);
  const done = await runServerMechanism(createServerMechanism('LOGIN', deps), first.data, async (chal) => {
    wire.push(`334 ${encodeChallenge(chal)}`);
    const c = await client.next(chal);
    const line = c.data!.toString('base64');
    wire.push(line);
    return decodeClientResponse(line, false);
  });
  assert.deepEqual(done, { kind: 'done', username: 'mjl@mox.example', account: 'mjl' });
  assert.deepEqual(wire, ['334 UGFzc3dvcmQ6', 'dGVzdHRlc3QxMjM=']);
  // "*" from the client aborts.
  await assert.rejects(
    runServerMechanism(createServerMechanism('LOGIN', deps), null, async () => null),
    (e) => expectSasl(e, 'aborted'),
  );
});
