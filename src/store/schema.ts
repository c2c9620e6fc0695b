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
  // 2: what QRESYNC (RFC 7162 §3.2) and METADATA (RFC 5464) need: expunged UIDs with the
  // modseq of their removal, changes since a modseq by index, and annotations (mailbox_id 0
  // for server annotations; keys stored lower-case, "/private/..." or "/shared/...").
  `
  CREATE TABLE message_expunged (
    mailbox_id INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    modseq INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
  ) WITHOUT ROWID;
  CREATE INDEX message_expunged_modseq ON message_expunged(mailbox_id, modseq);
  CREATE INDEX message_modseq ON message(mailbox_id, modseq);
  CREATE TABLE annotation (
    id INTEGER PRIMARY KEY,
    mailbox_id INTEGER NOT NULL DEFAULT 0,
    key TEXT NOT NULL,
    is_string INTEGER NOT NULL,
    value BLOB NOT NULL,
    createseq INTEGER NOT NULL,
    modseq INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX annotation_key ON annotation(mailbox_id, key);
  `,
  // 3: subscriptions by name, apart from mailboxes, as mox keeps them: a name can be
  // subscribed without a mailbox (RFC 9051 §6.3.7) and stays subscribed when its mailbox is
  // deleted or renamed (RFC 5258 §3.1 \NonExistent). The old mailbox.subscribed column is no
  // longer used.
  `
  CREATE TABLE subscription (name TEXT PRIMARY KEY) WITHOUT ROWID;
  INSERT INTO subscription (name) SELECT name FROM mailbox WHERE subscribed = 1;
  `,
];

/** Brings an account database to the current schema. */
export function migrateAccount(db: SqlDb): void {
  migrate(db, migrations);
}
