import { createRequire } from 'node:module';
import { fdatasync, open, close } from 'node:fs';
import type { SqlDb, SqlValue, Stmt } from './types.js';

const require = createRequire(import.meta.url);

interface LibsqlStmt {
  run(p: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(p: unknown[]): Record<string, unknown> | undefined;
  all(p: unknown[]): Record<string, unknown>[];
}
interface LibsqlDatabase {
  exec(sql: string): void;
  prepare(sql: string): LibsqlStmt;
  close(): void;
}

/**
 * Opens a SQLite database through libsql's synchronous API in WAL mode.
 *
 * Durability: SQLite runs with synchronous=NORMAL, so a COMMIT writes its WAL frames without
 * an fsync and does not block the event loop for it; {@link SqlDb.durable} then fdatasyncs the
 * WAL file on the thread pool. That is what synchronous=FULL does inside COMMIT (checkpoints
 * sync as before), so a caller that acknowledges after durable() has FULL's guarantee.
 * Concurrent callers share syncs (group commit).
 */
export function openLibsql(path: string): SqlDb {
  const Database = require('libsql') as new (path: string) => LibsqlDatabase;
  const db = new Database(path);
  db.exec('PRAGMA journal_mode=WAL');
  db.exec('PRAGMA synchronous=NORMAL');
  db.exec('PRAGMA foreign_keys=ON');
  db.exec('PRAGMA busy_timeout=5000');
  const cache = new Map<string, Stmt>();
  let depth = 0;
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const wal = new WalSync(`${path}-wal`);
  let closed = false;
  let generation = 0;
  return {
    path,
    get generation() {
      return generation;
    },
    exec: (sql) => {
      generation++;
      db.exec(sql);
    },
    prepare(sql: string): Stmt {
      let s = cache.get(sql);
      if (!s) {
        const st = db.prepare(sql);
        // Always pass positional parameters as one array: libsql takes a single object
        // argument (a Buffer included) as named parameters, and its native code then panics.
        s = /^\s*SELECT\b/i.test(sql)
          ? {
              run: (...p: SqlValue[]) => st.run(p),
              get: (...p: SqlValue[]) => st.get(p),
              all: (...p: SqlValue[]) => st.all(p),
            }
          : {
              run: (...p: SqlValue[]) => (generation++, st.run(p)),
              get: (...p: SqlValue[]) => (generation++, st.get(p)),
              all: (...p: SqlValue[]) => (generation++, st.all(p)),
            };
        cache.set(sql, s);
      }
      return s;
    },
    tx<T>(fn: () => T): T {
      // Nested calls join the outer transaction.
      if (depth > 0) return fn();
      generation++;
      begin.run([]);
      depth++;
      try {
        const r = fn();
        depth--;
        generation++;
        commit.run([]);
        wal.committed();
        return r;
      } catch (e) {
        depth--;
        generation++;
        try {
          rollback.run([]);
        } catch {
          // The transaction may already be rolled back by SQLite.
        }
        throw e;
      }
    },
    durable: () => (closed ? Promise.resolve() : wal.sync()),
    close: () => {
      closed = true;
      // Cached statements keep SQLite from checkpointing the WAL on close: do it here, so the
      // database file holds everything once mox stopped (mox's bolt files are one file each).
      // Without waiting: another connection busy with the database (the running server, when
      // a backup closes its own) keeps the WAL, which is just as durable.
      try {
        db.exec('PRAGMA busy_timeout=0');
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // Left to the next open.
      }
      wal.close();
      db.close();
    },
  };
}

/**
 * Coalescing fdatasync of a WAL file. Commits are counted; sync() resolves after a sync that
 * started after the latest commit, at once when there was none since the last sync.
 */
class WalSync {
  private fd: number | undefined;
  private commits = 0;
  private synced = 0;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly path: string) {}

  /** Records a commit that is not yet on stable storage. */
  committed(): void {
    this.commits++;
  }

  sync(): Promise<void> {
    if (this.synced >= this.commits) return this.running ?? Promise.resolve();
    if (!this.running) {
      const upto = this.commits;
      this.running = this.once()
        .then(() => {
          this.synced = Math.max(this.synced, upto);
        })
        .finally(() => (this.running = undefined));
      return this.running;
    }
    // A sync is running, but it may have started before the caller's commit: wait for the next.
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.sync();
    });
    return this.next;
  }

  private async once(): Promise<void> {
    if (this.fd === undefined) {
      try {
        this.fd = await new Promise<number>((res, rej) => open(this.path, 'r+', (e, fd) => (e ? rej(e) : res(fd))));
      } catch (e) {
        // No WAL file: nothing was written since the last checkpoint removed it.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
    }
    const fd = this.fd;
    await new Promise<void>((res, rej) => fdatasync(fd, (e) => (e ? rej(e) : res())));
  }

  close(): void {
    if (this.fd !== undefined) close(this.fd, () => undefined);
    this.fd = undefined;
  }
}
