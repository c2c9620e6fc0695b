import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ScramClient,
  SaslError,
  createServerMechanism,
  deriveScramSecret,
  isSaslError,
  type ChannelBindingType,
  type ServerDeps,
  type StoredSecrets,
  type TlsBinding,
} from '../../src/sasl/index.js';
import { exchange, fixture, secretsFor, vectors } from './helpers.js';

const B = (s: string) => Buffer.from(s, 'utf8');
const PLACEHOLDER_BCRYPT = '$2b$04$abcdefghijklmnopqrstuu';

async function vectorSecrets(): Promise<StoredSecrets> {
  const [v1, v256] = vectors.scram;
  return {
    bcrypt: PLACEHOLDER_BCRYPT,
    scramSHA1: await deriveScramSecret('SHA-1', v1!.password, Buffer.from(v1!.salt, 'base64'), v1!.iterations),
    scramSHA256: await deriveScramSecret('SHA-256', v256!.password, Buffer.from(v256!.salt, 'base64'), v256!.iterations),
  };
}

function tlsWith(bindings: Partial<Record<ChannelBindingType, Buffer>>): TlsBinding {
  return { channelBinding: (t) => bindings[t] };
}

const secretsP = secretsFor('testtest123');

async function mjl(extra: Partial<ServerDeps> = {}) {
  return fixture({ 'mjl@mox.example': { account: 'mjl', secrets: await secretsP } }, extra);
}

function expectSasl(e: unknown, reason: SaslError['reason'], scramError?: string): void {
  assert.ok(isSaslError(e), `expected SaslError, got ${String(e)}`);
  assert.equal(e.reason, reason, e.message);
  if (scramError !== undefined) assert.equal(e.scramError, scramError);
}

for (const v of vectors.scram) {
  test(`server reproduces ${v.name}`, async () => {
    const { deps } = fixture({ user: { account: 'acct', secrets: await vectorSecrets() } }, { serverNonce: () => v.serverNonce });
    const m = createServerMechanism(v.mechanism, deps);
    assert.deepEqual(await m.step(null), { kind: 'challenge', data: Buffer.alloc(0) });
    const s1 = await m.step(B(v.clientFirst));
    assert.equal(s1.kind === 'challenge' && s1.data.toString(), v.serverFirst);
    const s2 = await m.step(B(v.clientFinal));
    assert.equal(s2.kind === 'challenge' && s2.data.toString(), v.serverFinal);
    assert.deepEqual(await m.step(Buffer.alloc(0)), { kind: 'done', username: 'user', account: 'acct' });
    assert.equal(m.username, 'user');
  });

  test(`client reproduces ${v.name}`, async () => {
    const c = new ScramClient({ hash: v.hash, username: v.username, password: v.password, nonce: v.clientNonce });
    assert.equal(c.clientFirst().toString(), v.clientFirst);
    assert.equal((await c.serverFirst(B(v.serverFirst))).toString(), v.clientFinal);
    c.serverFinal(B(v.serverFinal));
    // A server that does not know the password cannot forge the signature.
    const forged = `v=${Buffer.alloc(v.hash === 'SHA-1' ? 20 : 32).toString('base64')}`;
    assert.throws(() => c.serverFinal(B(forged)), /incorrect server signature/);
  });
}

for (const mech of ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS']) {
  test(`${mech} client and server agree, with the right password only`, async () => {
    const cb = Buffer.from('exporter-data-of-this-connection');
    const plus = mech.endsWith('-PLUS');
    const { deps } = await mjl(plus ? { tls: tlsWith({ 'tls-exporter': cb }) } : {});
    const binding = plus ? { channelBinding: { type: 'tls-exporter' as const, data: cb } } : {};
    const ok = await exchange(mech, deps, { username: 'mjl@mox.example', password: 'testtest123', ...binding });
    assert.deepEqual(ok.result, { kind: 'done', username: 'mjl@mox.example', account: 'mjl' }, ok.transcript.join('\n'));
    if (plus) assert.match(ok.transcript[0]!, /^C: p=tls-exporter,,n=mjl@mox\.example,r=/);

    const bad = await exchange(mech, deps, { username: 'mjl@mox.example', password: 'wrongpass', ...binding });
    assert.ok(bad.transcript.includes('S: e=invalid-proof'), bad.transcript.join('\n'));
    expectSasl(bad.clientError, 'badCredentials');
    expectSasl(bad.error, 'badCredentials', 'invalid-proof');
  });
}

