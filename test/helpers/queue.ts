import type { TestContext } from 'node:test';
import { ManualClock } from '../../src/clock/index.js';
import { Queue, QueueAdmin, type AddRequest, type DsnInfo, type QueuedMsg, type RcptOutcome } from '../../src/queue/index.js';
import { testDeps } from './deps.js';
import { tempDir } from './tmp.js';

/** Decides each recipient's outcome in tests. */
export type Script = (m: QueuedMsg) => Omit<RcptOutcome, 'msgId'>;

/** A queue on a manual clock with a scripted transport; DSNs are collected. */
export async function testQueue(t: TestContext, script: Script, opts: { keepRetiredMs?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const dsns: (DsnInfo & { message: Buffer })[] = [];
  const attempts: number[] = [];
  const q = await Queue.open({
    dataDir: tempDir(t),
    clock,
    bus: d.bus,
    log: d.log,
    random: () => 0.5, // no jitter
    keepRetired: () => opts.keepRetiredMs ?? 72 * 3600_000,
    hostname: 'mox.example',
    deliverDsn: async (_account, message, x) => void dsns.push({ ...x, message }),
    transportFor: () => ({
      deliver: async (msgs) => {
        attempts.push(clock.now());
        return msgs.map((m) => ({ msgId: m.id, ...script(m) }));
      },
    }),
  });
  q.start();
  t.after(() => q.close());
  const add = (to: string[], extra: Partial<AddRequest> = {}) =>
    q.add({
      account: 'mox',
      sender: { localpart: 'app', domain: 'example.org', domainStr: 'example.org' },
      recipients: to.map((a) => ({ localpart: a.split('@')[0]!, domain: a.split('@')[1]!, domainStr: a.split('@')[1]! })),
      prefix: Buffer.from('Received: test\r\n'),
      data: Buffer.from('Subject: queued\r\nMessage-ID: <q@example.org>\r\n\r\nbody\r\n'),
      has8bit: false,
      smtputf8: false,
      requireTls: null,
      messageId: '<q@example.org>',
      subject: 'queued',
      extra: {},
      ...extra,
    });
  /** Lets due deliveries run to completion at the current time. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      await q.scheduler.idle();
    }
  };
  return { q, admin: new QueueAdmin(q), clock, dsns, attempts, add, settle, bus: d.bus };
}

export const ok: Omit<RcptOutcome, 'msgId'> = { ok: true, code: 250, secode: '1.5', error: '', permanent: false };
export const temp = (code = 451, secode = '0.0'): Omit<RcptOutcome, 'msgId'> => ({ ok: false, code, secode, error: `rcpt: ${code} ${Math.floor(code / 100)}.${secode} try later`, permanent: false, lines: [`${code} ${Math.floor(code / 100)}.${secode} try later`] });
export const perm = (code = 550, secode = '0.0'): Omit<RcptOutcome, 'msgId'> => ({ ...temp(code, secode), error: `rcpt: ${code} no`, permanent: true });
