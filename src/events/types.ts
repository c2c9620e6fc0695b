/** Connection id: one per SMTP/IMAP/HTTP connection, as mox's int64 cid, logged in hex. */
export type Cid = number;

/** What a webhook is about: an outgoing delivery event (mox's webhook.OutgoingEvent) or "incoming". */
export type WebhookEvent = 'incoming' | 'delivered' | 'suppressed' | 'delayed' | 'failed' | 'relayed' | 'expanded' | 'canceled' | 'unrecognized';

/** The network services the engine runs. */
export type Service =
  | 'smtp'
  | 'submission'
  | 'submissions'
  | 'imap'
  | 'imaps'
  | 'http'
  | 'https'
  | 'metrics';

/**
 * Every event the engine emits, by name (`area.pastTense`). Payloads are plain JSON data and
 * always carry their ids (`cid`, `msgId`, `uid`), so the same stream works in-process and over
 * the ctl socket.
 */
export interface EventMap {
  /** A listener is bound and accepting. `port` is the real port (useful with port 0). */
  'engine.listening': { listener: string; service: Service; host: string; port: number };
  /** The engine finished starting; every listener is bound. */
  'engine.started': { profile: 'localserve' | 'serve'; dataDir: string };
  /** Shutdown began; connections are being told and closed. */
  'engine.stopping': { reason: string };
  'engine.stopped': Record<string, never>;

  'smtp.connected': { cid: Cid; listener: string; service: Service; remote: string; local: string; tls: boolean };
  /** One protocol line; `dir` c = from client, s = from server. AUTH secrets are masked. */
  'smtp.line': { cid: Cid; dir: 'c' | 's'; text: string };
  'smtp.tlsStarted': { cid: Cid; version: string; cipher: string };
  'smtp.authenticated': { cid: Cid; username: string; account: string; mechanism: string };
  'smtp.authFailed': { cid: Cid; username: string; mechanism: string; remote: string };
  /** A transaction's message was accepted (after the commit). */
  'smtp.accepted': { cid: Cid; from: string; to: string[]; size: number; queued: number[] };
  /** A localserve special localpart produced a failure reply (or a hang). */
  'smtp.failureSimulated': {
    cid: Cid;
    stage: 'mailfrom' | 'rcptto' | 'data';
    address: string;
    code: number | 'timeout';
    enhanced: string;
  };
  'smtp.disconnected': { cid: Cid; reason: string; bytesIn: number; bytesOut: number; ms: number };

  'imap.connected': { cid: Cid; listener: string; service: Service; remote: string; local: string; tls: boolean };
  'imap.line': { cid: Cid; dir: 'c' | 's'; text: string };
  'imap.authenticated': { cid: Cid; username: string; account: string; mechanism: string };
  'imap.authFailed': { cid: Cid; username: string; mechanism: string; remote: string };
  'imap.disconnected': { cid: Cid; reason: string; bytesIn: number; bytesOut: number; ms: number };

  /** Messages were added to the queue (one msgId per recipient), after the commit. */
  'queue.added': { msgIds: number[]; cid?: Cid; account: string; from: string; to: string[]; size: number; hold: boolean };
  /** A delivery attempt is about to start (attempt count already incremented and committed). */
  'queue.attemptStarted': { msgId: number; attempt: number; to: string };
  /** A delivery attempt ended. */
  'queue.attempted': {
    msgId: number;
    attempt: number;
    to: string;
    outcome: 'delivered' | 'delayed' | 'failed' | 'suppressed';
    code: number;
    enhanced: string;
    error: string;
    nextAttempt?: number;
  };
  /** A message left the queue: event is delivered, failed, suppressed or canceled (mox's webhook events). */
  'queue.retired': { msgId: number; success: boolean; event: 'delivered' | 'failed' | 'suppressed' | 'canceled' };
  /** Queued messages were changed by an admin or a hold rule. */
  'queue.changed': { msgIds: number[]; change: 'hold' | 'unhold' | 'schedule' | 'transport' | 'requiretls' };
  /** A DSN about a queued message was stored in the sender's account (RFC 3464). */
  'queue.dsnSent': { msgId: number; kind: 'failed' | 'delayed'; account: string };
  /** An address was added to an account's suppression list. */
  'queue.suppressed': { account: string; address: string; reason: string; manual: boolean };

  /**
   * A webhook was queued (after the commit). `event` is the outgoing event or "incoming";
   * `msgId` the queue message it is about (0 for incoming); `supersedes` a pending hook for
   * the same message that this one replaced.
   */
  'webhook.queued': { hookId: number; account: string; event: WebhookEvent; msgId: number; url: string; supersedes?: number };
  /** A webhook delivery attempt starts (attempt count already incremented and committed). */
  'webhook.attemptStarted': { hookId: number; attempt: number; url: string };
  /** A webhook delivery attempt ended: HTTP status (0 without response), error, duration. */
  'webhook.attempted': {
    hookId: number;
    attempt: number;
    url: string;
    success: boolean;
    code: number;
    error: string;
    ms: number;
    /** Set when the hook stays queued for another attempt. */
    nextAttempt?: number;
  };
  /** A webhook left the queue: delivered, failed for good, canceled by an admin, or superseded by a newer event. */
  'webhook.retired': {
    hookId: number;
    account: string;
    event: WebhookEvent;
    success: boolean;
    reason: 'delivered' | 'failed' | 'canceled' | 'superseded';
    supersededBy?: number;
  };
  /** Queued webhooks were rescheduled or canceled by an admin. */
  'webhook.changed': { hookIds: number[]; change: 'schedule' | 'cancel' };

  /** domains.conf was reloaded after a change (ok), or the change was refused (error; the old config stays). */
  'engine.configReloaded': { ok: boolean; error?: string };

  /** A message was stored in an account mailbox (after the commit). */
  'store.delivered': {
    account: string;
    mailbox: string;
    mailboxId: number;
    uid: number;
    messageId: number;
    size: number;
    cid?: Cid;
    mailFrom: string;
    rcptTo: string;
    subject: string;
    messageIdHeader: string;
  };
  /** Messages were expunged from a mailbox. */
  'store.expunged': { account: string; mailbox: string; uids: number[] };

  /** A log record, for faces that show logs (the terminal UI). */
  'log.record': { level: string; pkg: string; msg: string; attrs: Record<string, unknown> };
}

/** Name of an event. */
export type EventType = keyof EventMap;

/** An event as delivered to "any" listeners and over ctl: name, time, sequence and payload. */
export type BusEvent = {
  [K in EventType]: { type: K; time: number; seq: number; data: EventMap[K] };
}[EventType];
