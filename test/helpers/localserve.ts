import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Engine, initLocalserveDir, type PortsOption } from '../../src/engine/index.js';
import { MemorySink, formatRecord } from '../../src/log/index.js';
import type { Clock } from '../../src/clock/index.js';
import { tempDir } from './tmp.js';

/** A localserve engine in a temp dir on free ports, stopped when the test ends. */
export async function startLocalserve(t: TestContext, opts: { clock?: Clock; ports?: PortsOption; dir?: string } = {}) {
  const dir = opts.dir ?? join(tempDir(t), 'localserve');
  if (!opts.dir) await initLocalserveDir(dir, { now: Date.now(), uid: process.getuid?.() ?? 0 });
  const sink = new MemorySink(20000);
  const engine = await Engine.start({
    configPath: join(dir, 'mox.conf'),
    profile: 'localserve',
    ports: opts.ports ?? 'free',
    logSinks: [sink],
    logLevel: 'trace',
    clock: opts.clock,
  });
  t.after(async () => {
    await engine.stop();
    const failed = (t as unknown as { passed?: boolean }).passed === false;
    if (failed || process.env.MOXTS_TEST_LOGS) process.stderr.write(sink.records.slice(-200).map(formatRecord).join('\n') + '\n');
  });
  const port = (s: Parameters<Engine['port']>[0]) => {
    const p = engine.port(s);
    if (p === undefined) throw new Error(`no ${s} listener`);
    return p;
  };
  return { engine, dir, sink, port };
}

/** Resolves when `n` messages have been stored, or rejects after `ms`. */
export function waitDelivered(engine: Engine, n: number, ms = 10_000): Promise<void> {
  const p = new Promise<void>((resolve, reject) => {
    let count = 0;
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timeout: ${count} of ${n} messages delivered`));
    }, ms);
    const off = engine.bus.on('store.delivered', () => {
      if (++count >= n) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
  // Awaiting still rejects; this only keeps an early test failure from leaving it unhandled.
  p.catch(() => undefined);
  return p;
}