test('unknown users look like a wrong password, with a stable salt when a key is set', async () => {
  const key = Buffer.alloc(32, 7);
  const { deps, lookups } = await mjl({ unknownUserKey: key });
  const salts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const r = await exchange('SCRAM-SHA-256', deps, { username: 'nobody@mox.example', password: 'testtest123' });
    expectSasl(r.error, 'badCredentials', 'invalid-proof');
    const sf = r.transcript.find((l) => l.startsWith('S: r='))!;
    assert.match(sf, /,i=4096$/);
    salts.push(/,s=([^,]+),/.exec(sf)![1]!);
  }
  assert.equal(salts[0], salts[1]);
  assert.equal(Buffer.from(salts[0]!, 'base64').length, 12);
  assert.deepEqual(lookups, ['nobody@mox.example', 'nobody@mox.example']);
});

test('channel binding data that differs from the connection is a possible MitM', async () => {
  const { deps } = await mjl({ tls: tlsWith({ 'tls-exporter': Buffer.from('server-side') }) });
  const r = await exchange('SCRAM-SHA-256-PLUS', deps, {
    username: 'mjl@mox.example',
    password: 'testtest123',
    channelBinding: { type: 'tls-exporter', data: Buffer.from('client-side') },
  });
  assert.ok(r.transcript.includes('S: e=channel-bindings-dont-match'), r.transcript.join('\n'));
  expectSasl(r.clientError, 'channelBinding');
  expectSasl(r.error, 'channelBinding', 'channel-bindings-dont-match');
});

test('gs2 channel binding flag rules', async () => {
  const tls = tlsWith({ 'tls-exporter': Buffer.from('x'), 'tls-unique': undefined });
  const { deps } = await mjl({ tls });
  const { deps: plain } = await mjl();
  const first = (gs2: string) => B(`${gs2}n=mjl@mox.example,r=abcdefghijkl`);
  const fails = async (mech: string, d: ServerDeps, gs2: string, reason: SaslError['reason'], code?: string) => {
    const m = createServerMechanism(mech, d);
    await assert.rejects(m.step(first(gs2)), (e) => (expectSasl(e, reason, code), true), `${mech} ${gs2}`);
  };
  const accepts = async (mech: string, d: ServerDeps, gs2: string) => {
    const r = await createServerMechanism(mech, d).step(first(gs2));
    assert.equal(r.kind, 'challenge', `${mech} ${gs2}`);
  };
  // RFC 5802 §6: "y" on a connection we could have bound means -PLUS was stripped: downgrade.
  await fails('SCRAM-SHA-256', deps, 'y,,', 'protocol', 'server-does-support-channel-binding');
  await accepts('SCRAM-SHA-256', plain, 'y,,');
  // -PLUS chosen but no binding used.
  await fails('SCRAM-SHA-256-PLUS', deps, 'n,,', 'protocol', 'channel-bindings-dont-match');
  // Binding requested on a plaintext connection, an unknown type, or one this TLS version lacks.
  await fails('SCRAM-SHA-1', plain, 'p=tls-exporter,,', 'protocol', 'channel-bindings-dont-match');
  await fails('SCRAM-SHA-1-PLUS', deps, 'p=tls-bogus,,', 'protocol', 'unsupported-channel-binding-type');
  await fails('SCRAM-SHA-1-PLUS', deps, 'p=tls-unique,,', 'protocol', 'channel-bindings-dont-match');
  // As mox (for cyrus-sasl): binding with the bare mechanism name is fine.
  await accepts('SCRAM-SHA-256', deps, 'p=tls-exporter,,');
  await fails('SCRAM-SHA-256', deps, 'q,,', 'protocol', 'invalid-encoding');
  // -PLUS on plaintext is refused before any data is read.
  assert.throws(() => createServerMechanism('SCRAM-SHA-256-PLUS', plain), (e) => (expectSasl(e, 'tlsRequired'), true));
});

