import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509CertificateGenerator } from '@peculiar/x509';
import {
  ConfigError,
  loadConfig,
  parseDynamic,
  parseStatic,
  prepareConfig,
  type Dynamic,
  type Static,
} from '../../src/config/index.js';

const vector = (name: string) => readFile(new URL(`../vectors/config/${name}`, import.meta.url), 'utf8');

async function selfSigned(): Promise<{ cert: string; key: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: 'CN=localhost', notBefore: new Date(0), notAfter: new Date(4102444800000), keys: keys as never, signingAlgorithm: alg },
    webcrypto as never,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}

// A config dir like localserve's: the example files plus the certificate and keys they name.
async function exampleDir(t: { after: (fn: () => Promise<void>) => void }, edit?: { moxConf?: (s: string) => string; domainsConf?: (s: string) => string }) {
  const dir = await mkdtemp(join(tmpdir(), 'mox-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { cert, key } = await selfSigned();
  const dkim = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await writeFile(join(dir, 'mox.conf'), (edit?.moxConf ?? ((s) => s))(await vector('mox.conf')));
  await writeFile(join(dir, 'domains.conf'), (edit?.domainsConf ?? ((s) => s))(await vector('domains.conf')));
  await writeFile(join(dir, 'localhost.crt'), cert);
  await writeFile(join(dir, 'localhost.key'), key);
  await writeFile(join(dir, 'dkim.localserve.privatekey.pkcs8.pem'), dkim);
  return dir;
}

// `file:line` of the first line of `file` that equals `line` (or, with a RegExp, matches).
async function at(file: string, line: string | RegExp, nth = 1): Promise<string> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const hits = lines.flatMap((l, i) => ((typeof line === 'string' ? l === line : line.test(l)) ? [i + 1] : []));
  assert.ok(hits.length >= nth, `${String(line)} not ${nth} times in ${file}`);
  return `${file}:${hits[nth - 1]}`;
}

async function loadProblems(path: string): Promise<string[]> {
  try {
    await loadConfig(path);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message.split('\n');
  }
  assert.fail('expected a ConfigError');
}

test('loadConfig: example config loads, with defaults, absolute paths, frozen', async (t) => {
  const dir = await exampleDir(t);
  const c = await loadConfig(join(dir, 'mox.conf'));
  assert.equal(c.dir, dir);
  assert.equal(c.staticPath, join(dir, 'mox.conf'));
  assert.equal(c.dynamicPath, join(dir, 'domains.conf'));
  assert.equal(c.static.DataDir, dir); // "." relative to mox.conf's directory
  assert.deepEqual(c.static.Listeners['local']!.TLS?.KeyCerts, [{ CertFile: join(dir, 'localhost.crt'), KeyFile: join(dir, 'localhost.key') }]);
  assert.deepEqual(c.static.TLS.CA?.CertFiles, [join(dir, 'localhost.crt')]);
  assert.equal(c.static.AdminPasswordFile, join(dir, 'adminpasswd'));
  assert.equal(c.dynamic.Domains['localhost']!.DKIM.Selectors['localserve']!.PrivateKeyFile, join(dir, 'dkim.localserve.privatekey.pkcs8.pem'));
  assert.equal(c.static.Listeners['local']!.Submission.Port, 1587);
  assert.equal(c.static.Listeners['local']!.PprofHTTP.Port, 8011);
  assert.equal(c.dynamic.Accounts['mox']!.Destinations['mox@localhost']!.Mailbox, 'Inbox');
  // Raw keeps the files as written.
  assert.equal(c.raw.static.DataDir, '.');
  assert.deepEqual(c.raw.dynamic.Accounts['mox']!.Destinations, { 'mox@localhost': {} });
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.static.Listeners['local']!.IPs) && Object.isFrozen(c.raw.dynamic.Accounts));
  assert.throws(() => {
    (c.static as { DataDir: string }).DataDir = '/x';
  }, TypeError);
});

