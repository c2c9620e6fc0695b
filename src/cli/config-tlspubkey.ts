import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { encodePem, parsePem } from '../tls/index.js';
import { streamToStdout, withCtl } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

// DER encoding, just enough for a minimal certificate (ITU-T X.690).
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
function uint(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
// id-Ed25519, RFC 8410 §3: 1.3.101.112.
const ed25519AlgId = seq(Buffer.from([0x06, 0x03, 0x2b, 0x65, 0x70]));
// Go's zero time.Time, which a template without validity gets: GeneralizedTime (RFC 5280 §4.1.2.5).
const zeroTime = tlv(0x18, Buffer.from('00010101000000Z', 'ascii'));

/**
 * A minimal self-signed X.509 certificate for an ed25519 key, like mox's: only a serial (unix
 * time), empty subject and issuer, zero validity, no extensions. For TLS public key logins
 * only the key matters.
 */
export function minimalCert(key: KeyObject, nowMs: number): Buffer {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const tbs = seq(tlv(0xa0, uint(2n)), uint(BigInt(Math.floor(nowMs / 1000))), ed25519AlgId, seq(), seq(zeroTime, zeroTime), seq(), spki);
  const sig = sign(null, tbs, key);
  return seq(tbs, ed25519AlgId, tlv(0x03, Buffer.concat([Buffer.from([0]), sig])));
}

// Go's time layout "200601021504" in local time.
function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}`;
}

// Go's log package prefix: "2006/01/02 15:04:05" in local time.
function goLogTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Adds `mox config tlspubkey list|get|add|rm` (over ctl) and `gen` (offline). */
export function configTlspubkeyCommands(config: Command, global: () => GlobalOptions): void {
  const tp = config
    .command('tlspubkey')
    .summary('manage TLS public keys for client certificate logins')
    .description('Manage the public keys of TLS client certificates that log in to accounts (instead of a password).');
  tp.command('list')
    .usage('[account]')
    .summary('list TLS public keys')
    .description('List the TLS public keys for TLS client certificate authentication, of all accounts or of one account.')
    .addArgument(new Argument('[account]', 'account name'))
    .action(async (account: string | undefined) => {
      await withCtl(global(), async (c) => {
        await c.call('tlspubkeylist', [account ?? '']);
        await streamToStdout(c);
      });
    });
  tp.command('get')
    .usage('fingerprint')
    .summary('show a TLS public key')
    .description("Show a TLS public key by fingerprint: its type, name, account and address, and the certificate in PEM form.")
    .addArgument(new Argument('<fingerprint>', 'fingerprint of the public key'))
    .action(async (fp: string) => {
      await withCtl(global(), async (c) => {
        await c.call('tlspubkeyget', [fp]);
        const [type, name, account, address, noPreauth] = [await c.readLine(), await c.readLine(), await c.readLine(), await c.readLine(), await c.readLine()];
        const der = await c.readStreamAll(1 << 20);
        let out = `type: ${type}\nname: ${name}\naccount: ${account}\naddress: ${address}\nno imap preauth: ${noPreauth}\n`;
        if (der.length > 0) out += `certificate:\n\n${encodePem('CERTIFICATE', der)}`;
        process.stdout.write(out);
      });
    });
  tp.command('add')
    .usage('address [name] < cert.pem')
    .summary('add a TLS public key to an account')
    .description(
      'Add a TLS public key to the account of the address; the address is what the key logs in ' +
        'as. The public key is read from the certificate on stdin. The optional name describes the ' +
        "key; without it, the certificate's CommonName is used.",
    )
    .option(
      '--no-imap-preauth',
      'Do not switch new IMAP connections that authenticate with this key to "authenticated" state after the TLS handshake. ' +
        'For clients that ignore the untagged IMAP PREAUTH response and try to authenticate anyway.',
    )
    .addArgument(new Argument('<address>', 'login address'))
    .addArgument(new Argument('[name]', 'descriptive name'))
    .action(async (address: string, name: string | undefined, o: { imapPreauth?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(0, 'utf8');
      } catch (err) {
        fatal(`reading from stdin: ${(err as Error).message}`);
      }
      const block = parsePem(text)[0];
      if (!block) fatal('parsing pem: no pem block found');
      if (block.type !== 'CERTIFICATE') fatal(`parsing pem: unexpected type ${JSON.stringify(block.type)}, expected CERTIFICATE`);
      await withCtl(global(), async (c) => {
        await c.send('tlspubkeyadd', [address, name ?? '', o.imapPreauth === false ? 'true' : 'false']);
        await c.writeStream(block.bytes);
        await c.readOk();
      });
    });
  tp.command('rm')
    .usage('fingerprint')
    .summary('remove a TLS public key')
    .description('Remove the TLS public key with the fingerprint.')
    .addArgument(new Argument('<fingerprint>', 'fingerprint of the public key'))
    .action(async (fp: string) => {
      await withCtl(global(), async (c) => {
        await c.call('tlspubkeyrm', [fp]);
      });
    });
  tp.command('gen')
    .usage('stem')
    .summary('generate a key and certificate for TLS public key logins')
    .description(
      'Generate an ed25519 private key and a minimal certificate for use as TLS public key, ' +
        'written to files starting with stem: $stem.$timestamp.ed25519privatekey.pkcs8.pem (the ' +
        'key), $stem.$timestamp.certificate.pem (the certificate) and ' +
        '$stem.$timestamp.ed25519privatekey-certificate.pem (both, e.g. for "mox sendmail").\n\n' +
        'Add the certificate to an account with "mox config tlspubkey add".\n\nThe private key ' +
        '(raw-url-base64) and the fingerprint are also written to standard error.',
    )
    .addArgument(new Argument('<stem>', 'file name prefix'))
    .action((stem: string) => {
      const now = Date.now();
      const prefix = `${stem}.${stamp(now)}`;
      const seed = randomBytes(32);
      // RFC 8410 §7: an ed25519 PKCS#8 key is the 32-byte seed in an OCTET STRING.
      const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
      const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
      const keyPem = encodePem('PRIVATE KEY', pkcs8);
      const cert = minimalCert(key, now);
      const certPem = encodePem('CERTIFICATE', cert);
      const write = (p: string, data: string, what: string) => {
        console.error(`${goLogTime(Date.now())} writing ${p}`);
        try {
          writeFileSync(p, data, { mode: 0o600 });
        } catch (err) {
          fatal(`writing ${what} file: ${(err as Error).message}`);
        }
      };
      write(`${prefix}.ed25519privatekey.pkcs8.pem`, keyPem, 'private key');
      write(`${prefix}.certificate.pem`, certPem, 'certificate');
      write(`${prefix}.ed25519privatekey-certificate.pem`, keyPem + certPem, 'combined private key and certificate');
      const fp = createHash('sha256').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('base64url');
      process.stderr.write(`ed25519 private key as raw-url-base64: ${seed.toString('base64url')}\ned25519 public key fingerprint: ${fp}\n`);
    });
}
