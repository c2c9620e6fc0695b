import type { SqlDb } from './types.js';

/**
 * Brings a database to the newest schema: migration i (0-based) runs once, in its own
 * transaction, when PRAGMA user_version is i; the version then becomes i+1.
 */
export function migrate(db: SqlDb, migrations: readonly string[]): void {
  const v = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  for (let i = v; i < migrations.length; i++) {
    db.tx(() => {
      db.exec(migrations[i]!);
      db.exec(`PRAGMA user_version = ${i + 1}`);
    });
  }
}
