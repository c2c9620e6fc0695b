import { createRequire } from 'node:module';
import type { SqlDb, SqlValue, Stmt } from './types.js';

const require = createRequire(import.meta.url);

interface LibsqlStmt {
  run(...p: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...p: unknown[]): Record<string, unknown> | undefined;
  all(...p: unknown[]): Record<string, unknown>[];
}
interface LibsqlDatabase {
  exec(sql: string): void;
  prepare(sql: string): LibsqlStmt;
  close(): void;
}

/**
 * Opens a SQLite database through libsql's synchronous API, in WAL mode with synchronous=FULL
 * so that every commit is durable when it returns (the store acknowledges only after commits).
 */
export function openLibsql(path: string): SqlDb {
  const Database = require('libsql') as new (path: string) => LibsqlDatabase;
  const db = new Database(path);
  db.exec('PRAGMA journal_mode=WAL');
  db.exec('PRAGMA synchronous=FULL');
  db.exec('PRAGMA foreign_keys=ON');
  db.exec('PRAGMA busy_timeout=5000');
  const cache = new Map<string, Stmt>();
  let depth = 0;
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return {
    path,
    exec: (sql) => db.exec(sql),
    prepare(sql: string): Stmt {
      let s = cache.get(sql);
      if (!s) {
        const st = db.prepare(sql);
        s = {
          run: (...p: SqlValue[]) => st.run(...p),
          get: (...p: SqlValue[]) => st.get(...p),
          all: (...p: SqlValue[]) => st.all(...p),
        };
        cache.set(sql, s);
      }
      return s;
    },
    tx<T>(fn: () => T): T {
      // Nested calls join the outer transaction.
      if (depth > 0) return fn();
      begin.run();
      depth++;
      try {
        const r = fn();
        depth--;
        commit.run();
        return r;
      } catch (e) {
        depth--;
        try {
          rollback.run();
        } catch {
          // The transaction may already be rolled back by SQLite.
        }
        throw e;
      }
    },
    close: () => db.close(),
  };
}
