import type { Logger } from '../log/index.js';
import { eventName, type WebhookQueue } from './hooks.js';
import type { HookPoster } from './post.js';
import type { Hook, HookResult } from './types.js';

/**
 * mox's webhook retry intervals: before attempt k (k = attempts made) the next attempt is set
 * to now + interval[k]; after the last interval, 32h. A failed attempt is retried while
 * attempts ≤ 11, so a hook gets 12 attempts.
 */
export const hookIntervalsMs: readonly number[] = Object.freeze(
  [1, 2, 4, 7.5, 15, 30, 60, 120, 240, 480, 960].map((m) => m * 60_000),
);

/** Most concurrent webhook requests (mox: 10), each to a different URL. */
export const maxConcurrentHooks = 10;

/** Backoff before the next attempt, given the attempts made: the interval ±1% jitter (mox). */
export function hookBackoffMs(attemptsMade: number, rand: () => number): number {
  const base = attemptsMade < hookIntervalsMs.length ? hookIntervalsMs[attemptsMade]! : 2 * hookIntervalsMs[hookIntervalsMs.length - 1]!;
  const jitter = Math.floor(rand() * 200) - 100;
  return base + Math.trunc((jitter * base) / 10000);
}

/** Collaborators of the {@link HookDispatcher}. */
export interface HookDispatcherDeps {
  hooks: WebhookQueue;
  post: HookPoster;
  log: Logger;
  /** Random numbers in [0, 1) for jitter. */
  random?: () => number;
  maxConcurrent?: number;
}

/** The scheduler sleeps at most this long when nothing is due (mox: 24h). */
const maxSleepMs = 24 * 3600_000;

/**
 * Delivers queued webhooks on the injected clock, as mox's hook queue: due hooks oldest
 * first, at most {@link maxConcurrentHooks} at once and one per URL (so the events of a
 * message arrive in order), the attempt recorded before the request, retries with
 * {@link hookBackoffMs}, and finished hooks moved to the retired list. A cleaner removes
 * retired hooks past their keep period (4s after start, then hourly, as mox).
 */
export class HookDispatcher {
  private readonly running = new Map<number, Promise<void>>();
  private readonly busyUrls = new Set<string>();
  private wake = new AbortController();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private cleaner: Promise<void> | undefined;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly d: HookDispatcherDeps) {}

  /** Starts delivering, and wakes up whenever hooks are queued or rescheduled. */
  start(): void {
    if (this.loop) return;
    const bus = this.d.hooks.deps.bus;
    this.offs.push(bus.on('webhook.queued', () => this.kick()), bus.on('webhook.changed', () => this.kick()));
    this.loop = this.run();
    this.cleaner = this.cleanLoop();
  }

  /** Re-evaluates what is due now. */
  kick(): void {
    this.wake.abort();
  }

  /** Waits until no request is running (new ones may start while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Stops starting requests, aborts running ones and waits for them to be recorded. */
  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.stopping.abort();
    this.kick();
    await this.loop;
    await this.cleaner;
    await this.idle();
  }

  private async run(): Promise<void> {
    const clock = this.d.hooks.deps.clock;
    while (!this.stopping.signal.aborted) {
      this.wake = new AbortController();
      let delay: number;
      try {
        this.launch();
        const next = this.d.hooks.store.nextDue(this.busyUrls);
        delay = next === undefined ? maxSleepMs : Math.min(maxSleepMs, Math.max(0, next - clock.now()));
      } catch (err) {
        this.d.log.error('webhook scheduler', { err });
        delay = 60_000;
      }
      await clock.sleep(delay, this.wake.signal).catch(() => undefined);
    }
  }

  private launch(): void {
    const max = this.d.maxConcurrent ?? maxConcurrentHooks;
    if (this.running.size >= max) return;
    const due = this.d.hooks.store.due(this.d.hooks.deps.clock.now(), this.busyUrls, max - this.running.size);
    for (const h of due) {
      this.busyUrls.add(h.url);
      const p = this.deliver(h)
        .catch((err) => this.d.log.error('webhook delivery failed', { hookId: h.id, err }))
        .finally(() => {
          this.running.delete(h.id);
          this.busyUrls.delete(h.url);
          this.kick();
        });
      this.running.set(h.id, p);
    }
  }

  /** One attempt: record it, POST, record the result (retry, retire, or add to a superseded record). */
  private async deliver(h0: Hook): Promise<void> {
    const { hooks, log } = this.d;
    const { clock, bus } = hooks.deps;
    const db = hooks.db;
    const start = clock.now();
    const random = this.d.random ?? Math.random;
    // Recorded before the request (mox): after a crash, the hook waits for its backoff
    // instead of hitting the receiver in a loop.
    const h = db.tx(() => hooks.store.startAttempt(h0.id, start, hookBackoffMs(h0.attempts, random)));
    if (!h) return;
    await db.durable();
    bus.emit('webhook.attemptStarted', { hookId: h.id, attempt: h.attempts, url: h.url });
    log.debug('delivering webhook', { hookId: h.id, attempt: h.attempts, account: h.account, url: h.url, event: eventName(h), msgId: h.queueMsgId });

    let code = 0;
    let response = '';
    let error = '';
    try {
      const r = await this.d.post({ hookId: h.id, attempt: h.attempts, url: h.url, authorization: h.authorization, payload: h.payload }, this.stopping.signal);
      code = r.code;
      response = r.response;
      error = r.error ?? '';
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const end = clock.now();
    const result: HookResult = { start, durationMs: end - start, url: h.url, success: error === '', code, error, response };
    const retry = !result.success && h.attempts <= hookIntervalsMs.length;
    const keep = hooks.keepMs(h.account);
    const outcome = db.tx(() => hooks.store.finishAttempt(h, result, retry, end, keep));
    await db.durable();
    bus.emit('webhook.attempted', {
      hookId: h.id,
      attempt: h.attempts,
      url: h.url,
      success: result.success,
      code,
      error,
      ms: result.durationMs,
      nextAttempt: outcome === 'retry' ? h.nextAttempt : undefined,
    });
    if (outcome === 'retired') {
      bus.emit('webhook.retired', { hookId: h.id, account: h.account, event: eventName(h), success: result.success, reason: result.success ? 'delivered' : 'failed' });
    }
    if (result.success) log.debug('webhook delivered', { hookId: h.id, code });
    else log.info('webhook delivery failed', { hookId: h.id, attempt: h.attempts, code, error, retry: outcome === 'retry' });
  }

  private async cleanLoop(): Promise<void> {
    const clock = this.d.hooks.deps.clock;
    let next = clock.now() + 4000;
    for (;;) {
      try {
        await clock.sleep(Math.max(0, next - clock.now()), this.stopping.signal);
      } catch {
        return;
      }
      next = Math.max(next + 3600_000, clock.now() + 1000);
      try {
        const n = await this.d.hooks.cleanupRetired();
        // Info, not debug: nothing is pruned silently (the account's KeepRetiredWebhookPeriod).
        if (n) this.d.log.info('removed retired webhooks past their KeepRetiredWebhookPeriod', { count: n });
      } catch (err) {
        this.d.log.error('cleaning up retired webhooks', { err });
      }
    }
  }
}
