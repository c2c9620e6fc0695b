import {
  partStructure,
  envelopeNamedAddresses,
  headerBytesToString,
  parseDateTime,
  parseMessage,
  partHeader,
  readableText,
  referencedIds,
  type EnvelopeAddress,
  type Header,
  type Part,
} from '../message/index.js';
import { rfc3339 } from './time.js';
import type { Incoming, IncomingMeta, NameAddress, Outgoing, OutgoingEvent } from './types.js';

/** mox cuts the Text and HTML of an incoming webhook at 1 MiB each. */
export const maxTextBytes = 1024 * 1024;

/** What an outgoing payload is built from: a queue message's outcome. */
export interface OutgoingInput {
  event: OutgoingEvent;
  dsn?: boolean;
  suppressing?: boolean;
  queueMsgId: number;
  fromId: string;
  messageId: string;
  subject: string;
  /** When the hook is queued, ms since epoch. */
  queued: number;
  code?: number;
  /** Enhanced code without the class digit, e.g. "1.1"; the class comes from `code`. */
  secode?: string;
  error?: string;
  extra?: Record<string, string>;
}

/**
 * Builds the JSON body of an outgoing webhook (mox's webhook.Outgoing), keys in mox's
 * order. The enhanced code is "<class>.<secode>" (RFC 3463 §2), or "" without a secode.
 */
export function outgoingPayload(o: OutgoingInput): Outgoing {
  const code = o.code ?? 0;
  const secode = o.secode ?? '';
  return {
    Version: 0,
    Event: o.event,
    DSN: o.dsn ?? false,
    Suppressing: o.suppressing ?? false,
    QueueMsgID: o.queueMsgId,
    FromID: o.fromId,
    MessageID: o.messageId,
    Subject: o.subject,
    WebhookQueued: rfc3339(o.queued),
    SMTPCode: code,
    SMTPEnhancedCode: secode ? `${Math.floor(code / 100)}.${secode}` : '',
    Error: o.error ?? '',
    Extra: { ...(o.extra ?? {}) },
  };
}

/** The stored message and SMTP transaction an incoming payload describes. */
export interface IncomingInput {
  /** Id of the message in the account. */
  msgId: number;
  mailFrom: string;
  rcptTo: string;
  remoteIp: string;
  /** ms since epoch. */
  received: number;
  mailboxName: string;
  dkimVerifiedDomains?: string[];
  mailFromValidated?: boolean;
  msgFromValidated?: boolean;
}

/**
 * Builds the JSON body of an incoming webhook (mox's webhook.Incoming) from the message as
 * stored: envelope fields from the header (RFC 5322 §3.6), References as canonical ids in
 * angle brackets (RFC 5322 §3.6.4), the first text and HTML parts (LF line endings, cut at
 * 1 MiB) and the MIME structure (RFC 2045, RFC 2046).
 */
export function incomingPayload(msg: Buffer, meta: IncomingInput, part: Part = parseMessage(msg)): Incoming {
  const env = part.envelope;
  const header = partHeader(msg, part);
  const m: IncomingMeta = {
    MsgID: meta.msgId,
    MailFrom: meta.mailFrom,
    MailFromValidated: meta.mailFromValidated ?? false,
    MsgFromValidated: meta.msgFromValidated ?? false,
    RcptTo: meta.rcptTo,
    DKIMVerifiedDomains: [...(meta.dkimVerifiedDomains ?? [])],
    RemoteIP: meta.remoteIp,
    Received: rfc3339(meta.received),
    MailboxName: meta.mailboxName,
    // mox: a null sender, list and auto-reply headers, and reports (RFC 3464, RFC 8098).
    Automated: meta.mailFrom === '' || isAutomated(header) || (part.mediaType === 'MULTIPART' && part.mediaSubType === 'REPORT'),
  };
  const date = header.text('Date');
  const dt = date === undefined ? undefined : parseDateTime(date);
  const refs = header.getAll('References').map((f) => headerBytesToString(f.value));
  const { text, html } = readableText(msg, part, { maxBytes: maxTextBytes });
  return {
    Version: 0,
    From: addresses(env?.from),
    To: addresses(env?.to),
    CC: addresses(env?.cc),
    BCC: addresses(env?.bcc),
    ReplyTo: addresses(env?.replyTo),
    Subject: env?.subject ?? '',
    MessageID: env?.messageId ?? '',
    InReplyTo: env?.inReplyTo ?? '',
    References: referencedIds(refs, []).map((id) => `<${id}>`),
    Date: dt ? rfc3339(dt.ms, dt.offset) : null,
    Text: (text ?? '').replace(/\r\n/g, '\n'),
    HTML: (html ?? '').replace(/\r\n/g, '\n'),
    Structure: partStructure(part),
    Meta: m,
  };
}

/** mox's header signs of an automated message: list headers, Precedence, Auto-Submitted (RFC 3834 §5). */
function isAutomated(h: Header): boolean {
  for (const k of ['List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'Precedence']) {
    if ((h.text(k) ?? '').trim() !== '') return true;
  }
  const auto = (h.text('Auto-Submitted') ?? '').trim();
  return auto !== '' && auto.toLowerCase() !== 'no';
}

/** Envelope addresses as name and Unicode address; group markers are left out. */
function addresses(list: readonly EnvelopeAddress[] | undefined): NameAddress[] {
  return envelopeNamedAddresses(list).map((a) => ({ Name: a.name, Address: a.address }));
}