test('loadConfig: a missing domains.conf is reported with its path', async (t) => {
  const dir = await exampleDir(t);
  await rm(join(dir, 'domains.conf'));
  const p = await loadProblems(join(dir, 'mox.conf'));
  assert.equal(p.length, 1);
  assert.match(p[0]!, new RegExp(`^${join(dir, 'domains.conf')}: cannot read config file: ENOENT`));
});

test('loadConfig: syntax errors in both files are reported together', async (t) => {
  const dir = await exampleDir(t, {
    moxConf: (s) => s.replace('Pedantic: true', 'Pedantic: yes'),
    domainsConf: (s) => s.replace('NoFirstTimeSenderDelay: true', 'NoFirstTimeSenderDelay true'),
  });
  const p = await loadProblems(join(dir, 'mox.conf'));
  assert.deepEqual(p, [
    `${await at(join(dir, 'mox.conf'), 'Pedantic: yes')}: invalid boolean "yes": must be true or false for Pedantic`,
    `${await at(join(dir, 'domains.conf'), '\t\tNoFirstTimeSenderDelay true')}: expected tab-indented "Key: value" line in Accounts.mox, got "NoFirstTimeSenderDelay true"`,
  ]);
});

test('loadConfig: cross-field problems point at the line of the key', async (t) => {
  const dir = await exampleDir(t, {
    moxConf: (s) =>
      s
        .replace('LogLevel: traceauth', 'LogLevel: verbose')
        .replace('\t\t\tPort: 1143', '\t\t\tPort: 1025')
        .replace('\tAccount: mox', '\tAccount: nobody'),
    domainsConf: (s) =>
      s
        .replace('\t\t\tmox@localhost: nil', '\t\t\tmox@localhost: nil\n\t\t\tother@example.com: nil')
        .replace('\t\t\t\t- localserve', '\t\t\t\t- missing')
        .replace('Expiration: 72h', 'Expiration: 3 days'),
  });
  const m = join(dir, 'mox.conf');
  const d = join(dir, 'domains.conf');
  assert.deepEqual(await loadProblems(m), [
    `${await at(m, 'LogLevel: verbose')}: invalid log level "verbose", must be one of: tracedata, traceauth, trace, debug, info, warn, error, fatal, print`,
    // The IMAP port line (the second use of 1025), not the SMTP one.
    `${await at(m, '\t\t\tPort: 1025', 2)}: listener local: port 1025 used by more than one service: SMTP, IMAP`,
    `${await at(m, '\tAccount: nobody')}: postmaster account "nobody" does not exist in domains.conf`,
    `${await at(d, /Expiration: 3 days/)}: domain localhost: selector localserve: invalid expiration "3 days": unknown unit " days" in duration "3 days"`,
    `${await at(d, '\t\t\t\t- missing')}: domain localhost: unknown selector missing for signing`,
    `${await at(d, '\t\t\tother@example.com: nil')}: account "mox": destination "other@example.com": unknown domain "example.com" for address; add it to Domains`,
  ]);
});

test('loadConfig: TLS key/cert pairs must be complete, readable and match', async (t) => {
  const dir = await exampleDir(t, {
    moxConf: (s) =>
      s.replace(
        '\t\t\t\t\tKeyFile: localhost.key',
        '\t\t\t\t\tKeyFile: other.key\n\t\t\t\t-\n\t\t\t\t\tCertFile: localhost.crt\n\t\t\t\t\tKeyFile: \n\t\t\t\t-\n\t\t\t\t\tCertFile: missing.crt\n\t\t\t\t\tKeyFile: localhost.key',
      ),
  });
  await writeFile(join(dir, 'other.key'), (await selfSigned()).key);
  const m = join(dir, 'mox.conf');
  const firstItem = await at(m, '\t\t\tKeyCerts:');
  const itemLine = (n: number) => `${m}:${Number(firstItem.split(':').pop()) + 1 + 3 * n}`;
  assert.deepEqual(await loadProblems(m), [
    `${itemLine(0)}: listener local: private key in ${join(dir, 'other.key')} does not match certificate in ${join(dir, 'localhost.crt')}`,
    `${await at(m, '\t\t\t\t\tKeyFile: ')}: listener local: key/certificate pair without KeyFile`,
    `${await at(m, '\t\t\t\t\tCertFile: missing.crt')}: listener local: reading tls certificate: ENOENT: no such file or directory, open '${join(dir, 'missing.crt')}'`,
  ]);
  assert.equal((await readFile(m, 'utf8')).split('\n')[Number(itemLine(0).split(':').pop()) - 1], '\t\t\t\t-');
  // Without file checks only the incomplete pair remains.
  const message = `${await at(m, '\t\t\t\t\tKeyFile: ')}: listener local: key/certificate pair without KeyFile`;
  await assert.rejects(loadConfig(m, { checkFiles: false }), { message });
});

