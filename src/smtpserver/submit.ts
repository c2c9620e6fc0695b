import { randomBytes } from 'node:crypto';
import { formatMessageDate, localZoneOffset, parseHeader } from '../message/index.js';
import {
  C250Completed,
  C550MailboxUnavail,
  C554TransactionFailed,
  ReplyError,
  SeMailbox2Other0,
  SeMsg6Other0,
  pathString,
} from '../smtp/index.js';
import type { ReceivedData } from './message.js';
import { applyVerdict } from './policy.js';
import { receivedHeader } from './received.js';
import type { Session } from './session.js';
import type { Transaction } from './state.js';

/**
 * Accepts a submitted message into the queue (RFC 6409): adds Message-Id and Date when
 * missing (RFC 6409 §8.3, §8.2), a Received header and Authentication-Results, collects
 * mox's X-Mox-Extra-* values, and answers 250 only after the queue committed the message.
 */
export async function submitMessage(s: Session, tx: Transaction, msg: ReceivedData): Promise<void> {
  const auth = s.auth!;
  const header = parseHeader(msg.data);
  if (!header.terminated) {
    throw new ReplyError(C554TransactionFailed, SeMsg6Other0, 'message requires both header and body section');
  }
  if (s.config.pedantic && header.has('Return-Path')) {
    // RFC 5321 §4.4: Return-Path is added at final delivery, not by the submitter.
    throw new ReplyError(C550MailboxUnavail, SeMsg6Other0, 'message should not have Return-Path header');
  }
  const extra = extraValues(header.fields);
  // The values travel as the queue's Extra data; the headers are not sent on (mox has this
  // as a todo: it keeps them).
  const data = withoutFields(msg.data, header.fields.filter((f) => f.key.startsWith('x-mox-extra-')));
  const utf8 = msg.smtputf8 ?? tx.params.smtputf8;
  const host = s.config.hostname;
  const hostName = utf8 && host.unicode ? host.unicode : host.ascii;
  let added = '';
  let messageIdHeader = header.text('Message-Id')?.trim() ?? '';
  if (!messageIdHeader) {
    messageIdHeader = `<${randomBytes(16).toString('base64url')}@${hostName}>`;
    added += `Message-Id: ${messageIdHeader}\r\n`;
  }
  if (!header.has('Date')) {
    const now = s.ports.clock.now();
    added += `Date: ${formatMessageDate(now, localZoneOffset(now))}\r\n`;
  }
  // RFC 8601 §2.7.4: record that the sender authenticated.
  added += `Authentication-Results: ${hostName};\r\n\tauth=pass smtp.mailfrom=${pathString(tx.from, utf8)}\r\n`;
  // RFC 8689 §4.1: REQUIRETLS, or "TLS-Required: No" to relax the recipient's policies.
  const tlsRequired = header.getAll('TLS-Required');
  const requireTls = tx.params.requireTls ? true : tlsRequired.length > 0 && tlsRequired.every((f) => f.value.toString().trim().toLowerCase() === 'no') ? false : null;

  const rcpts = tx.rcpts.map((r) => r.path);
  await applyVerdict(s, s.ports.policy.submitData({ cid: s.cid, service: s.config.service, account: auth.account }, tx.from, rcpts));

  const received = receivedHeader(s, {
    from: hostName,
    rcptTo: rcpts.length === 1 ? pathString(rcpts[0]!, utf8) : undefined,
    utf8,
    requireTls: tx.params.requireTls,
  });
  const ids = await s.ports.submit({
    cid: s.cid,
    account: auth.account,
    username: auth.username,
    from: tx.from,
    rcpts,
    prefix: Buffer.from(received + added),
    data,
    has8bit: msg.has8bit,
    smtputf8: utf8,
    requireTls,
    futureRelease: tx.params.futureRelease,
    extra,
    messageIdHeader,
    subject: header.decoded('Subject')?.trim() ?? '',
  });
  s.ctx.bus.emit('smtp.accepted', { cid: s.cid, from: pathString(tx.from), to: rcpts.map((r) => pathString(r)), size: data.length, queued: ids });
  s.reply(C250Completed, SeMailbox2Other0, 'it is done');
}

/**
 * mox's X-Mox-Extra-<Key> headers: the key is the MIME-canonical header name without the
 * prefix; a key given twice is an error.
 */
function extraValues(fields: readonly { name: string; key: string; value: Buffer }[]): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const f of fields) {
    if (!f.key.startsWith('x-mox-extra-')) continue;
    const k = canonicalHeaderKey(f.name).slice('X-Mox-Extra-'.length);
    if (Object.hasOwn(extra, k)) {
      throw new ReplyError(C554TransactionFailed, SeMsg6Other0, `duplicate x-mox-extra- key ${JSON.stringify(k)}`);
    }
    extra[k] = f.value.toString('utf8').trim();
  }
  return extra;
}

/** The message without the given header fields (their raw bytes, folding included). */
function withoutFields(data: Buffer, fields: readonly { offset: number; raw: Buffer }[]): Buffer {
  if (fields.length === 0) return data;
  const parts: Buffer[] = [];
  let pos = 0;
  for (const f of [...fields].sort((a, b) => a.offset - b.offset)) {
    parts.push(data.subarray(pos, f.offset));
    pos = f.offset + f.raw.length;
  }
  parts.push(data.subarray(pos));
  return Buffer.concat(parts);
}

/** "x-mox-extra-order-id" → "X-Mox-Extra-Order-Id" (each dash-separated word capitalised). */
function canonicalHeaderKey(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('-');
}
