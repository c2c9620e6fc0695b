/** A source of time, injected into every component that schedules work. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds of this clock's time. Rejects with the signal's reason
   * when the signal aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
