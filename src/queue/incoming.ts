import { dsnRecipientCodes, parseDsn, type ParsedDsnRecipient } from '../dsn/index.js';
import { isDSN, parseMessage } from '../message/index.js';
import type { IncomingInput, OutgoingEvent } from '../webhook/index.js';
import { fromIdOf } from './fromid.js';
import { suppressAfterFailure } from './outcome.js';
import { retiredFromRow } from './rows.js';
import type { Queue } from './queue.js';
import type { MsgResult } from './types.js';

/**
 * A message just delivered to an account over SMTP, as {@link Queue.incoming} needs it (the
 * stored message and its SMTP transaction are also the incoming payload's input).
 */
export interface IncomingDelivery extends Pick<IncomingInput, 'msgId' | 'mailFrom' | 'rcptTo' | 'remoteIp' | 'received' | 'mailboxName'> {
  /** The account it was delivered to. */
  account: string;
  /** RCPT TO localpart and domain (ASCII). */
  rcptLocalpart: string;
  rcptDomain: string;
  /** The first localpart catchall separator of the recipient's domain, when it has one. */
  separator?: string;
  /** The message as stored. */
  message: Buffer;
}

/**
 * mox's queue.Incoming. The RCPT TO localpart's part after the first catchall separator is
 * a fromid; when a retired message has it, this message is about that message: a DSN with
 * one recipient (RFC 3464 §2) becomes an outgoing hook with the DSN's action as event (a
 * "failed" one may add the address to the suppression list), anything else an
 * "unrecognized" event; the retired message gets a result either way. Otherwise an incoming
 * hook is queued when the account has an IncomingWebhook. Idempotent per stored message.
 */
export async function processIncoming(q: Queue, d: IncomingDelivery): Promise<void> {
  const now = q.deps.clock.now();
  const dedupKey = `incoming:${d.account}:${d.msgId}`;
  const fromId = d.separator ? fromIdOf(d.rcptLocalpart, d.separator) : '';
  const queueAfter: (() => void)[] = [];
  const hooksAfter: (() => void)[] = [];
  // Most deliveries have nothing to do here: no write transaction, no wait for the disk.
  const incomingConf = q.hooks.deps.config(d.account)?.incoming;
  if (!fromId && !incomingConf) return;
  const wrote = q.db.tx(() => {
    if (q.hooks.store.seen(dedupKey)) return false;
    const r = fromId ? q.db.prepare('SELECT * FROM msg_retired WHERE fromid = ? ORDER BY id LIMIT 1').get(fromId) : undefined;
    if (!r) return q.hooks.incoming(d.account, d.message, { ...d, fromId, dedupKey }, now, hooksAfter) !== undefined;
    const mr = retiredFromRow(r);
    const result: MsgResult = { start: now, durationMs: 0, success: false, code: 0, secode: '', error: 'incoming message' };
    let event: OutgoingEvent = 'unrecognized';
    let dsn = false;
    let suppressing = false;
    const part = parseMessage(d.message);
    if (!isDSN(part)) {
      result.error = 'incoming message not a dsn';
    } else {
      dsn = true;
      let recipients: ParsedDsnRecipient[] | undefined;
      try {
        recipients = parseDsn(d.message).status.recipients;
      } catch (err) {
        result.error = `parsing incoming dsn: ${(err as Error).message}`;
      }
      if (recipients && recipients.length !== 1) {
        result.error = `incoming dsn has ${recipients.length} recipients, expecting 1`;
      } else if (recipients) {
        const rcpt = recipients[0]!;
        const c = dsnRecipientCodes(rcpt);
        result.code = c.code;
        result.secode = c.secode;
        // RFC 3464 §2.3.3: the action decides the event; an unknown one fails parsing above.
        event = rcpt.action;
        result.success = rcpt.action !== 'failed' && rcpt.action !== 'delayed';
        if (rcpt.action === 'failed' && c.code !== 0) {
          suppressing = suppressAfterFailure(q, { id: mr.id, account: d.account, address: mr.recipientAddress }, c.code, c.secode, 'DSN', now, queueAfter);
        }
      }
    }
    mr.results.push(result);
    q.db.prepare('UPDATE msg_retired SET results = ?, last_activity = ? WHERE id = ?').run(JSON.stringify(mr.results), now, mr.id);
    q.hooks.outgoing(
      {
        account: d.account,
        event,
        dsn,
        suppressing,
        queueMsgId: mr.id,
        fromId,
        messageId: mr.messageId,
        subject: mr.subject,
        code: result.code,
        secode: result.secode,
        extra: mr.extra,
        // mox's hook record has the incoming message's Message-ID and no extra data.
        recordMessageId: part.envelope?.messageId ?? '',
        recordExtra: {},
      },
      now,
      hooksAfter,
    );
    queueAfter.push(() => q.deps.log.debug('incoming message about a sent message', { fromId, msgId: mr.id, event }));
    return true;
  });
  if (!wrote) return;
  await q.db.durable();
  for (const f of queueAfter) f();
  for (const f of hooksAfter) f();
}
