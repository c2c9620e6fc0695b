import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { tmpdir } from 'node:os';
import { ConfigError, parseDynamic } from '../config/index.js';
import {
  DataDirLockedError,
  Engine,
  ListenError,
  initLocalserveDir,
  localserveAccount,
  localserveBanner,
  localserveFiles,
  localserveInfo,
  makeTempLocalserveDir,
  removeOnExit,
  sweepStaleDirs,
  webhookSetting,
  type LocalserveWebhooks,
  type PortsOption,
} from '../engine/index.js';
import { parseLevel, StreamSink } from '../log/index.js';
import { packageVersion, platform } from './version.js';
import { fatal, type GlobalOptions } from './util.js';
import { watchNpmParent } from './npm-parent.js';
import { BusLogSink, canRunTui, loadTui } from './tui.js';

/** The default localserve directory: the user's config dir + /mox-localserve, as mox. */
export function defaultLocalserveDir(): string {
  const env = process.env;
  let base: string;
  if (process.platform === 'darwin') base = join(homedir(), 'Library', 'Application Support');
  else if (process.platform === 'win32') base = env.AppData ?? '.';
  else base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'mox-localserve');
}

interface LocalserveOptions {
  dir?: string;
  ip?: string;
  initonly?: boolean;
  tui: boolean;
  ports?: string;
  portsBase?: string;
  webhookOutgoing?: string;
  webhookIncoming?: string;
  json?: boolean;
  ephemeral?: boolean;
}

/** Adds `mox localserve`. */
export function localserveCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('localserve')
    .summary('start a local test mail server, with a config written on first start')
    .description(
      'Start a mail server for developing and testing apps that send email. On first start, a ' +
        'config directory is created with an account mox@localhost (password moxmoxmox) and a ' +
        'self-signed TLS certificate. Services listen on localhost, on their usual port + 1000. ' +
        'Submitted messages go through the real queue and are delivered back to the mox account, ' +
        'unless the recipient address asks for a simulated failure (see the startup text).',
    )
    .option('--dir <dir>', 'configuration storage directory', defaultLocalserveDir())
    .option('--ip <ip>', 'serve on this ip instead of 127.0.0.1 and ::1; only used when writing a new config')
    .option('--initonly', 'write configuration files and exit')
    .option('--no-tui', 'no terminal user interface, plain log output (the default when stdout is not a terminal)')
    .option('--ports <mode>', 'port choice: "config" (default) or "0" for free ports, printed at startup')
    .option('--ports-base <n>', 'listen on <n>+25, <n>+587, ... instead of 1025, 1587, ...')
    .option(
      '--webhook-outgoing <url>',
      'send webhooks about outgoing deliveries (delivered, delayed, failed, ...) of the mox account to this http(s) URL; ' +
        'user:password in the URL becomes a basic Authorization header; written to domains.conf when creating the config',
    )
    .option('--json', 'when ready, print one JSON line to stdout with the directory, ports, credentials and URLs (nothing else goes to stdout)')
    .option('--ephemeral', 'use a new temporary directory, removed at exit; implies -ports 0 unless -ports or -ports-base is given')
    .option('--webhook-incoming <url>', 'send a webhook for each message delivered to the mox account to this http(s) URL; user:password in the URL becomes a basic Authorization header; written to domains.conf when creating the config')
    .action(async (opts: LocalserveOptions, cmd: Command) => {
      if (opts.ephemeral && cmd.getOptionValueSource('dir') === 'cli') fatal('cannot use -ephemeral with -dir');
      await runLocalserve(opts, global());
    });
}

