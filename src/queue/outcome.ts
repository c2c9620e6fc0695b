import { defaultMaxAttempts, delayedDsnAttempt } from './backoff.js';
import { recipientAddress } from './rows.js';
import { retire } from './retire.js';
import { suppressesAtOnce } from './suppression.js';
import { dsnMessage } from './dsn-message.js';
import type { Queue } from './queue.js';
import type { DsnInfo, MsgResult, QueuedMsg, RcptOutcome } from './types.js';
import type { OutgoingEvent } from '../webhook/index.js';

/** After the 5th failed attempt, mox's delayed DSN says retries go on for 4h+8h+16h. */
const delayedRetryMs = (4 + 8 + 16) * 3600_000;

/**
 * Records the outcome of a delivery attempt, as mox's queue does: delivered recipients are
 * retired; a permanent failure, or a temporary one after the last attempt, fails the message
 * (failure DSN to the sender, suppression list update, retired); other temporary failures
 * stay queued, with a "delayed" DSN after the 5th attempt. DSNs and events follow the commit.
 */
export async function recordOutcome(q: Queue, group: QueuedMsg[], outcomes: RcptOutcome[], start: number): Promise<void> {
  const { clock, bus } = q.deps;
  const now = clock.now();
  const byId = new Map(outcomes.map((o) => [o.msgId, o]));
  const retiredIds: number[] = [];
  const after: (() => void)[] = [];
  const hooksAfter: (() => void)[] = [];
  const dsns: DsnInfo[] = [];
  q.db.tx(() => {
    for (const g of group) {
      const m = q.get(g.id);
      if (!m) continue; // Dropped or failed by an admin meanwhile.
      const o = byId.get(m.id) ?? { msgId: m.id, ok: false, code: 0, secode: '', error: 'no result for recipient', permanent: false };
      const result: MsgResult = { start, durationMs: now - start, success: o.ok, code: o.code, secode: o.secode, error: o.ok ? '' : o.error };
      m.results[m.results.length - 1] = result;
      const enhanced = o.secode ? `${Math.floor(o.code / 100)}.${o.secode}` : '';
      const to = recipientAddress(m);
      const max = m.maxAttempts || defaultMaxAttempts;
      // Decision (localserve.md 3): the delivered hook carries the reply's code; mox sends 0.
      const hook = (event: OutgoingEvent) =>
        q.hooks.outgoing({ ...hookFields(m), event, suppressing: m.suppressing, code: o.code, secode: o.secode, error: o.ok ? '' : o.error }, now, hooksAfter);
      if (o.ok) {
        retire(q, m, true, now);
        hook('delivered');
        retiredIds.push(m.id);
        after.push(() => {
          bus.emit('queue.attempted', { msgId: m.id, attempt: m.attempts, to, outcome: 'delivered', code: o.code, enhanced, error: '' });
          bus.emit('queue.retired', { msgId: m.id, success: true, event: 'delivered' });
        });
      } else if (o.permanent || m.attempts >= max) {
        // Suppress the address when mox would; not for failures without a code (network errors).
        if (o.code !== 0 && !o.suppressed) {
          m.suppressing = suppressAfterFailure(q, { id: m.id, account: m.senderAccount, address: recipientAddress(m) }, o.code, o.secode, 'queue', now, after);
        }
        retire(q, m, false, now);
        retiredIds.push(m.id);
        dsns.push({ kind: 'failed', msg: m, error: o.error, code: o.code, secode: o.secode, lines: o.lines ?? [], remoteMta: o.remoteMta });
        const event = o.suppressed ? 'suppressed' : 'failed';
        hook(event);
        after.push(() => {
          bus.emit('queue.attempted', { msgId: m.id, attempt: m.attempts, to, outcome: event, code: o.code, enhanced, error: o.error });
          bus.emit('queue.retired', { msgId: m.id, success: false, event });
        });
      } else {
        q.db.prepare('UPDATE msg SET results = ? WHERE id = ?').run(JSON.stringify(m.results), m.id);
        // Decision (localserve.md 4): the real error, not v0.0.15's "delivering..." placeholder.
        hook('delayed');
        if (m.attempts === delayedDsnAttempt && !m.isDmarcReport) {
          dsns.push({ kind: 'delayed', msg: m, error: o.error, code: o.code, secode: o.secode, lines: o.lines ?? [], remoteMta: o.remoteMta, retryUntil: (m.lastAttempt ?? now) + delayedRetryMs });
        }
        after.push(() =>
          bus.emit('queue.attempted', { msgId: m.id, attempt: m.attempts, to, outcome: 'delayed', code: o.code, enhanced, error: o.error, nextAttempt: m.nextAttempt }),
        );
      }
    }
  });
  // Files go only after the rows that referenced them are durably gone.
  await q.db.durable();
  for (const f of after) f();
  for (const f of hooksAfter) f();
  // DSNs quote the original headers from the file: compose them before removing it.
  for (const d of dsns) await sendDsn(q, d);
  await Promise.all(retiredIds.map((id) => q.removeFile(id)));
}

