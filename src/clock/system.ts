import type { Clock } from './clock.js';

/** The wall clock: `Date.now()` and real timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // Node timers are limited to 2^31-1 ms; longer sleeps are chained.
      const max = 2 ** 31 - 1;
      let timer: NodeJS.Timeout;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const arm = (left: number) => {
        timer = setTimeout(() => {
          if (left > max) return arm(left - max);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.min(Math.max(0, left), max));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm(ms);
    });
  }
}
