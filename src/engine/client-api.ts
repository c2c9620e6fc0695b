import { parseMessage, partFromJSON, readableText, type Part } from '../message/index.js';
import { QueueAdmin, recipientAddress, senderAddress, type MsgResult, type QueuedMsg, type RetiredMsg } from '../queue/index.js';
import type { BusEvent, Service } from '../events/index.js';
import type { Hook, HookResult, HookRetired } from '../webhook/index.js';
import type { Engine } from './engine.js';
import { localserveAccount } from './profiles/localserve-config.js';

/** A bound listener as faces show it. */
export interface ListenerInfo {
  listener: string;
  service: Service;
  host: string;
  port: number;
}

/** What a face needs to know about the running instance. */
export interface InstanceInfo {
  profile: 'localserve' | 'serve';
  dataDir: string;
  listeners: ListenerInfo[];
}

/** One delivery attempt of a queued or retired message. */
export interface AttemptInfo {
  start: number;
  durationMs: number;
  success: boolean;
  code: number;
  /** Enhanced status code with its class digit, e.g. "4.0.0" ("" when none). */
  enhanced: string;
  error: string;
}

/** A message in the outgoing queue (one per recipient), for display. */
export interface QueueItem {
  id: number;
  queued: number;
  account: string;
  from: string;
  to: string;
  subject: string;
  size: number;
  hold: boolean;
  attempts: number;
  maxAttempts: number;
  nextAttempt: number;
  lastAttempt: number | null;
  lastError: string;
  history: AttemptInfo[];
}

/** A message that left the queue, for display. */
export interface RetiredItem extends Pick<QueueItem, 'id' | 'queued' | 'account' | 'from' | 'to' | 'subject' | 'attempts' | 'lastError' | 'history'> {
  success: boolean;
  lastActivity: number;
}

/** One webhook call attempt. */
export interface WebhookAttemptInfo {
  start: number;
  durationMs: number;
  success: boolean;
  /** HTTP status, 0 without a response. */
  code: number;
  error: string;
  /** Start of the response body (at most 512 bytes, as mox keeps). */
  response: string;
}

/** A queued or retired webhook, for display. */
export interface WebhookItem {
  id: number;
  account: string;
  /** "incoming" or the outgoing event (delivered, failed, …). */
  event: string;
  url: string;
  queueMsgId: number;
  submitted: number;
  attempts: number;
  /** Set while queued. */
  nextAttempt?: number;
  retired: boolean;
  /** Set when retired. */
  success?: boolean;
  /** Set when retired because a newer webhook for the same message replaced it (mox's SupersededByID). */
  supersededBy?: number;
  lastActivity?: number;
  history: WebhookAttemptInfo[];
}

/** A message stored in an account mailbox, for the inbox list. */
export interface InboxItem {
  /** Account-wide message id. */
  id: number;
  account: string;
  mailbox: string;
  uid: number;
  received: number;
  /** SMTP MAIL FROM ("" for DSNs). */
  from: string;
  /** SMTP RCPT TO. */
  to: string;
  subject: string;
  size: number;
}

/** A stored message's header section and readable text, for the message view. */
export interface MessageView {
  id: number;
  account: string;
  /** The header section as text (unfolded lines kept as sent). */
  headers: string;
  /** The first text/plain body, else the text/html body; cut at 64 KiB. */
  text: string;
}

/** Actions on queued messages (mox's queue hold/unhold, schedule now, fail, drop). */
export type QueueAction = 'hold' | 'unhold' | 'retry' | 'fail' | 'drop';
/** Actions on queued webhooks (mox's queue webhook schedule now, cancel). */
export type WebhookAction = 'retry' | 'cancel';

/**
 * Snapshots and actions a face (the terminal UI) uses, answered from the engine in-process
 * or over the ctl socket. Everything is plain JSON data.
 */