async function runLocalserve(opts: LocalserveOptions, g: GlobalOptions): Promise<void> {
  let dir = resolve(opts.dir ?? defaultLocalserveDir());
  const now = Date.now();
  const uid = process.getuid?.() ?? 1;
  const webhooks = webhookFlags(opts);
  // -ephemeral: a temporary directory (see the CI fixture), removed at exit; directories of
  // earlier runs that were killed are removed first.
  let accountSecrets: string | undefined;
  if (opts.ephemeral) {
    if (opts.initonly) fatal('cannot use -ephemeral with -initonly');
    await sweepStaleDirs(tmpdir());
    const made = await makeTempLocalserveDir({ tmp: tmpdir(), now, uid, webhooks, ip: opts.ip }).catch((e) => fatal(`creating mox localserve config: ${(e as Error).message}`));
    dir = made.dir;
    accountSecrets = made.accountSecrets;
    removeOnExit(dir, { signals: false });
    if (opts.ports === undefined && opts.portsBase === undefined) opts.ports = '0';
  }
  if (opts.initonly) {
    if (existsSync(dir)) console.error('warning: directory for configuration files already exists, continuing');
    console.error(`creating mox localserve config; dir=${dir}`);
    await initLocalserveDir(dir, { ip: opts.ip, now, uid, webhooks }).catch((e) => fatal(`creating mox localserve config: ${(e as Error).message}`));
    return;
  }
  let newDir = false;
  // Better than mox: an empty directory (e.g. from mkdtemp in a test) counts as new.
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    await initLocalserveDir(dir, { ip: opts.ip, now, uid, webhooks }).catch((e) => fatal(`creating mox localserve config: ${(e as Error).message}`));
    console.error(`config created in ${dir}`);
    newDir = true;
  } else if (opts.ephemeral) {
    newDir = true;
  } else if (opts.ip) {
    fatal('can only use -ip when writing a new config file');
  } else {
    checkWebhookFlags(dir, webhooks);
  }
  const logLevel = g.loglevel ? parseLevel(g.loglevel) : undefined;
  if (g.loglevel && !logLevel) fatal(`unknown loglevel ${JSON.stringify(g.loglevel)}`);
  let ports: PortsOption = 'config';
  if (opts.ports !== undefined) {
    if (opts.ports === '0' || opts.ports === 'free') ports = 'free';
    else if (opts.ports !== 'config') fatal(`bad -ports value ${JSON.stringify(opts.ports)}, want "config" or "0"`);
  }
  if (opts.portsBase !== undefined) {
    const n = Number(opts.portsBase);
    if (!Number.isInteger(n) || n < 0 || n > 65000) fatal(`bad -ports-base value ${JSON.stringify(opts.portsBase)}`);
    ports = { base: n };
  }
  // Signals are handled from before the start, so one that arrives right after the banner
  // (or during startup) shuts down cleanly instead of killing the process.
  const signals = onSignals();
  // The terminal UI when stdout is a terminal and -no-tui is not given; then logs go to the
  // UI's Log view, never over the screen.
  // -json owns stdout (one line for a test harness): no terminal UI then.
  const tui = opts.tui !== false && !opts.json && canRunTui();
  // Log records also go on the event bus, for an attached `mox tui` (its Log view); without
  // the UI here they are written to stderr as well, and none are kept for a replay.
  const logSink = tui ? new BusLogSink() : new BusLogSink(0);
  let stoppedByCtl!: () => void;
  const stopped = new Promise<void>((r) => {
    stoppedByCtl = r;
  });
  let engine: Engine;
  try {
    // "mox stop" over the ctl socket: exit 0 once stopped (mox).
    engine = await Engine.start({
      configPath: join(dir, 'mox.conf'),
      profile: 'localserve',
      logLevel,
      ports,
      version: packageVersion(),
      onStopped: () => (tui ? stoppedByCtl() : process.exit(0)),
      logSinks: tui ? [logSink] : [new StreamSink(process.stderr), logSink],
      localserveSecrets: accountSecrets,
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      fatal(`loading mox localserve config (hint: when creating a new config with -dir, the directory must not yet exist):\n${e.message}`);
    }
    if (e instanceof ListenError || e instanceof DataDirLockedError) fatal(e.message);
    throw e;
  }
  const banner = localserveBanner({
    version: packageVersion(),
    platform: platform(),
    dir,
    certFile: join(dir, localserveFiles.cert),
    services: engine.services(),
    newDir,
    webhooks: {
      outgoing: engine.config.dynamic.Accounts[localserveAccount.name]?.OutgoingWebhook?.URL,
      incoming: engine.config.dynamic.Accounts[localserveAccount.name]?.IncomingWebhook?.URL,
    },
  });
  logSink.attach(engine.bus);
  if (tui) {
    for (const line of banner.split('\n')) if (line.trim()) logSink.write({ time: Date.now(), level: 'info', pkg: 'localserve', msg: line, attrs: {} });
    const { inProcessClient, runTui } = await loadTui();
    // q stops the server (runTui closes the in-process client); so do signals and `mox stop`.
    await runTui({ client: inProcessClient(engine, { replay: () => logSink.recent() }), until: stopped });
    await engine.stop('quit').catch(() => undefined);
    process.exit(0);
  }
  console.error(banner);
  // For test suites in any language: one line with everything needed to connect.
  if (opts.json) process.stdout.write(JSON.stringify(localserveInfo(engine, dir)) + '\n');
  const sig = await signals;
  console.error(`shutting down, waiting max 3s for existing connections; signal=${sig}`);
  const code = sig === 'SIGINT' ? 2 : 15;
  const hard = setTimeout(() => process.exit(code), 3000);
  hard.unref();
  await engine.stop(`signal ${sig}`).catch(() => undefined);
  process.exit(code);
}

