import type { Clock } from '../clock/index.js';
import type { Bus } from '../events/index.js';
import type { SqlDb } from '../store/index.js';
import { incomingPayload, outgoingPayload, type IncomingInput, type OutgoingInput } from './payload.js';
import { HookStore, type Inserted, type NewHook } from './store.js';
import type { AccountHooks, Hook, HookFilter, HookRetired, HookRetiredFilter, HookSort, OutgoingEvent } from './types.js';

/** mox keeps retired hooks of an account that is gone for a week. */
export const defaultKeepRetiredMs = 7 * 24 * 3600_000;

/** Collaborators of a {@link WebhookQueue}. */
export interface WebhookQueueDeps {
  clock: Clock;
  bus: Bus;
  /** An account's webhook settings, read at the moment a hook is queued; undefined when the account is unknown. */
  config(account: string): AccountHooks | undefined;
}

/** Actions to run after the transaction that queued hooks is durable (event emission). */
export type After = (() => void)[];

/** An outgoing event about a queue message, for {@link WebhookQueue.outgoing}. */
export interface OutgoingHookInput extends Omit<OutgoingInput, 'queued'> {
  /** The account that sent the message. */
  account: string;
  /** Message-ID for the hook record when it differs from the payload's (incoming DSNs). */
  recordMessageId?: string;
  /** Extra data for the hook record; mox leaves it empty for hooks from incoming DSNs. */
  recordExtra?: Record<string, string>;
}

/**
 * The webhook queue's entry points for the mail queue and for deliveries: composes payloads
 * (mox's hookCompose and Incoming) for the accounts that asked for them and inserts hooks
 * inside the caller's transaction, so a hook commits together with the change it reports
 * and is never lost. Also the admin operations of `mox queue webhook …`.
 */
export class WebhookQueue {
  readonly store: HookStore;

  constructor(
    readonly db: SqlDb,
    readonly deps: WebhookQueueDeps,
  ) {
    this.store = new HookStore(db);
  }

  /** KeepRetiredWebhookPeriod of an account (mox: a week when the account is unknown). */
  keepMs(account: string): number {
    return this.deps.config(account)?.keepRetiredMs ?? defaultKeepRetiredMs;
  }

  /** Whether an account wants outgoing hooks for this event (no Events list: all). */
  subscribed(account: string, event: OutgoingEvent): boolean {
    const o = this.deps.config(account)?.outgoing;
    return !!o && o.url !== '' && (o.events.length === 0 || o.events.includes(event));
  }

  /**
   * Queues an outgoing hook when the account is subscribed to the event. Runs in the
   * caller's transaction; the webhook.queued event is pushed onto `after`.
   */
  outgoing(o: OutgoingHookInput, now: number, after: After): Hook | undefined {
    if (!this.subscribed(o.account, o.event)) return undefined;
    const conf = this.deps.config(o.account)!.outgoing!;
    const payload = outgoingPayload({ ...o, queued: now });
    return this.insert(
      {
        queueMsgId: o.queueMsgId,
        fromId: o.fromId,
        messageId: o.recordMessageId ?? o.messageId,
        subject: o.subject,
        extra: o.recordExtra ?? o.extra ?? {},
        account: o.account,
        url: conf.url,
        authorization: conf.authorization,
        isIncoming: false,
        outgoingEvent: o.event,
        payload: JSON.stringify(payload),
      },
      now,
      after,
    );
  }

  /**
   * Queues an incoming hook for a message delivered to an account over SMTP, when the account
   * has an IncomingWebhook. `dedupKey` (e.g. account and message id) makes a repeat a no-op.
   * Runs in the caller's transaction.
   */
  incoming(
    account: string,
    msg: Buffer,
    meta: IncomingInput & { fromId: string; dedupKey?: string },
    now: number,
    after: After,
  ): Hook | undefined {
    const conf = this.deps.config(account)?.incoming;
    if (!conf || conf.url === '') return undefined;
    const payload = incomingPayload(msg, meta);
    return this.insert(
      {
        queueMsgId: 0,
        fromId: meta.fromId,
        messageId: payload.MessageID,
        subject: payload.Subject,
        extra: {},
        account,
        url: conf.url,
        authorization: conf.authorization,
        isIncoming: true,
        outgoingEvent: '',
        payload: JSON.stringify(payload),
        dedupKey: meta.dedupKey,
      },
      now,
      after,
    );
  }

  private insert(h: NewHook, now: number, after: After): Hook {
    const r: Inserted = this.store.insert(h, now, this.keepMs(h.account));
    const { hook, superseded } = r;
    after.push(() => {
      if (superseded) {
        this.deps.bus.emit('webhook.retired', { hookId: superseded.id, account: superseded.account, event: eventName(superseded), success: false, reason: 'superseded', supersededBy: hook.id });
      }
      this.deps.bus.emit('webhook.queued', {
        hookId: hook.id,
        account: hook.account,
        event: eventName(hook),
        msgId: hook.queueMsgId,
        url: hook.url,
        supersedes: superseded?.id,
      });
    });
    return hook;
  }

  /** Queued hooks (mox's HookList). */
  list(f: HookFilter = {}, s: HookSort = {}): Hook[] {
    return this.store.list(f, s, this.deps.clock.now());
  }

  /** Retired hooks (mox's HookRetiredList). */
  retiredList(f: HookRetiredFilter = {}, s: HookSort = {}): HookRetired[] {
    return this.store.retiredList(f, s, this.deps.clock.now());
  }

  /** Moves the next attempt of matching hooks by `ms` (mox's HookNextAttemptAdd). */
  nextAttemptAdd(f: HookFilter, ms: number): Promise<number> {
    return this.reschedule(() => this.store.nextAttemptAdd(f, ms, this.deps.clock.now()));
  }

  /** Sets the next attempt of matching hooks (mox's HookNextAttemptSet). */
  nextAttemptSet(f: HookFilter, at: number): Promise<number> {
    return this.reschedule(() => this.store.nextAttemptSet(f, at, this.deps.clock.now()));
  }

  private async reschedule(fn: () => number[]): Promise<number> {
    const ids = this.db.tx(fn);
    await this.db.durable();
    if (ids.length) this.deps.bus.emit('webhook.changed', { hookIds: ids, change: 'schedule' });
    return ids.length;
  }

  /** Cancels matching hooks, retiring them as failed (mox's HookCancel). */
  async cancel(f: HookFilter): Promise<number> {
    const now = this.deps.clock.now();
    const hooks = this.db.tx(() => this.store.cancel(f, now, (a) => this.keepMs(a)));
    await this.db.durable();
    for (const h of hooks) this.deps.bus.emit('webhook.retired', { hookId: h.id, account: h.account, event: eventName(h), success: false, reason: 'canceled' });
    if (hooks.length) this.deps.bus.emit('webhook.changed', { hookIds: hooks.map((h) => h.id), change: 'cancel' });
    return hooks.length;
  }

  /** Removes retired hooks past their keep period; returns how many. */
  async cleanupRetired(): Promise<number> {
    const n = this.db.tx(() => this.store.cleanupRetired(this.deps.clock.now()));
    await this.db.durable();
    return n;
  }
}

/** The event a hook is about: its outgoing event, or "incoming". */
export function eventName(h: { isIncoming: boolean; outgoingEvent: OutgoingEvent | '' }): OutgoingEvent | 'incoming' {
  return h.isIncoming || h.outgoingEvent === '' ? 'incoming' : h.outgoingEvent;
}