export interface EngineOps {
  /** Profile, data directory and bound listeners. */
  info(): Promise<InstanceInfo>;
  /** Queued messages, next attempt first (at most `max`, default 1000). */
  queue(max?: number): Promise<QueueItem[]>;
  /** Retired messages, most recent first (at most `max`). */
  retired(max?: number): Promise<RetiredItem[]>;
  /** Queued webhooks, then retired ones (most recent first, at most `max`). */
  webhooks(max?: number): Promise<WebhookItem[]>;
  /** The JSON payload of a queued or retired webhook. */
  webhookPayload(id: number): Promise<string | undefined>;
  /** Messages in the accounts' mailboxes, newest first (at most `max`). */
  inbox(max?: number): Promise<InboxItem[]>;
  /** Header and text of a stored message. */
  message(account: string, id: number): Promise<MessageView | undefined>;
  /** Applies an action to queued messages; resolves with how many were changed. */
  queueAction(action: QueueAction, ids: readonly number[]): Promise<number>;
  /** Applies an action to queued webhooks; resolves with how many were changed. */
  webhookAction(action: WebhookAction, ids: readonly number[]): Promise<number>;
}

/** Options for {@link EngineClient.subscribe}. */
export interface SubscribeOptions {
  /** Start with the engine's backlog of recent events. */
  backlog?: boolean;
  /** Called once when the stream ends (the engine stopped or the connection was lost). */
  onEnd?: (reason: string) => void;
}

/**
 * The only way the terminal UI reaches a running engine: the event stream (with backlog
 * replay), snapshots and actions ({@link EngineOps}), and leaving. Implemented in-process
 * (wrapping an {@link Engine}) and over the ctl socket (attached to `mox serve` or
 * `mox localserve`).
 */
export interface EngineClient extends EngineOps {
  /** "inProcess": quitting stops the server; "attached": quitting detaches. */
  readonly mode: 'inProcess' | 'attached';
  /** Subscribes to events, delivered in batches; returns the unsubscribe function. */
  subscribe(fn: (events: BusEvent[]) => void, opts?: SubscribeOptions): () => void;
  /** Stops the server (in-process) or detaches from it (attached). */
  close(): Promise<void>;
}

const textMax = 64 * 1024;

function attempt(r: MsgResult): AttemptInfo {
  const enhanced = r.secode ? `${Math.floor(r.code / 100)}.${r.secode}` : '';
  return { start: r.start, durationMs: r.durationMs, success: r.success, code: r.code, enhanced, error: r.error };
}

function hookAttempt(r: HookResult): WebhookAttemptInfo {
  return { start: r.start, durationMs: r.durationMs, success: r.success, code: r.code, error: r.error, response: r.response };
}

/** A queued message as a {@link QueueItem}. */
export function queueItem(m: QueuedMsg): QueueItem {
  return {
    id: m.id,
    queued: m.queued,
    account: m.senderAccount,
    from: senderAddress(m),
    to: recipientAddress(m),
    subject: m.subject,
    size: m.size,
    hold: m.hold,
    attempts: m.attempts,
    maxAttempts: m.maxAttempts || 8,
    nextAttempt: m.nextAttempt,
    lastAttempt: m.lastAttempt,
    lastError: m.results.at(-1)?.error ?? '',
    history: m.results.map(attempt),
  };
}

function retiredItem(m: RetiredMsg): RetiredItem {
  return {
    id: m.id,
    queued: m.queued,
    account: m.senderAccount,
    from: senderAddress(m),
    to: m.recipientAddress || recipientAddress(m),
    subject: m.subject,
    success: m.success,
    lastActivity: m.lastActivity,
    attempts: m.attempts,
    lastError: m.results.at(-1)?.error ?? '',
    history: m.results.map(attempt),
  };
}

function hookEvent(h: Hook | HookRetired): string {
  return h.isIncoming ? 'incoming' : h.outgoingEvent || 'unrecognized';
}

function hookItem(h: Hook): WebhookItem {
  const base = { id: h.id, account: h.account, event: hookEvent(h), url: h.url, queueMsgId: h.queueMsgId, submitted: h.submitted, attempts: h.attempts };
  return { ...base, nextAttempt: h.nextAttempt, retired: false, history: h.results.map(hookAttempt) };
}

