import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibsql } from '../../src/store/index.js';
import { tempDir } from '../helpers/tmp.js';

test('driver binds a single Buffer positionally (libsql would take it as named parameters and abort)', (t) => {
  const db = openLibsql(join(tempDir(t), 'x.db'));
  t.after(() => db.close());
  db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b BLOB)');
  db.prepare('INSERT INTO t (b) VALUES (?)').run(Buffer.from('one'));
  const r = db.prepare('SELECT b FROM t WHERE b = ?').get(Buffer.from('one'))!;
  assert.deepEqual(Buffer.from(r.b as Uint8Array), Buffer.from('one'));
  assert.equal(db.prepare('SELECT count(*) AS n FROM t').all().length, 1);
  // A failing statement inside tx rolls back and the next transaction works.
  assert.throws(() => db.tx(() => {
    db.prepare('INSERT INTO t (b) VALUES (?)').run(Buffer.from('two'));
    throw new Error('abort');
  }));
  assert.equal(Number(db.prepare('SELECT count(*) AS n FROM t').get()!.n), 1);
});
