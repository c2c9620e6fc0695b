import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateLocalserveCert, parseKeyCertPair, parsePem, parseTlsPublicKeyCert } from '../../src/tls/index.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { startSmtp } from '../helpers/smtp-listener.js';
import { startLocalserve } from '../helpers/localserve.js';

async function clientCert() {
  const c = await generateLocalserveCert({ now: Date.now() });
  const pair = parseKeyCertPair(c.certPem, c.keyPem);
  const der = parsePem(c.certPem)[0]!.bytes;
  return { cert: pair.cert, key: pair.key, info: parseTlsPublicKeyCert(Buffer.from(der)) };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('AUTH EXTERNAL (RFC 4422 App. A) with a registered TLS client certificate', async (t) => {
  const known = await clientCert();
  const unknown = await clientCert();
  assert.match(known.info.fingerprint, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(known.info.type, 'ecdsa-p256');
  const { port } = await startSmtp(t, { requestClientCert: true }, undefined, {
    clientKeys: { [known.info.fingerprint]: { username: 'mox@localhost', account: 'mox' } },
  });
  const login = async (cert: typeof known | undefined, initial: string) => {
    const c = await SmtpScript.open(t, port);
    await c.reply();
    c.send('EHLO client.example');
    await c.reply();
    await c.starttls(cert ? { cert: cert.cert, key: cert.key } : undefined);
    c.send('EHLO client.example');
    const ehlo = await c.reply();
    c.send(`AUTH EXTERNAL ${initial}`);
    return { ehlo, reply: await c.reply() };
  };
  let r = await login(known, '=');
  assert.match(r.ehlo, /\n250-AUTH EXTERNAL SCRAM-SHA-256-PLUS /);
  assert.match(r.reply, /^235 2\.7\.0 nice$/);
  r = await login(known, b64('mox@localhost'));
  assert.match(r.reply, /^235 /);
  r = await login(known, b64('other@localhost'));
  assert.match(r.reply, /^535 5\.7\.8 /);
  r = await login(unknown, '=');
  assert.match(r.reply, /^535 5\.7\.8 /);
  r = await login(undefined, '=');
  assert.doesNotMatch(r.ehlo, /EXTERNAL/);
  assert.match(r.reply, /^535 5\.7\.8 /);
});

test('localserve: a key registered in auth.db logs in with EXTERNAL on submissions (implicit TLS)', async (t) => {
  const ls = await startLocalserve(t);
  const cert = await clientCert();
  await ls.engine.store.auth().addTlsPublicKey({
    ...cert.info,
    created: Date.now(),
    noImapPreauth: false,
    account: 'mox',
    loginAddress: 'mox@localhost',
  });
  const { connect } = await import('node:tls');
  const sock = connect({ host: '127.0.0.1', port: ls.port('submissions'), rejectUnauthorized: false, cert: cert.cert, key: cert.key });
  t.after(() => sock.destroy());
  const lines: string[] = [];
  sock.on('data', (d) => lines.push(...d.toString().split('\r\n').filter(Boolean)));
  const until = async (re: RegExp) => {
    for (let i = 0; i < 300 && !lines.some((l) => re.test(l)); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(lines.some((l) => re.test(l)), lines.join('\n'));
  };
  await until(/^220 /);
  sock.write('EHLO client.example\r\n');
  await until(/^250-AUTH EXTERNAL /);
  sock.write('AUTH EXTERNAL =\r\n');
  await until(/^235 2\.7\.0 nice$/);
});

test('IMAP: IMAPS with a registered certificate is PREAUTH (mox); with noImapPreauth, AUTHENTICATE EXTERNAL', async (t) => {
  const ls = await startLocalserve(t);
  const { connect } = await import('node:tls');
  const talk = async (cert: { cert: Buffer; key: Buffer }, script: string[]) => {
    const sock = connect({ host: '127.0.0.1', port: ls.port('imaps'), rejectUnauthorized: false, cert: cert.cert, key: cert.key });
    t.after(() => sock.destroy());
    let out = '';
    sock.on('data', (d) => (out += d.toString()));
    const until = async (re: RegExp) => {
      for (let i = 0; i < 300 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 10));
      assert.match(out, re);
    };
    await until(/\r\n$/);
    for (const l of script) {
      const tag = l.split(' ')[0]!;
      sock.write(l + '\r\n');
      await until(new RegExp(`${tag} (OK|NO|BAD)`));
    }
    return out;
  };
  const pre = await clientCert();
  const ext = await clientCert();
  await ls.engine.store.auth().addTlsPublicKey({ ...pre.info, created: Date.now(), noImapPreauth: false, account: 'mox', loginAddress: 'mox@localhost' });
  await ls.engine.store.auth().addTlsPublicKey({ ...ext.info, created: Date.now(), noImapPreauth: true, account: 'mox', loginAddress: 'mox@localhost' });
  const a = await talk(pre, ['a SELECT INBOX']);
  assert.match(a, /^\* PREAUTH \[CAPABILITY [^\]]*AUTH=EXTERNAL[^\]]*\] mox imap welcomes mox@localhost\r\n/);
  assert.match(a, /a OK \[READ-WRITE\]/);
  const b = await talk(ext, ['a SELECT INBOX', 'b AUTHENTICATE EXTERNAL =', 'c SELECT INBOX']);
  assert.match(b, /^\* OK \[CAPABILITY [^\]]*AUTH=EXTERNAL/);
  assert.match(b, /a (NO|BAD) /);
  assert.match(b, /b OK /);
  assert.match(b, /c OK \[READ-WRITE\]/);
});
