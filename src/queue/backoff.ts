/** Default number of attempts before a message fails (mox: 8). */
export const defaultMaxAttempts = 8;

/** Attempt after which a "delivery delayed" DSN is sent (mox: after the 5th failed attempt). */
export const delayedDsnAttempt = 5;

/**
 * mox's retry schedule: at the start of attempt k (k = attempts already made), the next
 * attempt is set to now + (7m30s ± 5s) × 2^k. With 8 attempts that is, after the first:
 * 0, 7.5m, 22.5m, 52.5m, 1h52.5m, 3h52.5m, 7h52.5m, 15h52.5m. `rand` gives [0, 1).
 */
export function backoffMs(attemptsMade: number, rand: () => number): number {
  const jitter = Math.floor(rand() * 10) - 5;
  return (7 * 60 + 30 + jitter) * 1000 * 2 ** attemptsMade;
}