function retiredHookItem(h: HookRetired): WebhookItem {
  const base = { id: h.id, account: h.account, event: hookEvent(h), url: h.url, queueMsgId: h.queueMsgId, submitted: h.submitted, attempts: h.attempts };
  const superseded = h.supersededById ? { supersededBy: h.supersededById } : {};
  return { ...base, retired: true, success: h.success, ...superseded, lastActivity: h.lastActivity, history: h.results.map(hookAttempt) };
}

/** Accounts whose mailboxes the inbox view shows: localserve's own, or all configured. */
function inboxAccounts(engine: Engine): string[] {
  if (engine.opts.profile === 'localserve') return [localserveAccount.name];
  return Object.keys(engine.config.dynamic.Accounts).sort();
}

/**
 * The {@link EngineOps} of an engine, answered directly from its queue, webhook queue and
 * store. The ctl `tui…` commands serve the same data to attached faces.
 */
export function engineOps(engine: Engine): EngineOps {
  const admin = () => new QueueAdmin(engine.queue);
  const clamp = (max: number | undefined, dflt: number) => Math.max(1, Math.min(10000, Math.floor(max ?? dflt)));
  return {
    info: async () => ({ profile: engine.opts.profile, dataDir: engine.config.static.DataDir, listeners: engine.services() }),
    queue: async (max) => admin().list({ max: clamp(max, 1000) }, { field: 'nextAttempt', asc: true }).map(queueItem),
    retired: async (max) => admin().retiredList({ max: clamp(max, 500) }, {}).map(retiredItem),
    webhooks: async (max) => {
      const queued = engine.queue.hooks.list({}, { field: 'nextAttempt', asc: true }).map(hookItem);
      const retired = engine.queue.hooks.retiredList({ max: clamp(max, 500) }, {}).map(retiredHookItem);
      return [...queued, ...retired];
    },
    webhookPayload: async (id) => {
      const h = engine.queue.hooks.list({ ids: [id] })[0] ?? engine.queue.hooks.retiredList({ ids: [id] })[0];
      return h?.payload;
    },
    inbox: async (max) => {
      const n = clamp(max, 500);
      const out: InboxItem[] = [];
      for (const name of inboxAccounts(engine)) {
        const acc = await engine.store.account(name);
        for (const mb of acc.mailboxes()) {
          // The newest by UID only: a full mailbox costs as much as the whole list.
          for (const m of acc.messagesInUidRange(mb.id, Math.max(1, mb.uidNext - n), mb.uidNext)) {
            out.push({ id: m.id, account: name, mailbox: mb.name, uid: m.uid, received: m.received, from: m.mailFrom, to: m.rcptTo, subject: m.subject, size: m.size });
          }
        }
      }
      out.sort((a, b) => b.received - a.received || b.id - a.id);
      return out.slice(0, n);
    },
    message: async (account, id) => {
      if (!inboxAccounts(engine).includes(account)) return undefined;
      const acc = await engine.store.account(account);
      const info = acc.message(id);
      if (!info) return undefined;
      const buf = await acc.readMessage(id);
      let part: Part;
      try {
        part = info.parsed ? partFromJSON(info.parsed) : parseMessage(buf);
      } catch {
        return { id, account, headers: buf.subarray(0, Math.min(buf.length, textMax)).toString('utf8'), text: '' };
      }
      const headers = buf.subarray(part.headerOffset, part.bodyOffset).toString('utf8');
      const r = readableText(buf, part, { maxBytes: textMax });
      return { id, account, headers, text: r.text ?? r.html ?? '' };
    },
    queueAction: async (action, ids) => {
      if (ids.length === 0) return 0;
      const f = { ids: [...ids] };
      switch (action) {
        case 'hold':
          return admin().holdSet(f, true);
        case 'unhold':
          return admin().holdSet(f, false);
        case 'retry':
          return admin().nextAttemptSet(f, engine.clock.now());
        case 'fail':
          return admin().fail(f);
        case 'drop':
          return admin().drop(f);
      }
    },
    webhookAction: async (action, ids) => {
      if (ids.length === 0) return 0;
      const f = { ids: [...ids] };
      return action === 'retry' ? engine.queue.hooks.nextAttemptSet(f, engine.clock.now()) : engine.queue.hooks.cancel(f);
    },
  };
}
