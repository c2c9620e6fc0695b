import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import {
  KeyCertError,
  LOCALSERVE_KEY_NOTE,
  encodePem,
  generateLocalserveCert,
  loadKeyCertPair,
  parseKeyCertPair,
  parsePem,
} from '../../src/tls/index.js';
import { tlsPair } from './helpers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

test('localserve certificate has the fields mox writes', async () => {
  const { certPem, keyPem } = await generateLocalserveCert({ now: NOW });
  const cert = new X509Certificate(certPem);
  assert.equal(cert.subject, 'O=mox localserve\nCN=localhost');
  assert.equal(cert.issuer, cert.subject, 'self-signed: issuer is the subject, as Go writes it');
  assert.equal(parseInt(cert.serialNumber, 16), Math.floor(NOW / 1000));
  assert.equal(new Date(cert.validFrom).getTime(), NOW - 3600_000);
  assert.equal(new Date(cert.validTo).getTime(), NOW + 4 * 365 * 86400_000);
  assert.equal(cert.subjectAltName, 'DNS:localhost');
  assert.equal(cert.ca, false);
  assert.ok(cert.verify(cert.publicKey), 'signed by its own key');
  assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
  assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.ok(!certPem.includes(':'), 'no PEM headers in the certificate');

  // Go's pem.Encode layout: BEGIN line, header, blank line, 64-column base64, END line.
  const lines = keyPem.split('\n');
  assert.equal(lines[0], '-----BEGIN PRIVATE KEY-----');
  assert.equal(lines[1], `Note: ${LOCALSERVE_KEY_NOTE}`);
  assert.equal(lines[2], '');
  assert.ok(lines.slice(3, -3).every((l) => l.length === 64));
  assert.equal(lines.at(-2), '-----END PRIVATE KEY-----');
  assert.equal(lines.at(-1), '');
  const [block] = parsePem(keyPem);
  const key = createPrivateKey({ key: block!.bytes, format: 'der', type: 'pkcs8' });
  assert.ok(cert.checkPrivateKey(key));
});

test('an independent parser (@peculiar/x509) reads the certificate the same way', async () => {
  const { certPem } = await generateLocalserveCert({ now: NOW });
  const x509 = await import('@peculiar/x509');
  const c = new x509.X509Certificate(certPem);
  assert.equal(c.subject, 'O=mox localserve, CN=localhost');
  assert.equal(c.issuer, c.subject);
  assert.equal(c.serialNumber, Math.floor(NOW / 1000).toString(16));
  assert.equal(c.notBefore.getTime(), NOW - 3600_000);
  assert.equal(c.notAfter.getTime(), NOW + 4 * 365 * 86400_000);
  assert.deepEqual(c.signatureAlgorithm, { name: 'ECDSA', hash: { name: 'SHA-256' } });
  assert.equal(c.extensions.length, 1);
  const san = c.getExtension(x509.SubjectAlternativeNameExtension);
  assert.deepEqual(san?.names.toJSON(), [{ type: 'dns', value: 'localhost' }]);
  assert.equal(san?.critical, false);
  assert.ok(await c.verify({ signatureOnly: true }, webcrypto as unknown as Parameters<typeof c.verify>[1]));
});

test('serials past 2038 stay positive and validity past 2049 uses GeneralizedTime', async () => {
  const now = Date.UTC(2047, 5, 1, 0, 0, 0);
  const { certPem } = await generateLocalserveCert({ now });
  const cert = new X509Certificate(certPem);
  assert.equal(BigInt(`0x${cert.serialNumber}`), BigInt(Math.floor(now / 1000)));
  assert.ok(Math.floor(now / 1000) >= 2 ** 31, 'high bit set in 32 bits');
  assert.equal(new Date(cert.validTo).getTime(), now + 4 * 365 * 86400_000);
  assert.equal(new Date(cert.validTo).getUTCFullYear(), 2051);
  assert.ok(cert.verify(cert.publicKey));
});

test('localserve certificate takes other host names', async () => {
  const { certPem } = await generateLocalserveCert({ now: NOW, hostnames: ['mox.localhost', 'localhost'] });
  const cert = new X509Certificate(certPem);
  assert.equal(cert.subjectAltName, 'DNS:mox.localhost, DNS:localhost');
  assert.match(cert.subject, /CN=mox\.localhost/);
});

