import type { MsgResult, QueuedMsg, RetiredMsg } from './types.js';
import { localpartString } from '../smtp/index.js';

/** Converts a msg row to a {@link QueuedMsg}. */
export function msgFromRow(r: Record<string, unknown>): QueuedMsg {
  return {
    id: Number(r.id),
    baseId: Number(r.baseid),
    queued: Number(r.queued),
    hold: Number(r.hold) === 1,
    senderAccount: r.sender_account as string,
    senderLocalpart: r.sender_localpart as string,
    senderDomain: r.sender_domain as string,
    senderDomainStr: r.sender_domain_str as string,
    fromId: r.fromid as string,
    recipientLocalpart: r.recipient_localpart as string,
    recipientDomain: r.recipient_domain as string,
    recipientDomainStr: r.recipient_domain_str as string,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    dialedIps: JSON.parse(r.dialed_ips as string) as Record<string, string[]>,
    nextAttempt: Number(r.next_attempt),
    lastAttempt: r.last_attempt === null ? null : Number(r.last_attempt),
    results: JSON.parse(r.results as string) as MsgResult[],
    has8bit: Number(r.has8bit) === 1,
    smtputf8: Number(r.smtputf8) === 1,
    isDmarcReport: Number(r.is_dmarc_report) === 1,
    isTlsReport: Number(r.is_tls_report) === 1,
    size: Number(r.size),
    messageId: r.message_id as string,
    msgPrefix: r.msg_prefix ? Buffer.from(r.msg_prefix as Uint8Array) : Buffer.alloc(0),
    subject: r.subject as string,
    dsnUtf8: r.dsn_utf8 ? Buffer.from(r.dsn_utf8 as Uint8Array) : null,
    transport: r.transport as string,
    requireTls: r.require_tls === null ? null : Number(r.require_tls) === 1,
    futureReleaseRequest: r.future_release_request as string,
    extra: JSON.parse(r.extra as string) as Record<string, string>,
  };
}

/** Converts a msg_retired row to a {@link RetiredMsg}. */
export function retiredFromRow(r: Record<string, unknown>): RetiredMsg {
  const { hold: _h, nextAttempt: _n, msgPrefix: _p, dsnUtf8: _d, senderDomain: _s, ...rest } = msgFromRow({
    ...r,
    hold: 0,
    next_attempt: 0,
    sender_domain: '',
  });
  return {
    ...rest,
    lastActivity: Number(r.last_activity),
    recipientAddress: r.recipient_address as string,
    success: Number(r.success) === 1,
    keepUntil: Number(r.keep_until),
  };
}

/**
 * The recipient address of a queued message, domain in Unicode (mox's RecipientAddress); the
 * localpart quoted when it needs to be (RFC 5321 §4.1.2), e.g. "x y"@example.org.
 */
export function recipientAddress(m: { recipientLocalpart: string; recipientDomainStr: string }): string {
  return `${localpartString(m.recipientLocalpart)}@${m.recipientDomainStr}`;
}

/** The sender address of a queued message, "" for the null sender; localpart quoted when needed. */
export function senderAddress(m: { senderLocalpart: string; senderDomainStr: string }): string {
  return m.senderLocalpart === '' && m.senderDomainStr === '' ? '' : `${localpartString(m.senderLocalpart)}@${m.senderDomainStr}`;
}
