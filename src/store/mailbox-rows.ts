import type { SqlDb } from './db/index.js';
import { mailboxFromRow } from './rows.js';
import type { MailboxInfo } from './types.js';

/**
 * Mailbox rows kept in memory while nothing was written to the account's database (every
 * IMAP command looks up its mailbox; most of them change nothing). Relies on
 * {@link SqlDb.generation}: any write through the connection empties the cache.
 */
export class MailboxRows {
  private generation = -1;
  private readonly rows = new Map<string, MailboxInfo | null>();

  constructor(private readonly db: SqlDb) {}

  /** The row under `key`, read with `read` when not in memory; a copy the caller may change. */
  get(key: string, read: () => Record<string, unknown> | undefined): MailboxInfo | undefined {
    if (this.generation !== this.db.generation) {
      this.rows.clear();
      this.generation = this.db.generation;
    }
    let mb = this.rows.get(key);
    if (mb === undefined) {
      const r = read();
      mb = r ? mailboxFromRow(r) : null;
      this.rows.set(key, mb);
    }
    return mb ? { ...mb } : undefined;
  }
}
