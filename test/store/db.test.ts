import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, statSync } from 'node:fs';
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

test('generation goes up with writes and transactions, not with SELECTs', (t) => {
  const db = openLibsql(join(tempDir(t), 'g.db'));
  t.after(() => db.close());
  db.exec('CREATE TABLE t (a INTEGER)');
  const g0 = db.generation;
  db.prepare('SELECT count(*) AS n FROM t').get();
  db.prepare('  select * from t').all();
  assert.equal(db.generation, g0, 'reads change nothing');
  db.prepare('INSERT INTO t (a) VALUES (?)').run(1);
  const g1 = db.generation;
  assert.ok(g1 > g0);
  db.prepare('INSERT INTO t (a) VALUES (?) RETURNING a').get(2);
  assert.ok(db.generation > g1, 'a write through get() counts');
  const g2 = db.generation;
  assert.throws(() =>
    db.tx(() => {
      throw new Error('rolled back');
    }),
  );
  assert.ok(db.generation > g2, 'a rolled back transaction counts');
});

test('close checkpoints the WAL: the database file alone holds all committed data', (t) => {
  const dir = tempDir(t);
  const db = openLibsql(join(dir, 'w.db'));
  db.exec('CREATE TABLE t (a INTEGER)');
  db.tx(() => {
    for (let i = 0; i < 100; i++) db.prepare('INSERT INTO t (a) VALUES (?)').run(i);
  });
  assert.equal(Number(db.prepare('SELECT count(*) AS n FROM t').get()!.n), 100);
  db.close();
  const wal = join(dir, 'w.db-wal');
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'WAL empty after close');
  // A copy of only the database file (as a careless "cp index.db" would make) has the rows.
  copyFileSync(join(dir, 'w.db'), join(dir, 'copy.db'));
  const c = openLibsql(join(dir, 'copy.db'));
  t.after(() => c.close());
  assert.equal(Number(c.prepare('SELECT count(*) AS n FROM t').get()!.n), 100);
});
