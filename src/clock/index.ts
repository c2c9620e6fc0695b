/**
 * Time for the engine. Everything that schedules (queue retries, webhook retries, DSN
 * timing, retention) asks a {@link Clock} instead of `Date.now()`/`setTimeout`, so tests and
 * the CI fixture can move time forward without sleeping. Layer L0 (leaf).
 */
export type { Clock } from './clock.js';
export { SystemClock } from './system.js';
export { ManualClock } from './manual.js';
