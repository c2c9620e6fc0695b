export type { SqlDb, Stmt, SqlValue } from './types.js';
export { openLibsql } from './libsql.js';
export { migrate } from './migrate.js';
