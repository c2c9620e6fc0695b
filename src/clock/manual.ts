import type { Clock } from './clock.js';

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. Sleepers wake in deadline order when
 * {@link ManualClock.advance} passes their deadline; between wake-ups the microtask queue
 * is drained so woken code can schedule its next sleep before time moves on.
 */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start = Date.now()) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const s: Sleeper = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve: () => {} };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((x) => x !== s);
        reject(signal!.reason);
      };
      s.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(s);
    });
  }

  /** Number of pending sleepers; useful for tests that wait until a loop is parked. */
  pending(): number {
    return this.sleepers.length;
  }

  /** Moves time forward by `ms`, waking every sleeper whose deadline is passed, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + Math.max(0, ms);
    for (;;) {
      await settle();
      const due = this.sleepers
        .filter((s) => s.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.t = Math.max(this.t, due.at);
      due.resolve();
    }
    this.t = end;
    await settle();
  }
}

/** Lets pending promise callbacks and immediate I/O callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