test('loadConfig: listener needs TLS for TLS services, webhooks need http(s), fromid needs a separator', async (t) => {
  const dir = await exampleDir(t, {
    moxConf: (s) => s.replace(/\t\t# For SMTP\/IMAP STARTTLS[\s\S]*?KeyFile: localhost.key\n/, ''),
    domainsConf: (s) =>
      s
        .replace('\t\tLocalpartCatchallSeparator: +\n', '')
        .replace('\tmox:\n', '\tmox:\n\t\tOutgoingWebhook:\n\t\t\tURL: ftp://example.org/hook\n\t\t\tEvents:\n\t\t\t\t- sent\n\t\tFromIDLoginAddresses:\n\t\t\t- mox@localhost\n'),
  });
  const m = join(dir, 'mox.conf');
  const d = join(dir, 'domains.conf');
  assert.deepEqual(await loadProblems(m), [
    `${await at(m, '\tlocal:')}: listener local: no tls config specified, but requires tls for IMAPS, SMTP, Submissions, AccountHTTPS, AdminHTTPS, WebserverHTTPS`,
    `${await at(d, '\t\t\tURL: ftp://example.org/hook')}: account "mox": parsing outgoing hook url "ftp://example.org/hook": must be an http or https URL`,
    `${await at(d, '\t\t\t\t- sent')}: account "mox": unknown outgoing hook event "sent"`,
    `${await at(d, '\t\t\t- mox@localhost')}: account "mox": localpart catchall separator not configured for domain for fromid login address "mox@localhost"`,
  ]);
});

test('prepareConfig: an in-memory config (as localserve builds it) loads without files', async () => {
  const s: Static = {
    DataDir: 'data',
    LogLevel: 'info',
    Hostname: 'localhost',
    Listeners: { local: { IPs: ['127.0.0.1'], SMTP: { Enabled: true, NoSTARTTLS: true, Port: 1025 }, IMAP: { Enabled: true, Port: 1143, NoRequireSTARTTLS: true } } },
    Postmaster: { Account: 'mox', Mailbox: 'Inbox' },
  };
  const d: Dynamic = { Domains: { localhost: {} }, Accounts: { mox: { Domain: 'localhost', Destinations: { mox: {} } } } };
  const c = await prepareConfig({ static: s, dynamic: d }, '/etc/mox/mox.conf');
  assert.equal(c.static.DataDir, '/etc/mox/data');
  assert.equal(c.dynamicPath, '/etc/mox/domains.conf');
  // mox's deprecated bare-localpart destination becomes a full address.
  assert.deepEqual(Object.keys(c.dynamic.Accounts['mox']!.Destinations), ['mox@localhost']);
  // Problems without parse positions carry no line.
  await assert.rejects(prepareConfig({ static: { ...s, Hostname: 'Local Host' }, dynamic: d }, '/etc/mox/mox.conf'), {
    message: '/etc/mox/mox.conf: Hostname "Local Host": invalid domain name',
  });
});

test('loaded raw config writes back to the same files (comments aside)', async (t) => {
  const dir = await exampleDir(t);
  const c = await loadConfig(join(dir, 'mox.conf'));
  const { writeStatic, writeDynamic } = await import('../../src/config/index.js');
  assert.deepEqual(parseStatic(writeStatic(c.raw.static)), c.raw.static);
  assert.deepEqual(parseDynamic(writeDynamic(c.raw.dynamic)), c.raw.dynamic);
});
