import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import type { Change } from './changes.js';
import type { SqlDb } from './db/index.js';
import type { MailboxInfo } from './types.js';

/**
 * What the mailbox and message operations in mailbox-ops.ts and message-ops.ts need of an
 * Account's internals (kept out of account.ts so that file stays small).
 */
export interface AccountCore {
  readonly name: string;
  readonly db: SqlDb;
  readonly clock: Clock;
  readonly log: Logger;
  /** Allocates the next modification sequence; call inside a transaction. */
  nextModseq(): number;
  /** Inserts a mailbox with a fresh UIDVALIDITY; call inside a transaction. */
  insertMailbox(name: string, specialUse: string): MailboxInfo;
  mailbox(name: string): MailboxInfo | undefined;
  mailboxById(id: number): MailboxInfo | undefined;
  /** A new, never used message id (also the file name). */
  allocateId(): number;
  /** Records that ids below `next` are used (meta "nextid"); call inside a transaction. */
  reserveIds(next: number): void;
  messageFile(id: number): string;
  /** Keeps a new message's contents in the store's cache (small ones). */
  cacheMessage(id: number, data: Buffer): void;
  /** Broadcasts committed changes to subscribers. */
  publish(changes: Change[], origin: unknown): void;
}
