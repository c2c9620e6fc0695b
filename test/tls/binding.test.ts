import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import {
  createClientMechanism,
  createServerMechanism,
  deriveSecrets,
  isSaslError,
  type ChannelBindingType,
  type ServerDeps,
  type StepResult,
  type StoredSecrets,
} from '../../src/sasl/index.js';
import {
  channelBindingData,
  encodePem,
  generateLocalserveCert,
  parseKeyCertPair,
  saslTlsBinding,
  tlsInfo,
  tlsReceivedComment,
  tlsServerEndPointHash,
  type KeyCertPair,
} from '../../src/tls/index.js';
import { tlsPair, tlsServer, type TlsPair } from './helpers.js';

let pair: KeyCertPair;
let secrets: StoredSecrets;
before(async () => {
  const g = await generateLocalserveCert({ now: Date.UTC(2025, 0, 1) });
  pair = parseKeyCertPair(g.certPem, g.keyPem);
  secrets = await deriveSecrets('testtest123', { bcryptCost: 4 });
});

function deps(c: TlsPair): ServerDeps {
  return {
    lookup: async (u) => (u === 'mjl@mox.example' ? { account: 'mjl', secrets } : null),
    hostname: 'localhost',
    clock: { now: () => 0 },
    tls: saslTlsBinding(c.server),
  };
}

// Runs a SCRAM -PLUS exchange: server bound to `server`, client bound to `clientBinding`.
async function scramPlus(mech: string, d: ServerDeps, type: ChannelBindingType, clientData: Buffer): Promise<StepResult> {
  const s = createServerMechanism(mech, d);
  const c = createClientMechanism(mech, {
    username: 'mjl@mox.example',
    password: 'testtest123',
    channelBinding: { type, data: clientData },
  });
  let r = await s.step((await c.next(null)).data);
  while (r.kind === 'challenge') {
    let out;
    try {
      out = await c.next(r.data);
    } catch {
      throw s.abort();
    }
    r = await s.step(out.data ?? Buffer.alloc(0));
  }
  return r;
}

test('TLS 1.3: tls-exporter agrees on both ends and SCRAM-SHA-256-PLUS succeeds', async (t) => {
  const c = await tlsPair({ cert: pair.cert, key: pair.key });
  t.after(() => c.close());
  const sv = channelBindingData(c.server, 'tls-exporter', 'server')!;
  const cl = channelBindingData(c.client, 'tls-exporter', 'client')!;
  assert.equal(sv.length, 32);
  assert.deepEqual(sv, cl);
  // RFC 9266 §3: tls-unique is undefined for TLS 1.3.
  assert.equal(channelBindingData(c.server, 'tls-unique', 'server'), undefined);
  const r = await scramPlus('SCRAM-SHA-256-PLUS', deps(c), 'tls-exporter', cl);
  assert.deepEqual(r, { kind: 'done', username: 'mjl@mox.example', account: 'mjl' });
  // Asking for tls-unique on TLS 1.3 is refused before any proof is computed.
  await assert.rejects(scramPlus('SCRAM-SHA-256-PLUS', deps(c), 'tls-unique', cl), (e) => isSaslError(e, 'protocol'));
});

test('TLS 1.2: tls-unique agrees on both ends, also after resumption', async (t) => {
  const srv = await tlsServer({ cert: pair.cert, key: pair.key, maxVersion: 'TLSv1.2' });
  t.after(() => srv.close());
  const c = await srv.connect();
  assert.equal(c.server.getProtocol(), 'TLSv1.2');
  assert.equal(c.client.isSessionReused(), false);
  const cl = channelBindingData(c.client, 'tls-unique', 'client')!;
  assert.ok(cl.length >= 12);
  assert.deepEqual(channelBindingData(c.server, 'tls-unique', 'server'), cl);
  // The client's Finished comes first in a full handshake (RFC 5929 §3.1).
  assert.deepEqual(cl, c.client.getFinished());
  assert.equal(channelBindingData(c.server, 'tls-exporter', 'server'), undefined);
  assert.equal((await scramPlus('SCRAM-SHA-1-PLUS', deps(c), 'tls-unique', cl)).kind, 'done');

  assert.ok(c.session, 'got a session to resume');
  const r = await srv.connect({ session: c.session! });
  assert.equal(r.client.isSessionReused(), true);
  assert.equal(r.server.isSessionReused(), true);
  // In an abbreviated handshake the server's Finished comes first.
  const rc = channelBindingData(r.client, 'tls-unique', 'client')!;
  assert.deepEqual(rc, r.client.getPeerFinished());
  assert.deepEqual(channelBindingData(r.server, 'tls-unique', 'server'), rc);
  assert.notDeepEqual(rc, cl);
  assert.equal((await scramPlus('SCRAM-SHA-256-PLUS', deps(r), 'tls-unique', rc)).kind, 'done');
});

test('binding data from another connection is detected as a possible MitM', async (t) => {
  const a = await tlsPair({ cert: pair.cert, key: pair.key });
  const b = await tlsPair({ cert: pair.cert, key: pair.key });
  t.after(() => Promise.all([a.close(), b.close()]));
  const other = channelBindingData(b.client, 'tls-exporter', 'client')!;
  await assert.rejects(scramPlus('SCRAM-SHA-256-PLUS', deps(a), 'tls-exporter', other), (e) => isSaslError(e, 'channelBinding'));
});

test('tls-server-end-point hashes the server certificate per RFC 5929 §4.1', async (t) => {
  const c = await tlsPair({ cert: pair.cert, key: pair.key });
  t.after(() => c.close());
  const der = c.client.getPeerCertificate().raw;
  const expect = createHash('sha256').update(der).digest(); // ecdsa-with-SHA256
  assert.deepEqual(channelBindingData(c.client, 'tls-server-end-point', 'client'), expect);
  assert.deepEqual(channelBindingData(c.server, 'tls-server-end-point', 'server'), expect);
  assert.equal((await scramPlus('SCRAM-SHA-256-PLUS', deps(c), 'tls-server-end-point', expect)).kind, 'done');

  // A SHA-384 signature selects SHA-384.
  const x509 = await import('@peculiar/x509');
  const alg = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: 'CN=x', keys, signingAlgorithm: alg },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const d384 = Buffer.from(cert.rawData);
  assert.deepEqual(tlsServerEndPointHash(d384), createHash('sha384').update(d384).digest());
  assert.ok(encodePem('CERTIFICATE', d384).length > 0);
  assert.throws(() => tlsServerEndPointHash(Buffer.from([0x30, 0x05, 0x01])), /der/);
});

test('Received comment and log info look like mox', async (t) => {
  const c = await tlsPair({ cert: pair.cert, key: pair.key });
  t.after(() => c.close());
  const words = tlsReceivedComment(c.server);
  assert.equal(words[0], '(TLS1.3');
  assert.match(words[1]!, /^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)\)$/);
  assert.equal(tlsInfo(c.server).version, 'tls1.3');
  const tls12 = {
    getProtocol: () => 'TLSv1.2',
    getCipher: () => ({ name: 'ECDHE-ECDSA-AES128-GCM-SHA256', standardName: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' }),
  };
  assert.deepEqual(tlsReceivedComment(tls12), ['(TLS1.2', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)']);
  assert.deepEqual(tlsInfo(tls12), { version: 'tls1.2', cipherSuite: 'tls_ecdhe_ecdsa_with_aes_128_gcm_sha256' });
});
