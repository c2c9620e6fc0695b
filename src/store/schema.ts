import { migrate, type SqlDb } from './db/index.js';

/**
 * Account database schema, versioned with PRAGMA user_version. Each migration runs once in
 * its own transaction.
 */
const migrations: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
  CREATE TABLE mailbox (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    uidvalidity INTEGER NOT NULL,
    uidnext INTEGER NOT NULL,
    specialuse TEXT NOT NULL DEFAULT '',
    subscribed INTEGER NOT NULL DEFAULT 1,
    modseq INTEGER NOT NULL,
    created INTEGER NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    unseen INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE message (
    id INTEGER PRIMARY KEY,
    mailbox_id INTEGER NOT NULL REFERENCES mailbox(id),
    uid INTEGER NOT NULL,
    modseq INTEGER NOT NULL,
    createseq INTEGER NOT NULL,
    flags INTEGER NOT NULL DEFAULT 0,
    keywords TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    received INTEGER NOT NULL,
    savedate INTEGER,
    mailfrom TEXT NOT NULL DEFAULT '',
    rcptto TEXT NOT NULL DEFAULT '',
    remoteip TEXT NOT NULL DEFAULT '',
    messageid TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    dsn INTEGER NOT NULL DEFAULT 0,
    dkey TEXT,
    parsed TEXT
  );
  CREATE UNIQUE INDEX message_mailbox_uid ON message(mailbox_id, uid);
  CREATE UNIQUE INDEX message_dkey ON message(dkey) WHERE dkey IS NOT NULL;
  CREATE TABLE password (id INTEGER PRIMARY KEY CHECK (id = 1), secrets TEXT NOT NULL);
  `,
];

/** Brings an account database to the current schema. */
export function migrateAccount(db: SqlDb): void {
  migrate(db, migrations);
}
