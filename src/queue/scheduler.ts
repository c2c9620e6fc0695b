import { readFile } from 'node:fs/promises';
import { backoffMs } from './backoff.js';
import { recordOutcome } from './outcome.js';
import { msgFromRow, recipientAddress } from './rows.js';
import type { Queue } from './queue.js';
import type { QueuedMsg, RcptOutcome } from './types.js';

/** mox's placeholder error of an attempt in progress. */
export const delivering = 'delivering...';
/** The scheduler sleeps at most this long when nothing is due (mox: 24h). */
const maxSleepMs = 24 * 3600 * 1000;

/**
 * Picks due messages and delivers them: at most `maxConcurrent` deliveries at once and one
 * per recipient domain (as mox). Sleeps on the queue's clock until the next message is due
 * or {@link kick} is called.
 */
export class Scheduler {
  private readonly running = new Map<number, Promise<void>>();
  private readonly busyDomains = new Set<string>();
  private wake = new AbortController();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly q: Queue) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Re-evaluates what is due now (after adds, admin changes, finished deliveries). */
  kick(): void {
    this.wake.abort();
  }

  /** Waits until all running deliveries are done (new ones may start while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Stops starting deliveries, aborts running ones, and waits for them. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.kick();
    await this.loop;
    await this.idle();
  }

  private async run(): Promise<void> {
    const clock = this.q.deps.clock;
    while (!this.stopping.signal.aborted) {
      this.wake = new AbortController();
      let delay: number;
      try {
        this.launch();
        delay = this.nextDelay();
      } catch (err) {
        this.q.deps.log.error('queue scheduler', { err });
        delay = 60_000;
      }
      await clock.sleep(delay, this.wake.signal).catch(() => undefined);
    }
  }

  private launch(): void {
    const max = this.q.deps.maxConcurrent ?? 10;
    if (this.running.size >= max) return;
    // mox: at most one delivery per recipient domain at a time, to be gentle with remote
    // servers. Not needed when all mail goes to ourselves (localserve's loopback).
    const perDomain = this.q.deps.onePerDomain ?? true;
    const due = this.q.db
      .prepare('SELECT id, recipient_domain_str AS d FROM msg WHERE hold = 0 AND next_attempt <= ? ORDER BY next_attempt, id LIMIT 500')
      .all(this.q.deps.clock.now());
    for (const r of due) {
      if (this.running.size >= max) break;
      const id = Number(r.id);
      const domain = r.d as string;
      if (this.running.has(id) || (perDomain && this.busyDomains.has(domain))) continue;
      const m = this.q.get(id);
      if (!m) continue;
      if (perDomain) this.busyDomains.add(domain);
      const p = this.attempt(m)
        .catch((err) => this.q.deps.log.error('delivery attempt failed', { msgId: m.id, err }))
        .finally(() => {
          this.running.delete(m.id);
          if (perDomain) this.busyDomains.delete(domain);
          this.kick();
        });
      this.running.set(m.id, p);
    }
  }

  /** Milliseconds until the next message not on hold is due. */
  private nextDelay(): number {
    const r = this.q.db.prepare('SELECT min(next_attempt) AS t FROM msg WHERE hold = 0').get();
    if (!r || r.t === null) return maxSleepMs;
    return Math.min(maxSleepMs, Math.max(0, Number(r.t) - this.q.deps.clock.now()));
  }

  /** One delivery attempt for `m0` and the messages that can go in the same transaction. */
  private async attempt(m0: QueuedMsg): Promise<void> {
    const { clock, bus, log } = this.q.deps;
    const start = clock.now();
    const random = this.q.deps.random ?? Math.random;
    // Record the attempt before any network I/O (mox): if we crash, the message is retried
    // later instead of bothering the receiver in a loop.
    const group = this.q.db.tx(() => {
      const cur = this.q.get(m0.id);
      if (!cur || cur.hold || cur.nextAttempt > start) return [];
      const group = cur.baseId
        ? this.q.db
            .prepare(
              `SELECT * FROM msg WHERE baseid = ? AND hold = 0 AND next_attempt <= ? AND recipient_domain = ? AND attempts = ?
               AND transport = ? AND require_tls IS ? ORDER BY id`,
            )
            .all(cur.baseId, start, cur.recipientDomain, cur.attempts, cur.transport, cur.requireTls === null ? null : cur.requireTls ? 1 : 0)
            .map(msgFromRow)
        : [cur];
      const backoff = backoffMs(cur.attempts, random);
      for (const m of group) {
        m.attempts++;
        m.lastAttempt = start;
        m.nextAttempt = start + backoff;
        m.results.push({ start, durationMs: 0, success: false, code: 0, secode: '', error: delivering });
        this.q.db
          .prepare('UPDATE msg SET attempts = ?, last_attempt = ?, next_attempt = ?, results = ? WHERE id = ?')
          .run(m.attempts, start, m.nextAttempt, JSON.stringify(m.results), m.id);
      }
      return group;
    });
    if (group.length === 0) return;
    await this.q.db.durable();
    for (const m of group) bus.emit('queue.attemptStarted', { msgId: m.id, attempt: m.attempts, to: recipientAddress(m) });

    // mox: the sender's suppression list is checked at every attempt; a listed address
    // fails at once, without contacting the remote.
    const outcomes: RcptOutcome[] = [];
    const todo: QueuedMsg[] = [];
    for (const m of group) {
      if (this.q.suppressions.lookup(m.senderAccount, recipientAddress(m))) {
        const error = `not delivering to recipient address ${recipientAddress(m)}: address is on suppression list`;
        outcomes.push({ msgId: m.id, ok: false, code: 0, secode: '', error, permanent: true, suppressed: true });
      } else {
        todo.push(m);
      }
    }
    if (todo.length > 0) {
      try {
        const data = m0.dsnUtf8 ?? (await readFile(this.q.messageFile(todo[0]!.id)));
        const prefix = m0.dsnUtf8 ? Buffer.alloc(0) : todo[0]!.msgPrefix;
        outcomes.push(...(await this.q.deps.transportFor(todo[0]!).deliver(todo, { prefix, data }, this.stopping.signal)));
      } catch (err) {
        log.info('delivery failed', { msgId: m0.id, err });
        const text = err instanceof Error ? err.message : String(err);
        outcomes.push(...todo.map((m) => ({ msgId: m.id, ok: false, code: 0, secode: '', error: text, permanent: false })));
      }
    }
    await recordOutcome(this.q, group, outcomes, start);
  }
}