test('malformed client-first messages are protocol errors', async () => {
  const { deps, lookups } = await mjl();
  const cases: Array<[string | Buffer, SaslError['reason'], string]> = [
    ['n,,r=abcdefghijkl', 'protocol', 'invalid-encoding'], // missing n=
    ['n,,n=mjl@mox.example', 'protocol', 'invalid-encoding'], // missing r=
    ['n,,n=,r=abcdefghijkl', 'protocol', 'invalid-encoding'], // empty username
    ['n,,n=m=jl,r=abcdefghijkl', 'protocol', 'invalid-username-encoding'], // bad escape
    ['n,,m=ext,n=mjl@mox.example,r=abcdefghijkl', 'protocol', 'extensions-not-supported'],
    ['n,,n=mjl@mox.example,r=short', 'protocol', 'other-error'], // nonce < 8
    ['n,,n=mjl@mox.example,r=abc defghijk', 'protocol', 'invalid-encoding'], // space in nonce
    ['n,,n=mjl@mox.example,r=abcdefghijkl,1=x', 'protocol', 'invalid-encoding'], // bad extension
    ['n,x=y,n=mjl@mox.example,r=abcdefghijkl', 'protocol', 'invalid-encoding'], // not a=
    [Buffer.from([0x6e, 0x2c, 0x2c, 0x6e, 0x3d, 0xff, 0x2c, 0x72, 0x3d, 0x61]), 'protocol', 'invalid-encoding'],
    ['n,,n=e\u0301,r=abcdefghijkl', 'protocol', 'invalid-username-encoding'], // not NFC
    ['n,a=other@mox.example,n=mjl@mox.example,r=abcdefghijkl', 'authzFailed', ''],
  ];
  for (const [msg, reason, code] of cases) {
    const m = createServerMechanism('SCRAM-SHA-256', deps);
    await assert.rejects(
      m.step(typeof msg === 'string' ? B(msg) : msg),
      (e) => (expectSasl(e, reason, code || undefined), true),
      String(msg),
    );
  }
  assert.deepEqual(lookups, [], 'no lookups for refused messages');
  // The same authzid as the username is allowed, and names are unescaped (RFC 5802 §5.1).
  const m = createServerMechanism('SCRAM-SHA-256', deps);
  assert.equal((await m.step(B('n,a=mjl@mox.example,n=mjl@mox.example,r=abcdefghijkl'))).kind, 'challenge');
  const f = fixture({ 'a,b=c': { account: 'x', secrets: await secretsP } });
  const r = await exchange('SCRAM-SHA-1', f.deps, { username: 'a,b=c', password: 'testtest123' });
  assert.equal(r.transcript[0]!.slice(0, 18), 'C: n,,n=a=2Cb=3Dc,');
  assert.deepEqual(r.result, { kind: 'done', username: 'a,b=c', account: 'x' });
});

