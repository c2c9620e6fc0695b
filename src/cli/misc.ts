import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig, parseStatic, type LoadedConfig } from '../config/index.js';
import { tryParseDomain } from '../dns/index.js';
import { ReceivedIdCodec } from '../smtp/index.js';
import { configPath } from './ctl.js';
import { commandHelp, findInfo, helpText } from './frame.js';
import { packageRoot, packageVersion, platform } from './version.js';
import { fatal, type GlobalOptions } from './util.js';

/** Adds `mox help`, `version`, `licenses`, `cid` and `clientconfig`. */
export function miscCommands(program: Command, global: () => GlobalOptions): void {
  program
    .command('help')
    .argument('[command...]')
    .usage('[command ...]')
    .summary('print help about the matching commands')
    .description(
      'Print help about the matching commands. When several commands start with the given ' +
        'words, each is listed with the first line of its help. When one command matches, its ' +
        'usage, flags and full help are printed.',
    )
    .action((args: string[]) => {
      if (args.length === 0) {
        const self = findInfo(program, ['help']);
        process.stderr.write(self ? commandHelp(self) : '');
        process.exit(2);
      }
      const text = helpText(program, args);
      if (text === undefined) {
        console.error(`${args.join(' ')}: unknown command`);
        process.exit(2);
      }
      process.stdout.write(text);
    });

  program
    .command('version')
    .summary('print the version of mox')
    .description('Print the version of mox, and the platform it runs on.')
    .action(() => {
      console.log(`${packageVersion()}\n${platform()}`);
    });

  program
    .command('licenses')
    .summary('print the licenses of mox and its dependencies')
    .description('Print the license of this program and those of the npm packages it uses.')
    .action(() => {
      process.stdout.write(licensesText());
    });

  program
    .command('cid')
    .argument('<cid>')
    .usage('cid')
    .summary('turn the ID in a Received header into a cid, to look up in the logs')
    .description(
      'Turn the ID in a Received header into a cid, to look up in the logs. A cid is a ' +
        'connection counter that starts when mox starts; every log line has one. Received ' +
        'headers added by mox hold the cid encrypted with a key in the data directory ' +
        '(receivedid.key), so only the admin of the instance can turn it back. Works offline.',
    )
    .action(async (id: string) => {
      const path = configPath(global());
      let dataDir: string;
      try {
        dataDir = resolve(dirname(path), parseStatic(await readFile(path, 'utf8'), path).DataDir);
      } catch (err) {
        fatal(err instanceof ConfigError ? `parsing config: ${err.message}` : `reading config: ${(err as Error).message}`);
      }
      const keyPath = join(dataDir, 'receivedid.key');
      let key: Buffer;
      try {
        key = await readFile(keyPath);
      } catch (err) {
        fatal(`reading ${keyPath}: ${(err as Error).message}`);
      }
      if (key.length !== 24) fatal(`bad data in ${keyPath}: got ${key.length} bytes, expect 16+8=24`);
      let cid: number;
      try {
        cid = new ReceivedIdCodec(key).cid(id);
      } catch (err) {
        fatal(`received id to cid: ${(err as Error).message}`);
      }
      console.log(cid.toString(16));
    });

  program
    .command('clientconfig')
    .argument('<domain>')
    .usage('domain')
    .summary('print the settings for email clients for a domain')
    .description(
      'Print the settings for email clients for a domain, from the config files. Email is ' +
        'submitted on ports 465 (TLS) and 587 (STARTTLS), not on port 25; IMAP uses port 993 ' +
        '(TLS) or 143. Without TLS, passwords go over the network in clear text: only ' +
        'configure that on otherwise secured connections, like a VPN.',
    )
    .action(async (domain: string) => {
      const d = tryParseDomain(domain);
      if (!d) fatal(`parsing domain ${JSON.stringify(domain)}: invalid domain`);
      let conf: LoadedConfig;
      try {
        conf = await loadConfig(configPath(global()), { checkFiles: false });
      } catch (err) {
        fatal(err instanceof ConfigError ? `loading config:\n${err.message}` : (err as Error).message);
      }
      const rows = clientConfigRows(conf, [d.ascii, d.unicode]);
      if (!rows) fatal('getting client config: unknown domain');
      process.stdout.write(formatClientConfig(rows));
    });
}

/** One line of `mox clientconfig`. */
export interface ClientConfigRow {
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
  readonly listener: string;
  readonly note: string;
}