/** Stores a DSN for the sender (through the engine) and reports it. Failures are logged. */
export async function sendDsn(q: Queue, d: DsnInfo): Promise<void> {
  if (!q.deps.deliverDsn) return;
  // No DSN about a DSN or a message without a sender (RFC 3464 §2, RFC 5321 §4.5.5).
  if (d.msg.senderLocalpart === '' && d.msg.senderDomainStr === '') return;
  try {
    await q.deps.deliverDsn(d.msg.senderAccount, await dsnMessage(q, d), d);
    q.deps.bus.emit('queue.dsnSent', { msgId: d.msg.id, kind: d.kind, account: d.msg.senderAccount });
  } catch (err) {
    q.deps.log.error('delivering dsn', { msgId: d.msg.id, kind: d.kind, err });
  }
}

/** The fields of a queue message that every outgoing hook about it carries. */
export function hookFields(m: { id: number; senderAccount: string; fromId: string; messageId: string; subject: string; extra: Record<string, string> }) {
  return { account: m.senderAccount, queueMsgId: m.id, fromId: m.fromId, messageId: m.messageId, subject: m.subject, extra: m.extra };
}

/**
 * mox's suppression rules after a permanent failure (from the queue or an incoming DSN):
 * codes 521/550/551/553/556 and 5xx with subcode 1.1, 1.2, 1.3, 1.6, 2.1 or 7.1 suppress at
 * once; otherwise the third failure in a row to the address (the two newest retired messages
 * to it, other than this one, failed) does. Runs in the tx; returns whether an entry was added.
 */
export function suppressAfterFailure(
  q: Queue,
  m: { id: number; account: string; address: string },
  code: number,
  secode: string,
  source: 'queue' | 'DSN',
  now: number,
  after: (() => void)[],
): boolean {
  const addr = m.address;
  let reason: string | undefined;
  if (suppressesAtOnce(code, secode)) {
    reason = `delivery failure from ${source} with smtp code ${code}, enhanced code ${JSON.stringify(secode)}`;
  } else {
    const prev = q.db
      .prepare('SELECT success FROM msg_retired WHERE recipient_address = ? AND id != ? ORDER BY last_activity DESC, id DESC LIMIT 2')
      .all(addr, m.id);
    if (prev.length === 2 && prev.every((r) => Number(r.success) === 0)) reason = `delivery failure from ${source} and three consecutive failures`;
  }
  if (!reason) return false;
  const added = q.suppressions.add({ created: now, account: m.account, originalAddress: addr, manual: false, reason });
  if (!added) return false;
  after.push(() => q.deps.bus.emit('queue.suppressed', { account: m.account, address: addr, reason, manual: false }));
  return true;
}
