// `mox config tlspubkey …` and `mox config dnsrecords` as processes against a running
// `mox localserve` process: generated keys log in over IMAPS with the client certificate.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { bannerPorts, moxRun, runMox } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';


/** The IMAPS greeting for a connection with this key and certificate. */
function imapsGreeting(port: number, pem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, key: pem, cert: pem, rejectUnauthorized: false });
    let buf = '';
    s.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\r\n');
      if (i >= 0) {
        s.destroy();
        resolve(buf.slice(0, i));
      }
    });
    s.on('error', reject);
  });
}

test('config tlspubkey gen/add/list/get/rm and dnsrecords against a running localserve', async (t: TestContext) => {
  const tmp = tempDir(t);
  const dir = join(tmp, 'ls');
  const server = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error']);
  await server.waitStderr(/serving from/);
  const ports = bannerPorts(server.stderr());
  const conf = join(dir, 'mox.conf');
  const ok = async (args: string[], input = '', cwd?: string) => {
    const r = await moxRun(['-config', conf, ...args], { input, cwd });
    assert.equal(r.code, 0, `mox ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r;
  };
  const fails = async (args: string[], input = '') => {
    const r = await moxRun(['-config', conf, ...args], { input });
    assert.equal(r.code, 1, `mox ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stderr;
  };

  // gen: three files and the fingerprint on stderr.
  const gen = await ok(['config', 'tlspubkey', 'gen', join(tmp, 'client')]);
  const fp = /^ed25519 public key fingerprint: ([A-Za-z0-9_-]{43})$/m.exec(gen.stderr)?.[1];
  assert.ok(fp, gen.stderr);
  assert.match(gen.stderr, /^ed25519 private key as raw-url-base64: [A-Za-z0-9_-]{43}$/m);
  const files = readdirSync(tmp).filter((f) => f.startsWith('client.'));
  assert.equal(files.length, 3);
  const file = (suffix: string) => readFileSync(join(tmp, files.find((f) => f.endsWith(suffix))!), 'utf8');
  const certPem = file('.certificate.pem');
  const combined = file('.ed25519privatekey-certificate.pem');
  assert.match(certPem, /^-----BEGIN CERTIFICATE-----\n/);
  assert.equal(combined, file('.ed25519privatekey.pkcs8.pem') + certPem);

  // Before adding, the certificate logs in nobody.
  assert.match(await imapsGreeting(ports.imaps!, combined), /^\* OK /);

  await ok(['config', 'tlspubkey', 'add', 'mox@localhost', 'laptop'], certPem);
  assert.equal((await ok(['config', 'tlspubkey', 'list'])).stdout, `# fingerprint, type, name, account, login address, no imap preauth (1)\n${fp}\ted25519\t"laptop"\tmox\tmox@localhost\tfalse\n`);
  assert.equal((await ok(['config', 'tlspubkey', 'list', 'other'])).stdout, '# fingerprint, type, name, account, login address, no imap preauth (0)\n');
  assert.equal(
    (await ok(['config', 'tlspubkey', 'get', fp])).stdout,
    `type: ed25519\nname: laptop\naccount: mox\naddress: mox@localhost\nno imap preauth: false\ncertificate:\n\n${certPem}`,
  );
  // The key logs in at once: IMAPS PREAUTH.
  assert.match(await imapsGreeting(ports.imaps!, combined), /^\* PREAUTH .* mox imap welcomes mox@localhost$/);

  assert.match(await fails(['config', 'tlspubkey', 'add', 'mox@localhost'], certPem), /^mox: adding tls public key: /);
  assert.match(await fails(['config', 'tlspubkey', 'add', 'nobody@localhost'], certPem), /^mox: open account for address: /);
  assert.match(await fails(['config', 'tlspubkey', 'add', 'mox@localhost'], 'not pem'), /^mox: parsing pem: no pem block found\n$/);
  assert.match(await fails(['config', 'tlspubkey', 'get', 'nosuch']), /^mox: looking tls public key: absent\n$/);
  // An address or domain a key logs in with cannot be removed.
  assert.match(await fails(['config', 'address', 'rm', 'mox@localhost']), /tls public key ".*" references this address as login address "mox@localhost"/);
  assert.match(await fails(['config', 'domain', 'rm', 'localhost']), /domain is still referenced in tls public key by login address "mox@localhost" of account "mox"/);

  await ok(['config', 'tlspubkey', 'rm', fp]);
  assert.match((await ok(['config', 'tlspubkey', 'list'])).stdout, /\(0\)\n$/);
  assert.match(await fails(['config', 'tlspubkey', 'rm', fp]), /^mox: removing tls public key: absent\n$/);
  assert.match(await imapsGreeting(ports.imaps!, combined), /^\* OK /);

  // -no-imap-preauth: registered, but no automatic login.
  await ok(['config', 'tlspubkey', 'add', '-no-imap-preauth', 'mox@localhost'], certPem);
  assert.match((await ok(['config', 'tlspubkey', 'list'])).stdout, new RegExp(`\\n${fp}\\ted25519\\t"serial [0-9a-f]+"\\tmox\\tmox@localhost\\ttrue\\n$`));
  assert.match(await imapsGreeting(ports.imaps!, combined), /^\* OK /);

  // dnsrecords: zone file lines for the configured domain.
  const rec = (await ok(['config', 'dnsrecords', 'localhost'])).stdout;
  assert.match(rec, /^; Time To Live of 5 minutes[^\n]*\n; Once your setup[^\n]*\n\$TTL 300\n\n/);
  assert.match(rec, /\nlocalhost\. {20}MX 10 localhost\.\n/);
  assert.match(rec, /\nlocalserve\._domainkey\.localhost\. {3}TXT "v=DKIM1;h=sha256;k=ed25519;p=[A-Za-z0-9+/]{43}="\n/);
  assert.match(rec, /\nlocalhost\. {20}TXT "v=spf1 ip4:127\.0\.0\.1 ip6:::1 mx ~all"\n/);
  assert.match(rec, /\n_dmarc\.localhost\. {13}TXT "v=DMARC1;p=reject"\n/);
  assert.match(rec, /\n_submissions\._tcp\.localhost\. {2}SRV 0 1 465 localhost\.\n/);
  assert.match(rec, /\n_pop3s\._tcp\.localhost\. {8}SRV 0 0 0 \.\n$/);
  assert.match(await fails(['config', 'dnsrecords', 'nosuch.example']), /^mox: unknown domain\n$/);
});
