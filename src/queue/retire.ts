import { recipientAddress } from './rows.js';
import type { Queue } from './queue.js';
import type { QueuedMsg } from './types.js';

/** Moves a message to the retired list (kept for the account's period) and deletes its row. */
export function retire(q: Queue, m: QueuedMsg, success: boolean, now: number): void {
  q.db.prepare('DELETE FROM msg WHERE id = ?').run(m.id);
  const keep = q.deps.keepRetired(m.senderAccount);
  if (keep <= 0) return;
  q.db
    .prepare(
      `INSERT INTO msg_retired (id, baseid, queued, sender_account, sender_localpart, sender_domain_str, fromid, recipient_localpart,
         recipient_domain, recipient_domain_str, attempts, max_attempts, dialed_ips, last_attempt, results, has8bit, smtputf8,
         is_dmarc_report, is_tls_report, size, message_id, subject, transport, require_tls, future_release_request, extra,
         last_activity, recipient_address, success, keep_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      m.id, m.baseId, m.queued, m.senderAccount, m.senderLocalpart, m.senderDomainStr, m.fromId, m.recipientLocalpart,
      m.recipientDomain, m.recipientDomainStr, m.attempts, m.maxAttempts, JSON.stringify(m.dialedIps), m.lastAttempt,
      JSON.stringify(m.results), m.has8bit ? 1 : 0, m.smtputf8 ? 1 : 0, m.isDmarcReport ? 1 : 0, m.isTlsReport ? 1 : 0,
      m.size, m.messageId, m.subject, m.transport, m.requireTls === null ? null : m.requireTls ? 1 : 0,
      m.futureReleaseRequest, JSON.stringify(m.extra), now, recipientAddress(m), success ? 1 : 0, now + keep,
    );
}