/** The -webhook-outgoing and -webhook-incoming URLs, checked to be http(s) URLs. */
function webhookFlags(opts: LocalserveOptions): LocalserveWebhooks {
  const check = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      fatal(`bad -${flag} value ${JSON.stringify(v)}: not a URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') fatal(`bad -${flag} value ${JSON.stringify(v)}: must be an http or https URL`);
    return v;
  };
  return { outgoing: check('webhook-outgoing', opts.webhookOutgoing), incoming: check('webhook-incoming', opts.webhookIncoming) };
}

/**
 * With an existing config, the webhook flags must match what domains.conf says (they are
 * only written when creating the config); the place to change them is domains.conf, which
 * is applied while running.
 */
function checkWebhookFlags(dir: string, w: LocalserveWebhooks): void {
  if (!w.outgoing && !w.incoming) return;
  let acc: Record<string, { URL?: string; Authorization?: string } | undefined> | undefined;
  try {
    const d = parseDynamic(readFileSync(join(dir, 'domains.conf'), 'utf8'), join(dir, 'domains.conf'));
    acc = (d.Accounts as unknown as Record<string, typeof acc>)[localserveAccount.name];
  } catch {
    return; // Loading reports the problem.
  }
  const same = (flag: string, key: string, url: string | undefined) => {
    if (url === undefined) return;
    const want = webhookSetting(url);
    const have = acc?.[key];
    if (have?.URL === want.URL && (have.Authorization ?? '') === (want.Authorization ?? '')) return;
    fatal(
      `-${flag} differs from ${key} of account ${localserveAccount.name} in ${join(dir, 'domains.conf')}; the flag is only used ` +
        'when creating a new config: edit domains.conf instead (changes apply while running), or use a new -dir',
    );
  };
  same('webhook-outgoing', 'OutgoingWebhook', w.outgoing);
  same('webhook-incoming', 'IncomingWebhook', w.incoming);
}

/**
 * Resolves with the first SIGINT or SIGTERM. A signal during startup is remembered and acted
 * on once the engine runs.
 */
function onSignals(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (sig: NodeJS.Signals) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(sig);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    // `kill <npx pid>` does not reach us; treat npm going away as SIGTERM.
    watchNpmParent(() => handler('SIGTERM'));
  });
}
