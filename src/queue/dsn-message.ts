import { readFile } from 'node:fs/promises';
import { composeDsn, dsnStatusCode, dsnStorePrefix, newMessageId, type DsnRecipient } from '../dsn/index.js';
import { localZoneOffset, parseHeader } from '../message/index.js';
import { recipientAddress, senderAddress } from './rows.js';
import type { Queue } from './queue.js';
import type { DsnInfo } from './types.js';

/**
 * The DSN mox stores for the sender of a queued message (RFC 3464, RFC 6533 for SMTPUTF8):
 * "mail delivery failed" or "mail delivery delayed", with the remote's reply and the original
 * headers, preceded by mox's Return-Path and Delivered-To lines. Reads the queued file, so it
 * must run before the file is removed.
 */
export async function dsnMessage(q: Queue, d: DsnInfo): Promise<Buffer> {
  const m = d.msg;
  const now = q.deps.clock.now();
  const hostname = q.deps.hostname;
  let originalHeader: Buffer | undefined;
  if (m.dsnUtf8) {
    originalHeader = headerOf(m.dsnUtf8);
  } else {
    const file = await readFile(q.messageFile(m.id)).catch(() => undefined);
    if (file) originalHeader = headerOf(Buffer.concat([m.msgPrefix, file]));
  }
  const rcpt: DsnRecipient = {
    finalRecipient: recipientAddress(m),
    action: d.kind,
    status: dsnStatusCode(d.kind, d.secode),
    error: d.error,
    remoteMta: d.remoteMta ? { name: d.remoteMta } : undefined,
    diagnosticCode: d.lines.length ? d.lines : undefined,
    lastAttemptDate: m.lastAttempt ?? undefined,
    willRetryUntil: d.kind === 'delayed' ? d.retryUntil : undefined,
  };
  const sender = senderAddress(m);
  const msg = composeDsn(
    {
      to: sender,
      references: m.messageId || undefined,
      reportingMta: hostname,
      arrivalDate: m.queued,
      futureReleaseRequest: m.futureReleaseRequest || undefined,
      recipients: [rcpt],
      originalHeader,
      smtputf8: m.smtputf8,
    },
    { hostname, now, tzOffsetMinutes: localZoneOffset(now), messageId: newMessageId(hostname) },
  );
  return Buffer.concat([dsnStorePrefix(hostname, sender, m.smtputf8), msg]);
}

function headerOf(msg: Buffer): Buffer {
  return msg.subarray(0, parseHeader(msg).bodyOffset);
}
