import type { Logger } from '../src/log/index.js';

/** Submit → visible over IMAP: filled in once the IMAP server is in. */
export async function imapLatency(_o: { submission: number; imap: number; count: number; log: Logger }): Promise<{ p50: number; p99: number }> {
  throw new Error('IMAP latency not available yet');
}
