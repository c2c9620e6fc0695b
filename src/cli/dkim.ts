import { Resolver } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { Argument, type Command } from 'commander';
import { loadConfig, parseDuration } from '../config/index.js';
import {
  formatSignature,
  generateEd25519Pem,
  generateRsaPem,
  keyRecordText,
  lookupRecord,
  parsePrivateKeyPem,
  signMessage,
  verifyMessage,
  type SignSelector,
  type TxtResolver,
} from '../dkim/index.js';
import { tryParseDomain } from '../dns/index.js';
import { parseMessage } from '../message/index.js';
import { configPath } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

/** TXT lookups through the system's DNS servers (node:dns). */
function systemResolver(): TxtResolver {
  const r = new Resolver();
  return { lookupTxt: async (name) => (await r.resolveTxt(name.replace(/\.$/, ''))).map((chunks) => chunks.join('')) };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readMessageFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    fatal(`open message: ${(e as Error).message}`);
  }
}

/** Go's %q for the strings we print: a JSON string is the same for printable ASCII. */
const q = (s: string) => JSON.stringify(s);

/** Adds `mox dkim gened25519|genrsa|txt|lookup|verify|sign`. */
export function dkimCommand(program: Command, global: () => GlobalOptions): void {
  const dkim = program.command('dkim').summary('DKIM keys, records, signing and verification');

  dkim
    .command('gened25519')
    .usage('>$selector._domainkey.$domain.ed25519.privatekey.pkcs8.pem')
    .summary('generate a new ed25519 key for use with DKIM')
    .description(
      'Generate a new ed25519 key for DKIM and print it as PKCS#8 PEM. Ed25519 keys are far smaller ' +
        'than RSA keys of similar strength, which helps with the size limits of DNS messages. ' +
        'Not all mail servers verify ed25519 signatures yet, so signing with both an RSA and an ' +
        'ed25519 key is recommended.',
    )
    .action(() => {
      process.stdout.write(generateEd25519Pem({ now: Date.now() }));
    });

  dkim
    .command('genrsa')
    .usage('>$selector._domainkey.$domain.rsa2048.privatekey.pkcs8.pem')
    .summary('generate a new 2048 bit RSA private key for use with DKIM')
    .description('Generate a new 2048 bit RSA key for DKIM and print it in PEM form, with a note saying mox made it for DKIM.')
    .action(() => {
      process.stdout.write(generateRsaPem({ now: Date.now() }));
    });

  dkim
    .command('txt')
    .usage('<$selector._domainkey.$domain.key.pkcs8.pem')
    .summary('print a DKIM DNS TXT record for the private key read from stdin')
    .description(
      'Read a PKCS#8 PEM private key from stdin and print the DKIM DNS TXT record with its public ' +
        'key. The record belongs at $selector._domainkey.$domain.',
    )
    .action(async () => {
      let record: string;
      try {
        record = keyRecordText(parsePrivateKeyPem(await readStdin()));
      } catch (e) {
        fatal(`reading dkim private key from stdin: ${(e as Error).message}`);
      }
      // TXT strings hold at most 255 bytes; mox splits at 100.
      let out = '<selector>._domainkey.<your.domain.> TXT ';
      for (let i = 0; i < record.length; i += 100) out += `"${record.slice(i, i + 100)}" `;
      console.log(out);
    });

  dkim
    .command('lookup')
    .usage('selector domain')
    .summary('lookup and print the DKIM record for the selector at the domain')
    .description('Look up the DKIM record for the selector at the domain in DNS and print it.')
    .addArgument(new Argument('<selector>'))
    .addArgument(new Argument('<domain>'))
    .action(async (selector: string, domain: string) => {
      const sel = tryParseDomain(selector)?.ascii ?? fatal(`invalid selector ${q(selector)}`);
      const dom = tryParseDomain(domain)?.ascii ?? fatal(`invalid domain ${q(domain)}`);
      const r = await lookupRecord(systemResolver(), sel, dom);
      if (r.error) console.log(`error: ${r.error.message}`);
      if (r.status !== 'neutral') console.log(`status: ${r.status}`);
      if (r.txt) console.log(`TXT record: ${r.txt}`);
      // Deviation (node:dns does not report DNSSEC): always "no".
      console.log('dnssec-signed: no');
      if (r.record) {
        const rec = r.record;
        console.log('Record:');
        const pairs: [string, string][] = [
          ['version', rec.version],
          ['hashes', `[${rec.hashes.join(' ')}]`],
          ['key', rec.key],
          ['notes', rec.notes ?? ''],
          ['services', `[${rec.services.join(' ')}]`],
          ['flags', `[${rec.flags.join(' ')}]`],
        ];
        for (const [k, v] of pairs) console.log(`\t${k}: ${v}`);
      }
    });

  dkim
    .command('verify')
    .usage('message')
    .summary('verify the DKIM signatures in a message and print the results')
    .description(
      'Parse the message and check each DKIM-Signature header. Older messages may fail because ' +
        'their DNS records were removed or changed since, or because the signature expired.',
    )
    .addArgument(new Argument('<message>'))
    .action(async (file: string) => {
      const msg = await readMessageFile(file);
      let results;
      try {
        results = await verifyMessage(msg, { resolver: systemResolver(), now: Date.now(), ignoreTestMode: true });
      } catch (e) {
        fatal(`dkim verify: ${(e as Error).message}`);
      }
      for (const r of results) {
        if (!r.sig) console.error('mox: warning: could not parse signature');
        if (!r.record) console.error('mox: warning: missing DNS record');
        const header = r.sig ? formatSignature(r.sig) : '';
        process.stdout.write(`status ${q(r.status)}, err ${r.error ? r.error.message : '<nil>'}\nrecord ${q(r.recordText ?? '')}\nheader ${header}\n`);
      }
    });

  dkim
    .command('sign')
    .usage('message')
    .summary('sign a message, adding DKIM-Signature headers based on the domain in the From header')
    .description(
      'Parse the message, look up the domain of its From address in the configuration, and print ' +
        'the message with DKIM-Signature headers for the domain\'s signing selectors in front.',
    )
    .addArgument(new Argument('<message>'))
    .action(async (file: string) => {
      const msg = await readMessageFile(file);
      const from = parseMessage(msg).envelope?.from.filter((a) => a.host !== null) ?? [];
      if (from.length !== 1) fatal(`found ${from.length} from headers, need exactly 1`);
      const localpart = from[0]!.mailbox!.replace(/^"(.*)"$/s, (_m, s: string) => s.replace(/\\(.)/g, '$1'));
      const dom = tryParseDomain(from[0]!.host!) ?? fatal(`invalid domain of address in from-header: ${q(from[0]!.host!)}`);
      let conf;
      try {
        conf = await loadConfig(configPath(global()));
      } catch (e) {
        fatal(`loading config: ${(e as Error).message}`);
      }
      const domConf = Object.entries(conf.dynamic.Domains).find(([name]) => tryParseDomain(name)?.ascii === dom.ascii)?.[1];
      if (!domConf) fatal(`domain ${dom.ascii} not configured`);
      const selectors: SignSelector[] = [];
      for (const name of domConf.DKIM.Sign) {
        const sel = domConf.DKIM.Selectors[name];
        if (!sel) continue;
        const privateKey = parsePrivateKeyPem(await readFile(sel.PrivateKeyFile));
        selectors.push({
          selector: name,
          privateKey,
          hash: sel.Hash,
          headerRelaxed: sel.Canonicalization.HeaderRelaxed,
          bodyRelaxed: sel.Canonicalization.BodyRelaxed,
          headers: sel.Headers,
          sealHeaders: !sel.DontSealHeaders,
          ...(sel.Expiration ? { expirationSeconds: Math.floor(parseDuration(sel.Expiration) / 1000) } : {}),
        });
      }
      if (selectors.length === 0) fatal(`no DKIM configured for domain ${dom.ascii}`);
      let headers: string;
      try {
        headers = signMessage(msg, { localpart, domain: dom.ascii, selectors, now: Date.now() });
      } catch (e) {
        fatal(`signing message with dkim: ${(e as Error).message}`);
      }
      process.stdout.write(headers);
      process.stdout.write(msg);
    });
}
