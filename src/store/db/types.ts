/** Values that can be bound to SQL parameters. */
export type SqlValue = string | number | bigint | Buffer | null;

/** A prepared statement (better-sqlite3-shaped, as libsql and node:sqlite are). */
export interface Stmt {
  run(...params: SqlValue[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): Record<string, unknown> | undefined;
  all(...params: SqlValue[]): Record<string, unknown>[];
}

/**
 * The small synchronous database interface the store and queue use, so a driver can be swapped
 * (libsql today; sql.js fallback and node:sqlite later; a PostgreSQL store would sit behind the
 * store's own interfaces instead).
 */
export interface SqlDb {
  /** Runs SQL without results (schema, pragmas). */
  exec(sql: string): void;
  /** Prepares (and caches) a statement. */
  prepare(sql: string): Stmt;
  /** Runs `fn` in a write transaction (BEGIN IMMEDIATE … COMMIT), rolling back on throw. */
  tx<T>(fn: () => T): T;
  /**
   * Resolves when every transaction committed before the call is on stable storage. Commits
   * return before their fsync (so the event loop is not blocked); acknowledge only after this.
   */
  durable(): Promise<void>;
  close(): void;
  /** Path of the database file. */
  readonly path: string;
  /**
   * Counts possible changes made through this connection: it goes up with every statement
   * that is not a plain SELECT, every exec() and every transaction's start and end. Readers
   * may keep derived data while it stays the same (this connection is the only writer).
   */
  readonly generation: number;
}
