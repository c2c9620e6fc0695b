import { msgFromRow, recipientAddress } from './rows.js';
import { delivering } from './scheduler.js';
import { retire } from './retire.js';
import { hookFields } from './outcome.js';
import type { Queue } from './queue.js';
import type { QueuedMsg } from './types.js';

/**
 * After a crash, messages whose last attempt never finished still say "delivering...". For
 * each, `wasDelivered` tells whether the receiving side committed it (localserve: the
 * delivery key is in the recipient's account). Delivered ones are retired as delivered, so
 * nothing is delivered twice; the others are marked interrupted and retried at once.
 * Returns the number of messages recovered each way.
 */
export async function recoverInterrupted(q: Queue, wasDelivered: (m: QueuedMsg) => Promise<boolean>): Promise<{ delivered: number; retried: number }> {
  const now = q.deps.clock.now();
  const interrupted = q.db
    .prepare('SELECT * FROM msg WHERE results LIKE ?')
    .all(`%"error":"${delivering}"%`)
    .map(msgFromRow)
    .filter((m) => m.results.at(-1)?.error === delivering);
  const verdicts = await Promise.all(interrupted.map(async (m) => [m, await wasDelivered(m).catch(() => false)] as const));
  const retired: number[] = [];
  const hooksAfter: (() => void)[] = [];
  q.db.tx(() => {
    for (const [m, ok] of verdicts) {
      const last = m.results[m.results.length - 1]!;
      if (ok) {
        m.results[m.results.length - 1] = { ...last, success: true, code: 250, secode: '', error: '', durationMs: 0 };
        retire(q, m, true, now);
        q.hooks.outgoing({ ...hookFields(m), event: 'delivered', code: 250 }, now, hooksAfter);
        retired.push(m.id);
      } else {
        m.results[m.results.length - 1] = { ...last, error: 'attempt interrupted by shutdown or crash' };
        q.db.prepare('UPDATE msg SET results = ?, next_attempt = ? WHERE id = ?').run(JSON.stringify(m.results), now, m.id);
      }
    }
  });
  await q.db.durable();
  for (const id of retired) {
    await q.removeFile(id);
    q.deps.bus.emit('queue.retired', { msgId: id, success: true, event: 'delivered' });
  }
  for (const f of hooksAfter) f();
  for (const [m, ok] of verdicts) if (ok) q.deps.log.info('recovered delivered message after restart', { msgId: m.id, to: recipientAddress(m) });
  return { delivered: retired.length, retried: verdicts.length - retired.length };
}
