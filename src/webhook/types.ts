// Webhook payloads and records, with Go mox's JSON field names (webhook.Outgoing,
// webhook.Incoming; queue.Hook, queue.HookRetired). Types only: layer L0.

/** What happened to an outgoing message (mox's webhook.OutgoingEvent values). */
export type OutgoingEvent = 'delivered' | 'suppressed' | 'delayed' | 'failed' | 'relayed' | 'expanded' | 'canceled' | 'unrecognized';

/** The event names of `mox queue webhook list -event`: the outgoing events plus "incoming". */
export type HookEventName = OutgoingEvent | 'incoming';

/** Every outgoing event, in mox's documentation order. */
export const outgoingEvents: readonly OutgoingEvent[] = Object.freeze([
  'delivered',
  'suppressed',
  'delayed',
  'failed',
  'relayed',
  'expanded',
  'canceled',
  'unrecognized',
] as const);

/**
 * The JSON body of a webhook about an outgoing delivery (mox's webhook.Outgoing). Keys are in
 * mox's order; all are always present. Times are RFC 3339 strings.
 */
export interface Outgoing {
  /** Payload format, 0. */
  Version: number;
  Event: OutgoingEvent;
  /** Whether an incoming delivery status notification (RFC 3464) caused this event. */
  DSN: boolean;
  /** Whether this failure added the recipient to the account's suppression list. */
  Suppressing: boolean;
  QueueMsgID: number;
  /** The unique id in the SMTP MAIL FROM, if one was used. */
  FromID: string;
  /** Message-ID header of the original message, with angle brackets. */
  MessageID: string;
  Subject: string;
  /** When this webhook was first queued. */
  WebhookQueued: string;
  /** SMTP reply code, e.g. 451 or 550; 0 when none. */
  SMTPCode: number;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1"; "" when none. */
  SMTPEnhancedCode: string;
  /** The last delivery error, if any. */
  Error: string;
  /** Extra data of the submission (webapi Extra, X-Mox-Extra-* headers); {} when none. */
  Extra: Record<string, string>;
}

/** A name and address from a message header (mox's webhook.NameAddress). */
export interface NameAddress {
  Name: string;
  /** The address in Unicode form. */
  Address: string;
}

/** The MIME structure of a message (mox's webhook.Structure). */
import type { Structure } from '../message/index.js';
export type { Structure };

/** Storage and SMTP details of an incoming message (mox's webhook.IncomingMeta). */
export interface IncomingMeta {
  /** Id of the message in the account, for webapi calls. */
  MsgID: number;
  MailFrom: string;
  MailFromValidated: boolean;
  MsgFromValidated: boolean;
  RcptTo: string;
  DKIMVerifiedDomains: string[];
  RemoteIP: string;
  Received: string;
  MailboxName: string;
  /** Whether the message looks automated (mailing list, auto-reply, report, null sender). */
  Automated: boolean;
}

/** The JSON body of a webhook about an incoming delivery (mox's webhook.Incoming). */
export interface Incoming {
  Version: number;
  From: NameAddress[];
  To: NameAddress[];
  CC: NameAddress[];
  BCC: NameAddress[];
  ReplyTo: NameAddress[];
  Subject: string;
  MessageID: string;
  InReplyTo: string;
  /** Referenced message ids, each with angle brackets; the direct parent last. */
  References: string[];
  /** The Date header as RFC 3339, or null. */
  Date: string | null;
  /** First text/plain part, LF line endings, cut at 1 MiB. */
  Text: string;
  /** First text/html part, LF line endings, cut at 1 MiB. */
  HTML: string;
  Structure: Structure;
  Meta: IncomingMeta;
}

/** The result of one delivery attempt of a webhook (mox's queue.HookResult). */
export interface HookResult {
  /** Start, ms since epoch. */
  start: number;
  durationMs: number;
  url: string;
  success: boolean;
  /** HTTP status, 0 when no response. */
  code: number;
  error: string;
  /** At most 512 bytes of the response body. */
  response: string;
}

/** A webhook waiting to be delivered (mox's queue.Hook). */
export interface Hook {
  id: number;
  /** Queue message (or retired message) the event is about; 0 for incoming messages. */
  queueMsgId: number;
  fromId: string;
  /** Message-ID of the outgoing or incoming message, with angle brackets. */
  messageId: string;
  subject: string;
  extra: Record<string, string>;
  account: string;
  url: string;
  authorization: string;
  isIncoming: boolean;
  /** "" for incoming hooks. */
  outgoingEvent: OutgoingEvent | '';
  /** The JSON body. */
  payload: string;
  submitted: number;
  attempts: number;
  nextAttempt: number;
  results: HookResult[];
}

/** A webhook that left the queue (mox's queue.HookRetired): the secret is not kept. */
export interface HookRetired extends Omit<Hook, 'authorization' | 'nextAttempt'> {
  /** Whether the requests carried an Authorization header. */
  authorization: boolean;
  /** The hook that replaced this one (a newer event for the same message), or 0. */
  supersededById: number;
  success: boolean;
  lastActivity: number;
  keepUntil: number;
}

/** An account's webhook settings, as the queue needs them (domains.conf Accounts.<name>). */
export interface AccountHooks {
  outgoing?: { url: string; authorization: string; events: readonly string[] };
  incoming?: { url: string; authorization: string };
  /** KeepRetiredWebhookPeriod in ms (0: not kept). */
  keepRetiredMs: number;
}

/** Selects queued webhooks (mox's queue.HookFilter). Empty fields match all. */
export interface HookFilter {
  max?: number;
  ids?: number[];
  account?: string;
  /** "<dur" or ">dur" relative to now, "now" allowed. */
  submitted?: string;
  nextAttempt?: string;
  event?: HookEventName;
}

/** Selects retired webhooks (mox's queue.HookRetiredFilter). */
export interface HookRetiredFilter extends Omit<HookFilter, 'nextAttempt'> {
  lastActivity?: string;
}

/** Ordering with keyset pagination (mox's queue.HookSort / HookRetiredSort). */
export interface HookSort {
  /** queued: by submission time. Default: nextAttempt (queued hooks) or lastActivity (retired). */
  field?: 'nextAttempt' | 'lastActivity' | 'submitted';
  asc?: boolean;
  lastId?: number;
  last?: number;
}
