import { link, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../clock/index.js';
import type { Bus } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { GroupCommit, ensureDir, fsyncDir, writeSynced } from '../io/index.js';
import { messagePath, openLibsql, type SqlDb } from '../store/index.js';
import { migrateQueue } from './schema.js';
import { msgFromRow, recipientAddress, senderAddress } from './rows.js';
import { Scheduler } from './scheduler.js';
import { holdRuleMatches, listHoldRules } from './holdrules.js';
import { QueueAdmin } from './admin.js';
import type { AddRequest, DsnInfo, HoldRule, QueuedMsg, Transport } from './types.js';
import { Suppressions } from './suppression.js';
import { WebhookQueue, type AccountHooks } from '../webhook/index.js';
import { processIncoming, type IncomingDelivery } from './incoming.js';

/** Collaborators of the queue. */
export interface QueueDeps {
  dataDir: string;
  clock: Clock;
  bus: Bus;
  log: Logger;
  /** Picks how a message is delivered (localserve: loopback SMTP; serve: MX or a named transport). */
  transportFor(m: QueuedMsg): Transport;
  /** How long to keep retired messages of an account, in ms (KeepRetiredMessagePeriod; 0: don't keep). */
  keepRetired(account: string): number;
  /** Our host name (DSN Reporting-MTA, postmaster address). */
  hostname: string;
  /** Stores a DSN (the complete message) in the account that sent the queued message. */
  deliverDsn?(account: string, message: Buffer, d: DsnInfo): Promise<void>;
  /** Random numbers in [0, 1) for backoff jitter. */
  random?: () => number;
  /** Concurrent deliveries (mox: 10). */
  maxConcurrent?: number;
  /** At most one delivery per recipient domain at a time (mox; default true). */
  onePerDomain?: boolean;
  /**
   * An account's webhook settings (OutgoingWebhook, IncomingWebhook,
   * KeepRetiredWebhookPeriod), read when a hook is queued; undefined for an unknown account.
   * Without it, no webhooks are queued.
   */
  webhookConfig?: (account: string) => AccountHooks | undefined;
}

interface PendingAdd {
  req: AddRequest;
  ids: number[];
  size: number;
}

/**
 * The outgoing queue (queue/index.db plus one file per queued message, as mox). Messages are
 * added durably (file fsync, directory fsync, row commit) before the submitter's 250; a
 * scheduler on the injected clock delivers them with mox's retry schedule.
 */
export class Queue {
  readonly db: SqlDb;
  readonly dir: string;
  private nextId: number;
  private readonly commit: GroupCommit<PendingAdd, QueuedMsg[]>;
  readonly scheduler: Scheduler;
  readonly suppressions: Suppressions;
  /** The webhook queue (same database): outgoing hooks commit with the queue changes they report. */
  readonly hooks: WebhookQueue;

  private constructor(
    readonly deps: QueueDeps,
    db: SqlDb,
  ) {
    this.db = db;
    this.dir = join(deps.dataDir, 'queue');
    const r = db.prepare("SELECT max(coalesce((SELECT max(id) FROM msg), 0), coalesce((SELECT max(id) FROM msg_retired), 0)) + 1 AS a, coalesce((SELECT value FROM meta WHERE key = 'nextid'), 1) AS b").get()!;
    this.nextId = Math.max(Number(r.a), Number(r.b));
    this.commit = new GroupCommit(
      (items) => this.commitAdds(items),
      (items, results) => this.afterAdds(items, results),
      () => this.db.durable(),
    );
    this.scheduler = new Scheduler(this);
    this.suppressions = new Suppressions(db);
    this.hooks = new WebhookQueue(db, { clock: deps.clock, bus: deps.bus, config: (a) => deps.webhookConfig?.(a) });
  }

  /**
   * Processes a message just delivered to an account over SMTP for webhooks (mox's
   * queue.Incoming): a message to a fromid address of a retired message is matched to it (a
   * DSN, RFC 3464, becomes its outgoing event); any other message gets an incoming hook when
   * the account has an IncomingWebhook. Resolves once the hook is durable.
   */
  incoming(d: IncomingDelivery): Promise<void> {
    return processIncoming(this, d);
  }

  /** Opens (creating when new) the queue in `<dataDir>/queue`. Call {@link start} to deliver. */
  static async open(deps: QueueDeps): Promise<Queue> {
    const dir = join(deps.dataDir, 'queue');
    await ensureDir(dir);
    const db = openLibsql(join(dir, 'index.db'));
    migrateQueue(db);
    return new Queue(deps, db);
  }

  private readonly stopCleaner = new AbortController();
  private cleaner: Promise<void> | undefined;
  private cleaning: Promise<unknown> = Promise.resolve();

  /** Starts delivering due messages, and the cleaner of expired retired messages. */
  start(): void {
    this.scheduler.start();
    this.cleaner ??= this.cleanLoop();
  }

  /**
   * mox: retired messages past their keep period are removed 3s after start, then hourly. The
   * times are fixed from the start, so a slow cleanup does not shift the next one.
   */
  private async cleanLoop(): Promise<void> {
    const admin = new QueueAdmin(this);
    let next = this.deps.clock.now() + 3000;
    for (;;) {
      try {
        await this.deps.clock.sleep(Math.max(0, next - this.deps.clock.now()), this.stopCleaner.signal);
      } catch {
        return;
      }
      // After a long pause (suspend), one run, not one per missed hour.
      next = Math.max(next + 3600_000, this.deps.clock.now() + 1000);
      const run = admin.cleanupRetired().then(
        // Info, not debug: nothing is pruned silently (the account's KeepRetiredMessagePeriod).
        (n) => void (n && this.deps.log.info('removed retired messages past their KeepRetiredMessagePeriod', { count: n })),
        (err) => this.deps.log.error('cleaning up retired messages', { err }),
      );
      this.cleaning = run;
      await run;
    }
  }

  /** Resolves when a running cleanup of retired messages is done (tests on a manual clock). */
  async cleanerIdle(): Promise<void> {
    await this.cleaning;
    await new Promise((r) => setImmediate(r));
  }

  /** Removes a retired message's file (its row is durably gone). */
  async removeFile(id: number): Promise<void> {
    await unlink(this.messageFile(id)).catch(() => undefined);
  }

  /** Path of a queued message's file. */
  messageFile(id: number): string {
    return join(this.dir, messagePath(id));
  }

  /**
   * Adds a message for each recipient. Resolves with the new ids once the file and rows are
   * durable; only then may the submitter be told "250".
   */
  async add(req: AddRequest): Promise<number[]> {
    if (req.recipients.length === 0) throw new Error('no recipients');
    const ids = req.recipients.map(() => this.nextId++);
    const first = this.messageFile(ids[0]!);
    const size = await writeSynced(first, [req.data]);
    // Each recipient's message gets its own name for the file (a hard link), as mox does.
    const dirs = new Set([dirname(first)]);
    for (const id of ids.slice(1)) {
      const p = this.messageFile(id);
      await ensureDir(dirname(p));
      await link(first, p).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
        await unlink(p);
        await link(first, p);
      });
      dirs.add(dirname(p));
    }
    const extraDirs = [...dirs].slice(1);
    await Promise.all(extraDirs.map((d) => fsyncDir(d)));
    const msgs = await this.commit.add({ req, ids, size }, dirname(first));
    return msgs.map((m) => m.id);
  }

  private commitAdds(items: PendingAdd[]): QueuedMsg[][] {
    const now = this.deps.clock.now();
    return this.db.tx(() => {
      const rules = this.holdRules();
      let maxId = 0;
      const out = items.map(({ req, ids, size }) =>
        ids.map((id, i) => {
          const r = req.recipients[i]!;
          const fields = { account: req.account, senderDomainStr: req.sender.domainStr, recipientDomainStr: r.domainStr };
          const hold = rules.some((rule) => holdRuleMatches(rule, fields));
          maxId = Math.max(maxId, id);
          const row = this.db
            .prepare(
              `INSERT INTO msg (id, baseid, queued, hold, sender_account, sender_localpart, sender_domain, sender_domain_str, fromid,
                 recipient_localpart, recipient_domain, recipient_domain_str, next_attempt, has8bit, smtputf8, size, message_id,
                 msg_prefix, subject, transport, require_tls, future_release_request, extra)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
            )
            .get(
              id, ids.length > 1 ? ids[0]! : 0, now, hold ? 1 : 0, req.account, req.sender.localpart, req.sender.domain,
              req.sender.domainStr, req.fromId ?? '', r.localpart, r.domain, r.domainStr, req.futureRelease?.at ?? now,
              req.has8bit ? 1 : 0, req.smtputf8 ? 1 : 0, req.prefix.length + size, req.messageId, req.prefix, req.subject,
              req.transport ?? '', req.requireTls === null ? null : req.requireTls ? 1 : 0, req.futureRelease?.request ?? '',
              JSON.stringify(req.extra),
            )!;
          return msgFromRow(row);
        }),
      );
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('nextid', ?) ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)").run(maxId + 1);
      return out;
    });
  }

  private afterAdds(items: PendingAdd[], results: QueuedMsg[][]): void {
    items.forEach((it, i) => {
      const msgs = results[i]!;
      this.deps.bus.emit('queue.added', {
        msgIds: msgs.map((m) => m.id),
        cid: it.req.cid,
        account: it.req.account,
        from: senderAddress(msgs[0]!),
        to: msgs.map(recipientAddress),
        size: msgs[0]!.size,
        hold: msgs.some((m) => m.hold),
      });
    });
    this.scheduler.kick();
  }

  /** All hold rules. */
  holdRules(): HoldRule[] {
    return listHoldRules(this.db);
  }

  /** A queued message by id. */
  get(id: number): QueuedMsg | undefined {
    const r = this.db.prepare('SELECT * FROM msg WHERE id = ?').get(id);
    return r ? msgFromRow(r) : undefined;
  }

  /** All queued messages, by next attempt. */
  list(): QueuedMsg[] {
    return this.db.prepare('SELECT * FROM msg ORDER BY next_attempt, id').all().map(msgFromRow);
  }

  /** Number of queued messages. */
  count(): number {
    return Number(this.db.prepare('SELECT count(*) AS n FROM msg').get()!.n);
  }

  /** Stops the scheduler (waiting for running deliveries) and closes the database. */
  async close(): Promise<void> {
    this.stopCleaner.abort();
    await this.cleaner;
    await this.scheduler.stop();
    await this.commit.drain();
    this.db.close();
  }
}
