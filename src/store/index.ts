/**
 * The message store: accounts with mailboxes and messages (one SQLite index per account plus
 * one file per message, as mox lays them out), IMAP state (UIDVALIDITY, UIDNEXT, modseq,
 * counts, removed UIDs with the modseq of their removal for QRESYNC, RFC 7162 §3.2),
 * annotations (IMAP METADATA, RFC 5464), subscriptions by name (RFC 9051 §6.3.7), password
 * secrets, and a per-account change feed for IMAP sessions. Also the SQL driver used by the queue,
 * export of mailboxes as maildir/mbox (mboxrd, RFC 4155) and the readers for importing them,
 * and backups (database snapshots, linked message files) and their verification. Layer L1.
 */
export { Store, type StoreDeps } from './store.js';
export { AuthDb, type TlsPublicKey } from './auth.js';
export { Account, type AccountDeps } from './account.js';
export { MessageCache, type MessageCacheLimits, type MessageCacheScope } from './message-cache.js';
export type { MessageSummary } from './delivery.js';
export type { Change, ChangeListener } from './changes.js';
export { FlagBits, FlagSeen, FlagDeleted, parseFlags, flagNamesOf, applyFlags, type Flags } from './flags.js';
export { messagePath } from './paths.js';
export type { AppendItem, UidPair } from './message-ops.js';
export {
  AccountAnnotations,
  AnnotationLimitError,
  defaultAnnotationLimits,
  type Annotation,
  type AnnotationLimits,
  type AnnotationUpdate,
} from './annotations.js';
export { normalizeRanges, inRanges, type UidRange } from './resync.js';
export type { ReplaceResult } from './replace-ops.js';
export { StoreError, defaultMailboxes, type MailboxInfo, type MessageInfo, type DeliverRequest } from './types.js';
export { openLibsql, migrate, type SqlDb, type Stmt, type SqlValue } from './db/index.js';
export { exportMailboxes, mboxEntry, ansicDate, type ExportOptions, type ExportResult } from './export.js';
export { readMbox, readMaildir, parseDovecotKeywords, parseFromLineDate, type ImportMessage } from './import-read.js';
export { backupDataDir, type BackupOptions } from './backup.js';
export { verifyDataDir, type VerifyDataOptions, type VerifyDataResult } from './verifydata.js';
