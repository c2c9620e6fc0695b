import { migrate, type SqlDb } from '../store/index.js';

const msgColumns = `
    baseid INTEGER NOT NULL DEFAULT 0,
    queued INTEGER NOT NULL,
    sender_account TEXT NOT NULL,
    sender_localpart TEXT NOT NULL,
    sender_domain_str TEXT NOT NULL,
    fromid TEXT NOT NULL DEFAULT '',
    recipient_localpart TEXT NOT NULL,
    recipient_domain TEXT NOT NULL,
    recipient_domain_str TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 0,
    dialed_ips TEXT NOT NULL DEFAULT '{}',
    last_attempt INTEGER,
    results TEXT NOT NULL DEFAULT '[]',
    has8bit INTEGER NOT NULL DEFAULT 0,
    smtputf8 INTEGER NOT NULL DEFAULT 0,
    is_dmarc_report INTEGER NOT NULL DEFAULT 0,
    is_tls_report INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL,
    message_id TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    transport TEXT NOT NULL DEFAULT '',
    require_tls INTEGER,
    future_release_request TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}'`;

/** Queue database schema (queue/index.db), versioned with PRAGMA user_version. */
const migrations: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
  CREATE TABLE msg (
    id INTEGER PRIMARY KEY,
    hold INTEGER NOT NULL DEFAULT 0,
    sender_domain TEXT NOT NULL,
    next_attempt INTEGER NOT NULL,
    msg_prefix BLOB,
    dsn_utf8 BLOB,
    ${msgColumns}
  );
  CREATE INDEX msg_next ON msg(hold, next_attempt);
  CREATE INDEX msg_fromid ON msg(fromid) WHERE fromid != '';
  CREATE TABLE msg_retired (
    id INTEGER PRIMARY KEY,
    last_activity INTEGER NOT NULL,
    recipient_address TEXT NOT NULL,
    success INTEGER NOT NULL,
    keep_until INTEGER NOT NULL,
    ${msgColumns}
  );
  CREATE INDEX msg_retired_keep ON msg_retired(keep_until);
  CREATE INDEX msg_retired_rcpt ON msg_retired(recipient_address, last_activity);
  CREATE INDEX msg_retired_fromid ON msg_retired(fromid) WHERE fromid != '';
  CREATE TABLE holdrule (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL DEFAULT '',
    sender_domain_str TEXT NOT NULL DEFAULT '',
    recipient_domain_str TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE suppression (
    id INTEGER PRIMARY KEY,
    created INTEGER NOT NULL,
    account TEXT NOT NULL,
    base_address TEXT NOT NULL,
    original_address TEXT NOT NULL,
    manual INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (account, base_address)
  );
  `,
  // Webhooks (mox's queue.Hook and queue.HookRetired), in the queue database so a hook
  // commits in the same transaction as the queue change it reports. Ids come from
  // AUTOINCREMENT: a retired hook keeps its id, so ids are never reused. dedup_key makes
  // hooks for an incoming delivery idempotent (a retried delivery after a crash).
  `
  CREATE TABLE hook (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_msg_id INTEGER NOT NULL DEFAULT 0,
    fromid TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    account TEXT NOT NULL,
    url TEXT NOT NULL,
    authz TEXT NOT NULL DEFAULT '',
    is_incoming INTEGER NOT NULL DEFAULT 0,
    outgoing_event TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    submitted INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    results TEXT NOT NULL DEFAULT '[]',
    dedup_key TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX hook_next ON hook(next_attempt);
  CREATE INDEX hook_queue_msg ON hook(queue_msg_id) WHERE queue_msg_id != 0;
  CREATE INDEX hook_dedup ON hook(dedup_key) WHERE dedup_key != '';
  CREATE TABLE hook_retired (
    id INTEGER PRIMARY KEY,
    queue_msg_id INTEGER NOT NULL DEFAULT 0,
    fromid TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    account TEXT NOT NULL,
    url TEXT NOT NULL,
    authz INTEGER NOT NULL DEFAULT 0,
    is_incoming INTEGER NOT NULL DEFAULT 0,
    outgoing_event TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    submitted INTEGER NOT NULL,
    superseded_by_id INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    results TEXT NOT NULL DEFAULT '[]',
    success INTEGER NOT NULL DEFAULT 0,
    last_activity INTEGER NOT NULL,
    keep_until INTEGER NOT NULL,
    dedup_key TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX hook_retired_keep ON hook_retired(keep_until);
  CREATE INDEX hook_retired_activity ON hook_retired(account, last_activity);
  CREATE INDEX hook_retired_dedup ON hook_retired(dedup_key) WHERE dedup_key != '';
  `,
];

/** Brings the queue database to the current schema. */
export function migrateQueue(db: SqlDb): void {
  migrate(db, migrations);
}