/**
 * The client settings for a configured domain, per listener (sorted by name) as mox lists
 * them; undefined for a domain that is not configured. `names` are spellings of the domain
 * (ASCII and Unicode) to look up.
 */
export function clientConfigRows(conf: LoadedConfig, names: readonly string[]): ClientConfigRow[] | undefined {
  const domainName = names.find((n) => n !== '' && conf.dynamic.Domains[n] !== undefined);
  if (domainName === undefined) return undefined;
  const dom = conf.dynamic.Domains[domainName]!;
  const rows: ClientConfigRow[] = [];
  const starttls = (tls: boolean, required: boolean) => (!tls ? 'plain text, no STARTTLS configured' : required ? 'STARTTLS required' : 'STARTTLS optional');
  for (const name of Object.keys(conf.static.Listeners).sort()) {
    const l = conf.static.Listeners[name]!;
    const host = dom.ClientSettingsDomain || l.Hostname || conf.static.Hostname;
    const tls = l.TLS !== undefined;
    if (l.Submissions.Enabled) {
      const note = 'with TLS' + (l.Submissions.EnabledOnHTTPS ? '; also served on port 443 with TLS ALPN "smtp"' : '');
      rows.push({ protocol: 'Submission (SMTP)', host, port: l.Submissions.Port, listener: name, note });
    }
    if (l.IMAPS.Enabled) {
      const note = 'with TLS' + (l.IMAPS.EnabledOnHTTPS ? '; also served on port 443 with TLS ALPN "imap"' : '');
      rows.push({ protocol: 'IMAP', host, port: l.IMAPS.Port, listener: name, note });
    }
    if (l.Submission.Enabled) {
      rows.push({ protocol: 'Submission (SMTP)', host, port: l.Submission.Port, listener: name, note: starttls(tls, !l.Submission.NoRequireSTARTTLS) });
    }
    if (l.IMAP.Enabled) {
      // Deviation (mox v0.0.15 shows the IMAPS port here when one is set): the IMAP port.
      rows.push({ protocol: 'IMAP', host, port: l.IMAP.Port, listener: name, note: starttls(tls, !l.IMAP.NoRequireSTARTTLS) });
    }
  }
  return rows;
}

/** The table and advice `mox clientconfig` prints. */
export function formatClientConfig(rows: readonly ClientConfigRow[]): string {
  const line = (p: string, h: string, port: string, l: string, n: string) => `${p.padEnd(20)} ${h.padEnd(30)} ${port.padStart(5)} ${l.padEnd(15)} ${n}\n`;
  let out = line('Protocol', 'Host', 'Port', 'Listener', 'Note');
  for (const r of rows) out += line(r.protocol, r.host, String(r.port), r.listener, r.note);
  out +=
    '\nConfigure clients explicitly with the most secure authentication mechanism they\n' +
    'support, so a man in the middle cannot downgrade them into sending plain text\n' +
    'passwords. Use the first of: SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS, SCRAM-SHA-256,\n' +
    'SCRAM-SHA-1, CRAM-MD5.\n';
  return out;
}

/**
 * The licenses: this package's, then those of the npm packages it depends on (directly or
 * not) as found in node_modules, each under a `# name` line.
 */
export function licensesText(): string {
  const root = packageRoot();
  if (root === undefined) return 'mox-ts: MIT license\n';
  const out: string[] = [];
  const own = licenseFile(root) ?? `License: ${readPkg(root)?.license ?? 'unknown'}`;
  out.push(`# mox-ts\n\n${own}\n`);
  const seen = new Set<string>();
  const queue = Object.keys(readPkg(root)?.dependencies ?? {});
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = join(root, 'node_modules', name);
    const pkg = readPkg(dir);
    if (!pkg) continue;
    queue.push(...Object.keys(pkg.dependencies ?? {}));
    const text = licenseFile(dir) ?? `License: ${pkg.license ?? 'unknown'}`;
    out.push(`# ${name}\n\n${text.trimEnd()}\n`);
  }
  return out.join('\n');
}

function readPkg(dir: string): { dependencies?: Record<string, string>; license?: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; license?: string };
  } catch {
    return undefined;
  }
}

function licenseFile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const f = readdirSync(dir).find((n) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(n));
  return f === undefined ? undefined : readFileSync(join(dir, f), 'utf8').trimEnd();
}
