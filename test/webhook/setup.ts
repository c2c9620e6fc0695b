import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createTransport } from 'nodemailer';
import { ManualClock } from '../../src/clock/index.js';
import { initLocalserveDir } from '../../src/engine/index.js';
import type { EventMap, EventType } from '../../src/events/index.js';
import { startLocalserve } from '../helpers/localserve.js';
import { tempDir } from '../helpers/tmp.js';
import { hookReceiver, type Received } from './receiver.js';

/** Basic credentials in the outgoing URL become its Authorization header. */
export const outgoingAuth = `Basic ${Buffer.from('hookuser:hookpass').toString('base64')}`;

/**
 * A localserve engine on a manual clock whose mox account sends outgoing webhooks to
 * `<receiver>/out` (with basic credentials) and incoming webhooks to `<receiver>/in`.
 */
export async function webhookServer(t: TestContext, opts: { status?: (r: Received, n: number) => number; incoming?: boolean } = {}) {
  const rx = await hookReceiver(t, { status: opts.status });
  const dir = join(tempDir(t), 'localserve');
  const out = rx.url('/out').replace('http://', 'http://hookuser:hookpass@');
  await initLocalserveDir(dir, {
    now: Date.now(),
    uid: process.getuid?.() ?? 0,
    webhooks: { outgoing: out, incoming: opts.incoming === false ? undefined : rx.url('/in') },
  });
  const clock = new ManualClock(Date.now());
  const ls = await startLocalserve(t, { clock, dir });
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  t.after(() => tr.close());
  /** Submits a message; resolves with the queue ids. */
  const send = async (to: string | string[], o: { subject?: string; headers?: Record<string, string>; text?: string } = {}) => {
    const queued = once(ls.engine.bus, 'queue.added');
    await tr.sendMail({ from: 'app@example.org', to, subject: o.subject ?? 'hello', text: o.text ?? 'body text\n', headers: o.headers });
    return (await queued).msgIds;
  };
  /** Outgoing hook payloads received so far for a queue message. */
  const outFor = (msgId: number) => rx.got.filter((r) => r.path === '/out' && r.json.QueueMsgID === msgId);
  return { ...ls, rx, clock, send, outFor, tr };
}

/** The next event of a type (matching `match`), with a timeout. */
export function once<K extends EventType>(bus: { on: (type: K, fn: (d: EventMap[K]) => void) => () => void }, type: K, match: (d: EventMap[K]) => boolean = () => true, ms = 15_000): Promise<EventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timeout waiting for ${type}`));
    }, ms);
    const off = bus.on(type, (d) => {
      if (!match(d)) return;
      clearTimeout(timer);
      off();
      resolve(d);
    });
  });
}

/** Lets pending I/O and promise callbacks run a few times (manual clock: nothing else moves). */
export async function settle(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** Records events of one type from now on; `wait(pred)` resolves with the first recorded (or later) event matching. */
export function recorder<K extends EventType>(bus: { on: (type: K, fn: (d: EventMap[K]) => void) => () => void }, type: K) {
  const seen: EventMap[K][] = [];
  const waiters: { pred: (d: EventMap[K]) => boolean; resolve: (d: EventMap[K]) => void }[] = [];
  bus.on(type, (d) => {
    seen.push(d);
    for (const w of [...waiters]) {
      if (w.pred(d)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(d);
      }
    }
  });
  return {
    seen,
    wait(pred: (d: EventMap[K]) => boolean = () => true, ms = 15_000): Promise<EventMap[K]> {
      const found = seen.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout waiting for ${type}; seen: ${JSON.stringify(seen)}`)), ms);
        waiters.push({
          pred,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
    },
  };
}
