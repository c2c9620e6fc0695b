import type { Cid } from './types.js';

/**
 * Mints connection ids. Like mox, ids start at the current time in milliseconds and count
 * up, so they are unique across restarts and sort by creation.
 */
export class CidSource {
  private last: number;

  constructor(now: number) {
    this.last = now;
  }

  /** A new, unique connection id. */
  next(): Cid {
    return ++this.last;
  }
}

/** A cid as it appears in logs: lowercase hex, as mox prints it. */
export function formatCid(cid: Cid): string {
  return cid.toString(16);
}