test('malformed or mismatched client-final messages end with a server error', async () => {
  const { deps } = await mjl();
  const start = async () => {
    const m = createServerMechanism('SCRAM-SHA-256', deps);
    const s = await m.step(B('n,,n=mjl@mox.example,r=abcdefghijkl'));
    assert.equal(s.kind, 'challenge');
    const nonce = /^r=([^,]+)/.exec(s.kind === 'challenge' ? s.data.toString() : '')![1]!;
    return { m, nonce };
  };
  const proof = Buffer.alloc(32).toString('base64');
  const cases: Array<[(n: string) => string, string, SaslError['reason']]> = [
    [(n) => `c=biws,r=${n}`, 'e=invalid-encoding', 'protocol'], // no proof
    [(n) => `c=bi!s,r=${n},p=${proof}`, 'e=invalid-encoding', 'protocol'], // bad base64
    [(n) => `r=${n},c=biws,p=${proof}`, 'e=invalid-encoding', 'protocol'], // wrong order
    [(n) => `c=eSws,r=${n},p=${proof}`, 'e=channel-bindings-dont-match', 'channelBinding'], // "y,," instead of "n,,"
    [(n) => `c=biws,r=${n}x,p=${proof}`, 'e=invalid-proof', 'badCredentials'], // wrong nonce
    [(n) => `c=biws,r=${n},p=${proof}`, 'e=invalid-proof', 'badCredentials'], // wrong proof
    [(n) => `c=biws,r=${n},p=AAAA`, 'e=invalid-proof', 'badCredentials'], // short proof
  ];
  for (const [msg, serverError, reason] of cases) {
    const { m, nonce } = await start();
    const r = await m.step(B(msg(nonce)));
    assert.equal(r.kind === 'challenge' && r.data.toString(), serverError, msg(nonce));
    // The client should now abort; the real reason is reported either way.
    expectSasl(m.abort(), reason);
  }
  const { m, nonce } = await start();
  await m.step(B(`c=biws,r=${nonce},p=${proof}`));
  await assert.rejects(m.step(Buffer.alloc(0)), (e) => (expectSasl(e, 'badCredentials'), true));
  await assert.rejects(m.step(Buffer.alloc(0)), /already finished/);
});

test('an account without SCRAM secrets says so instead of failing the proof', async () => {
  const s = await secretsP;
  const { deps } = fixture({ 'old@mox.example': { account: 'old', secrets: { bcrypt: s.bcrypt } } });
  const m = createServerMechanism('SCRAM-SHA-1', deps);
  await assert.rejects(m.step(B('n,,n=old@mox.example,r=abcdefghijkl')), (e) => (expectSasl(e, 'noSecrets'), true));
});

test('abort before any failure is a plain abort', async () => {
  const { deps } = await mjl();
  const m = createServerMechanism('SCRAM-SHA-256', deps);
  await m.step(B('n,,n=mjl@mox.example,r=abcdefghijkl'));
  expectSasl(m.abort(), 'aborted');
});

test('the client checks the server-first message (RFC 5802 §5.1)', async () => {
  const c = () => {
    const x = new ScramClient({ hash: 'SHA-256', username: 'u', password: 'p', nonce: 'clientnonce1' });
    x.clientFirst();
    return x;
  };
  const salt = Buffer.alloc(16).toString('base64');
  await assert.rejects(c().serverFirst(B(`r=othernonce123456789,s=${salt},i=4096`)), /dropped our nonce/);
  await assert.rejects(c().serverFirst(B(`r=clientnonce1short,s=${salt},i=4096`)), /server nonce too short/);
  await assert.rejects(c().serverFirst(B(`r=clientnonce1longenough,s=AAAA,i=4096`)), /salt too short/);
  await assert.rejects(c().serverFirst(B(`r=clientnonce1longenough,s=${salt},i=1`)), /too few iterations/);
  await assert.rejects(c().serverFirst(B(`r=clientnonce1longenough,s=${salt},i=04096`)), /iteration count/);
  await assert.rejects(c().serverFirst(B(`m=x,r=clientnonce1longenough,s=${salt},i=4096`)), /mandatory extension/);
  const ok = await c().serverFirst(B(`r=clientnonce1longenough,s=${salt},i=4096,x=ignored`));
  assert.match(ok.toString(), /^c=biws,r=clientnonce1longenough,p=/);
  assert.throws(() => new ScramClient({ hash: 'SHA-1', username: 'u', password: 'p', noServerPlus: true, channelBinding: { type: 'tls-unique', data: Buffer.alloc(1) } }));
  const y = new ScramClient({ hash: 'SHA-1', username: 'u', password: 'p', noServerPlus: true });
  assert.equal(y.clientFirst().subarray(0, 3).toString(), 'y,,');
});
