import { Bus } from '../../src/events/index.js';
import { LogRouter, MemorySink, type LogLevel } from '../../src/log/index.js';
import { SystemClock, type Clock } from '../../src/clock/index.js';

/** A bus, logger and clock for unit tests; logs are kept in memory (shown on failure by the caller). */
export function testDeps(opts: { clock?: Clock; level?: LogLevel } = {}) {
  const clock = opts.clock ?? new SystemClock();
  const sink = new MemorySink(5000);
  const router = new LogRouter({ level: opts.level ?? 'debug', now: () => clock.now(), sinks: [sink] });
  const bus = new Bus({ now: () => clock.now(), backlog: 100 });
  return { clock, bus, router, sink, log: router.logger('test') };
}
