import { readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import { SystemClock, type Clock } from '../clock/index.js';
import { ConfigError, formatProblem, loadConfig, reloadDynamic, watchConfigFile, writeDynamic, type ConfigWatcher, type Dynamic, type LoadedConfig } from '../config/index.js';
import { fsyncDir, writeDurable } from '../io/index.js';
import { Bus, CidSource, type Service } from '../events/index.js';
import { parseDomain } from '../dns/index.js';
import { LogRouter, StreamSink, parseLevel, type LogLevel, type LogSink, type Logger } from '../log/index.js';
import { LoopbackTransport, Queue, QueueAdmin, recoverInterrupted, type QueuedMsg } from '../queue/index.js';
import { deriveSecrets, PasswordCache, verifyPassword } from '../sasl/index.js';
import { ReceivedIdCodec } from '../smtp/index.js';
import { Store } from '../store/index.js';
import { AddressIndex, type AddressTarget } from './addresses.js';
import { AuthLimiter, ConnectionLimiter, isLoopback } from './limiter.js';
import { startListeners, type Closable } from './bind.js';
import { planListeners, type PortsOption } from './listeners.js';
import { engineMetrics } from './metrics.js';
import { localserveAccount } from './profiles/localserve-config.js';
import { localserveChecks, localserveFallback, localservePolicy } from './profiles/localserve.js';
import { makeSmtpPorts } from './smtp-ports.js';
import { makeWebapiPorts } from './webapi-ports.js';
import { CtlServer } from '../ctl/index.js';
import { ctlHandlers } from './ctl/index.js';
import { tuiCallCommand } from './ctl/tui.js';
import { lockDataDir } from './lock.js';
import type { ImapPorts } from '../imapserver/index.js';
import type { SmtpPorts } from '../smtpserver/index.js';
import type { HttpRoute } from '../http/index.js';
import { HookDispatcher, HttpHookPoster } from '../webhook/index.js';
import { accountHooks } from './webhooks.js';
import { MailCatcher } from './fixture/catcher.js';
import { fixtureRoute } from './fixture/http.js';

/** How to start an engine. */
export interface EngineOptions {
  /** Path of mox.conf (domains.conf is next to it). */
  configPath: string;
  profile: 'localserve' | 'serve';
  clock?: Clock;
  /** Overrides the config's LogLevel. */
  logLevel?: LogLevel;
  /** Where logs go; stderr by default. */
  logSinks?: LogSink[];
  ports?: PortsOption;
  /** Recent events kept for late subscribers (TUI attach). */
  backlog?: number;
  /** Called after a stop requested over ctl ("mox stop") has finished. */
  onStopped?: () => void;
  /** Version for the webhook User-Agent ("mox/<version> (webhook)"). */
  version?: string;
  /** Watch domains.conf and apply edits while running (default true). */
  watchConfig?: boolean;
  /**
   * localserve: derived secrets (JSON) to store for the account's password when it has none
   * yet, instead of deriving them (about 0.1 s of bcrypt); the CI fixture caches them.
   */
  localserveSecrets?: string;
}

/** A bound listener, as reported to users and tests. */
export interface BoundService {
  listener: string;
  service: Service;
  host: string;
  port: number;
}

/**
 * One running mail server: config, store, queue, listeners, metrics and the event bus. The
 * profile (localserve or serve) only chooses policies and the queue's delivery transport.
 */
export class Engine {
  private closables: Closable[] = [];
  private bound: BoundService[] = [];
  private stopping: Promise<void> | undefined;
  private metricsStop: () => void = () => undefined;
  readonly loopback = new Map<number, QueuedMsg[]>();
  registry!: Registry;
  store!: Store;
  queue!: Queue;
  /** Delivers queued webhooks. */
  webhooks!: HookDispatcher;
  /** localserve: lists and waits for the account's messages (the CI fixture). */
  catcher?: MailCatcher;
  private addressIndex!: AddressIndex;
  private current: LoadedConfig;
  private reloading: Promise<void> = Promise.resolve();
  private watcher: ConfigWatcher | undefined;

  /** Address lookups for the config in effect (replaced when domains.conf changes). */
  get addresses(): AddressIndex {
    return this.addressIndex;
  }

  /** The config in effect: domains.conf changes replace it while running. */
  get config(): LoadedConfig {
    return this.current;
  }

  private constructor(
    readonly opts: EngineOptions,
    config: LoadedConfig,
    readonly clock: Clock,
    readonly bus: Bus,
    readonly logs: LogRouter,
    readonly log: Logger,
  ) {
    this.current = config;
  }

  /** Loads the config, opens storage, binds every listener and starts the queue. */
  static async start(opts: EngineOptions): Promise<Engine> {
    const clock = opts.clock ?? new SystemClock();
    const config = await loadConfig(opts.configPath);
    const level = opts.logLevel ?? parseLevel(config.static.LogLevel) ?? 'debug';
    const logs = new LogRouter({ level, now: () => clock.now(), sinks: opts.logSinks ?? [new StreamSink(process.stderr)] });
    const log = logs.logger('mox');
    const bus = new Bus({
      now: () => clock.now(),
      backlog: opts.backlog ?? 1000,
      noBacklog: ['smtp.line', 'imap.line', 'log.record'],
      onListenerError: (err, type) => log.error('event listener failed', { type, err }),
    });
    const e = new Engine(opts, config, clock, bus, logs, log);
    try {
      await e.open();
    } catch (err) {
      await e.stop('start failed');
      throw err;
    }
    return e;
  }

  private async open(): Promise<void> {
    const { static: conf, dynamic } = this.config;
    const dataDir = conf.DataDir;
    // One process per data directory: taken before any database is opened.
    const unlock = await lockDataDir(dataDir);
    this.closables.push({ close: unlock });
    this.addressIndex = new AddressIndex(dynamic);
    this.store = new Store({ dataDir, clock: this.clock, bus: this.bus, log: this.logs.logger('store') });
    this.closables.push({ close: () => this.store.close() });
    if (this.opts.profile === 'localserve') await this.ensureLocalserveAccount();

    // Set once the incoming SMTP listener is bound (its port may be chosen at bind time).
    const smtpPort = { value: 0, host: '127.0.0.1' };
    this.queue = await Queue.open({
      dataDir,
      clock: this.clock,
      bus: this.bus,
      log: this.logs.logger('queue'),
      keepRetired: (account) => {
        const acc = this.config.dynamic.Accounts[account] as { KeepRetiredMessagePeriod?: number } | undefined;
        return acc ? (acc.KeepRetiredMessagePeriod ?? 0) : 7 * 24 * 3600_000;
      },
      hostname: parseDomain(conf.Hostname).ascii,
      deliverDsn: (account, message) => this.deliverDsn(account, message),
      transportFor: () => loopback,
      // All localserve mail goes to ourselves: no need for mox's one-delivery-per-domain.
      onePerDomain: this.opts.profile !== 'localserve',
      webhookConfig: (account) => accountHooks(this.config, account),
    });
    const poster = new HttpHookPoster({ version: this.opts.version ?? 'dev' });
    this.webhooks = new HookDispatcher({ hooks: this.queue.hooks, post: poster.post, log: this.logs.logger('webhook') });
    const loopback = new LoopbackTransport({
      target: () => ({ host: smtpPort.host, port: smtpPort.value }),
      log: this.logs.logger('queue'),
      onConnect: (localPort, msgs) => {
        this.loopback.set(localPort, msgs);
        return () => this.loopback.delete(localPort);
      },
    });
    // Closed in reverse: the queue stops (no more deliveries) before idle connections close.
    // Webhooks stop before the queue closes its (shared) database.
    this.closables.push({ close: () => loopback.close() }, { close: () => this.queue.close() }, { close: () => this.webhooks.stop().finally(() => poster.close()) });

    const metrics = engineMetrics(this.bus, () => this.queue.count());
    this.registry = metrics.registry;
    this.metricsStop = metrics.stop;

    const receivedIds = new ReceivedIdCodec(await this.receivedIdKey(dataDir));
    const limiter = new AuthLimiter(this.clock);
    // localserve: clients on this machine (test suites) are not limited; others are, as in mox.
    const connections = new ConnectionLimiter(this.clock, this.opts.profile === 'localserve' ? isLoopback : () => false);
    const saslUnknownUserKey = randomBytes(32);
    const passwordCache = new PasswordCache(this.clock);
    const smtpPorts = makeSmtpPorts({
      clock: this.clock,
      store: this.store,
      queue: this.queue,
      addresses: () => this.addressIndex,
      receivedIds,
      limiter,
      connections,
      policy: localservePolicy(this.bus),
      checkIncoming: localserveChecks,
      fallbackRecipient: this.opts.profile === 'localserve' ? localserveFallback : undefined,
      loopback: this.loopback,
      log: this.logs.logger('queue'),
      fromIdLoginAddresses: (account) => this.config.dynamic.Accounts[account]?.FromIDLoginAddresses ?? [],
      saslUnknownUserKey,
      passwordCache,
    });
    const imapPorts: ImapPorts = {
      clock: this.clock,
      saslLookup: smtpPorts.saslLookup,
      saslUnknownUserKey,
      passwordCache,
      account: (name) => this.store.account(name),
      // mox's Account.QuotaMessageSize: the account's limit unless 0, else mox.conf's default;
      // negative means none.
      quota: (name) => {
        const own = this.config.dynamic.Accounts[name]?.QuotaMessageSize ?? 0;
        const size = own !== 0 ? own : (this.config.static.QuotaMessageSize ?? 0);
        return Math.max(0, size);
      },
      connectionOpened: (ip) => connections.opened(ip),
      tlsClientKey: (fp) => {
        const k = this.store.auth().tlsPublicKey(fp);
        return k ? { username: k.loginAddress, account: k.account, noPreauth: k.noImapPreauth } : null;
      },
      // NOTIFY INBOXES (RFC 5465 §6.3): mailboxes incoming mail is delivered to, not mailing lists.
      inboxMailboxes: (account) => {
        const acc = this.config.dynamic.Accounts[account];
        const out = new Set<string>(['Inbox']);
        for (const d of Object.values(acc?.Destinations ?? {})) {
          if (d.Mailbox) out.add(d.Mailbox);
          for (const r of d.Rulesets ?? []) if (!r.ListAllowDomain) out.add(r.Mailbox);
        }
        return [...out];
      },
      authAllowed: (ip) => limiter.allowed(ip),
      authFailed: (ip) => limiter.failed(ip),
      authSucceeded: (ip) => limiter.succeeded(ip),
    };
    const cids = new CidSource(this.clock.now());
    const webapiPorts = makeWebapiPorts({
      clock: this.clock,
      config: () => this.config,
      store: this.store,
      queue: this.queue,
      addresses: () => this.addressIndex,
      cids,
      receivedIds,
      limiter,
      saslLookup: smtpPorts.saslLookup,
      passwordCache,
    });
    const fixtureStop = new AbortController();
    const extraRoutes: HttpRoute[] = [];
    if (this.opts.profile === 'localserve') {
      this.catcher = new MailCatcher({ store: this.store, bus: this.bus, account: localserveAccount.name });
      extraRoutes.push(this.fixtureRoute(this.catcher, fixtureStop.signal, smtpPorts.saslLookup, passwordCache));
    }
    const planned = await planListeners(conf, this.opts.ports ?? 'config');
    const started = await startListeners(planned, {
      cids,
      webapiPorts,
      bus: this.bus,
      logs: this.logs,
      smtpPorts,
      imapPorts,
      registry: () => this.registry,
      hostname: conf.Hostname,
      extraRoutes,
    });
    this.closables.push(...started.closables);
    // Closed before the listeners: fixture waits end, so their connections can close.
    this.closables.push({ close: async () => fixtureStop.abort(new Error('stopping')) });
    this.bound = started.bound;
    for (const b of this.bound) this.bus.emit('engine.listening', b);
    // The queue delivers localserve mail to our own incoming SMTP listener (as mox does).
    const smtp = this.bound.find((b) => b.service === 'smtp');
    if (smtp) {
      smtpPort.value = smtp.port;
      smtpPort.host = smtp.host;
    }
    await this.recover();
    // The ctl socket for `mox …` commands against this running instance.
    const ctl = new CtlServer({
      path: join(dataDir, 'ctl'),
      log: this.logs.logger('ctl'),
      handlers: ctlHandlers(this, () => void this.stop('ctl stop').then(() => this.opts.onStopped?.())),
      clock: this.clock,
      // An attached terminal UI polls with tuicall; its calls would fill the log.
      quietCommands: new Set([tuiCallCommand]),
    });
    await ctl.listen();
    this.closables.push({ close: () => ctl.close() });
    this.queue.start();
    this.webhooks.start();
    if (this.opts.watchConfig ?? true) await this.watchConfig();
    this.bus.emit('engine.started', { profile: this.opts.profile, dataDir });
  }

  /** The CI fixture's HTTP endpoints, for the localserve account only. */
  private fixtureRoute(catcher: MailCatcher, stopping: AbortSignal, lookup: SmtpPorts['saslLookup'], cache: PasswordCache) {
    const admin = new QueueAdmin(this.queue);
    return fixtureRoute({
      catcher,
      stopping,
      async authenticate(username, password) {
        const found = await lookup(username);
        return found?.account === localserveAccount.name && (await verifyPassword(found.secrets, password, cache));
      },
      queue: () => admin.list({}, { field: 'queued', asc: true }),
      retired: () => admin.retiredList({}, { field: 'queued', asc: true }),
      webhooks: () => ({ queued: this.queue.hooks.list(), retired: this.queue.hooks.retiredList() }),
    });
  }

  /**
   * Resolves delivery attempts a crash interrupted: a message the receiving account already
   * stored (found by its delivery key) is retired as delivered; the rest are retried now.
   */
  private async recover(): Promise<void> {
    const r = await recoverInterrupted(this.queue, async (m) => {
      const t: AddressTarget | undefined =
        this.addressIndex.recipient(m.recipientLocalpart, m.recipientDomain) ??
        (this.opts.profile === 'localserve' ? localserveFallback : undefined);
      // Deliveries to aliases are retried (the members' copies are not tracked by one key).
      if (!t || t.alias) return false;
      const acc = await this.store.account(t.account);
      const found = acc.messageByDeliveryKey(`queue:${m.id}`);
      if (!found) return false;
      // The crash may have come before its webhook was queued (this is idempotent).
      await this.queue
        .incoming({
          account: t.account,
          rcptLocalpart: m.recipientLocalpart,
          rcptDomain: m.recipientDomain,
          separator: this.addressIndex.fromIdSeparator(m.recipientDomain),
          message: await acc.readMessage(found.id),
          msgId: found.id,
          mailFrom: found.mailFrom,
          rcptTo: found.rcptTo,
          remoteIp: found.remoteIp,
          received: found.received,
          mailboxName: acc.mailboxById(found.mailboxId)?.name ?? t.mailbox,
        })
        .catch((err) => this.log.error('queueing webhook for recovered delivery', { msgId: m.id, err }));
      return true;
    });
    if (r.delivered || r.retried) this.log.info('recovered interrupted deliveries', r);
  }

  /** Applies edits of domains.conf while running; bad edits are refused (logged, old config kept). */
  private async watchConfig(): Promise<void> {
    const text = await readFile(this.config.dynamicPath, 'utf8').catch(() => undefined);
    const w = watchConfigFile(this.config.dynamicPath, text, (t) => void this.reloadConfig(t));
    this.watcher = w;
    this.closables.push({ close: () => w.close() });
    await w.ready;
  }

  /**
   * Changes domains.conf as an admin command does: `modify` gets a copy of the file's current
   * content (as written, no defaults) and returns the new one; it is checked as at startup,
   * written atomically (temporary file, fsync, rename) and applied at once. Changes run one
   * after another (each sees the previous one). A bad result throws "writing domains.conf:
   * <problems>" and nothing is written; errors thrown by `modify` pass unchanged.
   */
  updateDynamic(modify: (current: Dynamic, config: LoadedConfig) => Dynamic | Promise<Dynamic>): Promise<LoadedConfig> {
    const run = this.reloading.then(async () => {
      const next = await modify(structuredClone(this.current.raw.dynamic) as Dynamic, this.current);
      let text: string;
      let loaded: LoadedConfig;
      try {
        text = writeDynamic(next);
        loaded = await reloadDynamic(this.current, { text });
      } catch (err) {
        // Several problems on one line, separated by "; " as mox does (ctl replies are one line).
        if (err instanceof ConfigError) throw new Error(`writing domains.conf: ${err.problems.map(formatProblem).join('; ') || err.message}`, { cause: err });
        throw err;
      }
      const path = this.current.dynamicPath;
      const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeDurable(tmp, Buffer.from(text, 'utf8'), { syncDir: false });
        await rename(tmp, path);
        await fsyncDir(dirname(path));
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw new Error(`writing domains.conf: ${(err as Error).message}`, { cause: err });
      }
      this.watcher?.written(text);
      this.apply(loaded);
      return loaded;
    });
    this.reloading = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Replaces domains.conf with `next` (see {@link Engine.updateDynamic}). */
  saveDynamic(next: Dynamic): Promise<LoadedConfig> {
    return this.updateDynamic(() => next);
  }

  private apply(next: LoadedConfig): void {
    this.current = next;
    this.addressIndex = new AddressIndex(next.dynamic);
    this.log.info('domains.conf reloaded', { path: next.dynamicPath });
    this.bus.emit('engine.configReloaded', { ok: true });
  }

  /**
   * Loads domains.conf again (or `text` as its content) and applies it: accounts, addresses
   * and webhook settings take effect for what happens next. A bad config is refused with a
   * logged error and an engine.configReloaded event; the old config stays. Resolves with
   * whether the new config was applied.
   */
  reloadConfig(text?: string): Promise<boolean> {
    const run = this.reloading.then(async () => {
      try {
        this.apply(await reloadDynamic(this.current, { text }));
        return true;
      } catch (err) {
        this.log.error('domains.conf change refused, keeping the current config', { err: err instanceof Error ? err.message : String(err) });
        this.bus.emit('engine.configReloaded', { ok: false, error: err instanceof Error ? err.message : String(err) });
        return false;
      }
    });
    this.reloading = run.then(() => undefined);
    return run;
  }

  /**
   * Stores a DSN in the sending account's Inbox, flagged as DSN (mox delivers them directly,
   * not over SMTP); to the postmaster account when the sender's account is gone.
   */
  private async deliverDsn(account: string, message: Buffer): Promise<void> {
    const pm = this.config.static.Postmaster as { Account: string; Mailbox: string };
    const known = account in this.config.dynamic.Accounts;
    const acc = await this.store.account(known ? account : pm.Account);
    await acc.deliver({ mailbox: known ? 'Inbox' : pm.Mailbox || 'Inbox', data: [message], dsn: true, mailFrom: '', rcptTo: '' });
  }

  /**
   * localserve's account: its Rejects mailbox (mox creates it for the account's
   * RejectsMailbox) and its password (moxmoxmox), stored as derived secrets only.
   */
  private async ensureLocalserveAccount(): Promise<void> {
    const acc = await this.store.account(localserveAccount.name);
    const rejects = (this.config.dynamic.Accounts[localserveAccount.name] as { RejectsMailbox?: string } | undefined)?.RejectsMailbox;
    if (rejects && !acc.mailbox(rejects)) acc.createMailbox(rejects);
    if (acc.secrets()) return await acc.durable();
    acc.setSecrets(this.opts.localserveSecrets ?? JSON.stringify(await deriveSecrets(localserveAccount.password)));
    await acc.durable();
  }

  /** The 24-byte received-id key; random for this run when missing or bad (as mox). */
  private async receivedIdKey(dataDir: string): Promise<Buffer> {
    try {
      const b = await readFile(join(dataDir, 'receivedid.key'));
      if (b.length === 24) return b;
      this.log.error('reading receivedid.key', { err: `bad length ${b.length}, need 24` });
    } catch (err) {
      this.log.error('reading receivedid.key', { err });
    }
    return randomBytes(24);
  }

  /** The bound listeners (after port 0, the real ports). */
  services(): BoundService[] {
    return [...this.bound];
  }

  /** The first bound port of a service, or undefined. */
  port(service: Service): number | undefined {
    return this.bound.find((b) => b.service === service)?.port;
  }

  /**
   * Shuts down: listeners stop accepting and tell connected clients (SMTP 421, IMAP BYE),
   * running deliveries finish or abort, storage closes. Resolves within about 3 seconds.
   */
  stop(reason = 'stop'): Promise<void> {
    this.stopping ??= (async () => {
      this.bus.emit('engine.stopping', { reason });
      this.metricsStop();
      const closables = this.closables.reverse();
      this.closables = [];
      for (const c of closables) {
        try {
          await c.close();
        } catch (err) {
          this.log.error('shutting down', { err });
        }
      }
      this.bus.emit('engine.stopped', {});
    })();
    return this.stopping;
  }
}