test('written files load back and a TLS 1.3 client that trusts the cert connects', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mox-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { certPem, keyPem } = await generateLocalserveCert({ now: Date.now() });
  await writeFile(join(dir, 'localhost.crt'), certPem, { mode: 0o660 });
  await writeFile(join(dir, 'localhost.key'), keyPem, { mode: 0o660 });
  const pair = await loadKeyCertPair(join(dir, 'localhost.crt'), join(dir, 'localhost.key'));
  assert.ok(!pair.key.toString().includes('Note:'), 'headers are stripped for node:tls');
  assert.equal(pair.cert.toString(), certPem);
  const c = await tlsPair({ cert: pair.cert, key: pair.key, ca: certPem });
  t.after(() => c.close());
  assert.equal(c.client.authorized, true, String(c.client.authorizationError));
  assert.equal(c.client.getProtocol(), 'TLSv1.3');
  // And the echo works, so the context is really usable.
  c.server.write('hello');
  const [data] = (await new Promise((r) => c.client.once('data', (d) => r([d])))) as [Buffer];
  assert.equal(data.toString(), 'hello');
});

test('a client that does not trust the certificate is refused', async (t) => {
  const a = await generateLocalserveCert({ now: Date.now() });
  const b = await generateLocalserveCert({ now: Date.now() });
  const server = tls.createServer({ cert: a.certPem, key: parseKeyCertPair(a.certPem, a.keyPem).key });
  server.listen(0, '127.0.0.1');
  t.after(() => server.close());
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const client = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: b.certPem });
  const err = await new Promise<Error>((r) => client.once('error', r));
  assert.match(String((err as NodeJS.ErrnoException).code), /SELF_SIGNED|UNABLE_TO_VERIFY|CERT_SIGNATURE/);
  client.destroy();
});

test('PKCS#1 RSA and SEC1 EC keys load; EC PARAMETERS blocks are skipped', async () => {
  const { certPem, keyPem } = await generateLocalserveCert({ now: NOW });
  const k = createPrivateKey({ key: parsePem(keyPem)[0]!.bytes, format: 'der', type: 'pkcs8' });
  const sec1 = k.export({ type: 'sec1', format: 'pem' }) as string;
  const withParams = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${sec1}`;
  for (const key of [sec1, withParams, keyPem.replace(/\n/g, '\r\n')]) {
    const p = parseKeyCertPair(certPem, key);
    assert.ok(new X509Certificate(p.cert).checkPrivateKey(createPrivateKey(p.key)));
  }

  // RSA: a certificate for an RSA key, key as "RSA PRIVATE KEY".
  const x509 = await import('@peculiar/x509');
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const rsaCert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: 'CN=rsa', keys, signingAlgorithm: alg },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const pkcs1 = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs1', format: 'pem' }) as string;
  assert.match(pkcs1, /BEGIN RSA PRIVATE KEY/);
  const p = parseKeyCertPair(encodePem('CERTIFICATE', new Uint8Array(rsaCert.rawData)), pkcs1);
  assert.match(p.key.toString(), /^-----BEGIN PRIVATE KEY-----/);
});

test('errors name the file and the problem', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mox-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const a = await generateLocalserveCert({ now: NOW });
  const b = await generateLocalserveCert({ now: NOW });
  const f = (n: string) => join(dir, n);
  await writeFile(f('a.crt'), a.certPem);
  await writeFile(f('b.key'), b.keyPem);
  await writeFile(f('junk'), 'not pem at all\n');
  await writeFile(f('trunc.key'), a.keyPem.split('\n').slice(0, 4).join('\n'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  await writeFile(
    f('enc.key'),
    rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }) as string,
  );
  const fails = async (cert: string, key: string, re: RegExp) => {
    await assert.rejects(loadKeyCertPair(f(cert), f(key)), (e) => {
      assert.ok(e instanceof KeyCertError, String(e));
      assert.match(e.message, re);
      return true;
    });
  };
  await fails('missing.crt', 'b.key', /missing\.crt: cannot read: ENOENT/);
  await fails('junk', 'b.key', /junk: no CERTIFICATE block/);
  await fails('a.crt', 'junk', /junk: no PRIVATE KEY/);
  await fails('a.crt', 'b.key', /b\.key: private key does not match the certificate in .*a\.crt/);
  await fails('a.crt', 'trunc.key', /trunc\.key: pem PRIVATE KEY: missing END line/);
  await fails('a.crt', 'enc.key', /enc\.key: encrypted private keys are not supported/);
});

test('PEM parsing follows Go encoding/pem', () => {
  const body = Buffer.from('hello world, this is pem');
  const text = `preamble\r\n${encodePem('THING', body, [['Proc-Type', '4,TEST'], ['Note', 'a: b']]).replace(/\n/g, '\r\n')}trailer`;
  const [blk] = parsePem(text);
  assert.deepEqual(blk, { type: 'THING', headers: [['Proc-Type', '4,TEST'], ['Note', 'a: b']], bytes: body });
  assert.throws(() => parsePem('-----BEGIN A-----\nAAAA\n-----END B-----\n'), /does not match/);
  assert.throws(() => parsePem('-----BEGIN A-----\nAA!A\n-----END A-----\n'), /bad base64/);
  assert.deepEqual(parsePem('no blocks'), []);
});
