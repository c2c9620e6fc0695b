// The domains.conf watcher (chokidar): editor-style atomic saves, in-place writes, unchanged
// text, our own writes, and a bad edit refused by a running engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchConfigFile } from '../../src/config/index.js';
import { startLocalserve } from '../helpers/localserve.js';
import { tempDir } from '../helpers/tmp.js';

/** Collects reported texts; `next()` resolves with the next one. */
function collector() {
  const got: string[] = [];
  let wake: (() => void) | undefined;
  return {
    got,
    onChange: (t: string) => {
      got.push(t);
      wake?.();
    },
    /** The n-th report; fails after 10 s without it (no timing is asserted, only arrival). */
    async next(n: number): Promise<string> {
      const end = Date.now() + 10_000;
      while (got.length < n) {
        if (Date.now() > end) throw new Error(`report ${n} did not come; got ${JSON.stringify(got)}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return got[n - 1]!;
    },
  };
}

test('watcher: atomic save by rename, in-place write, unchanged text ignored, own writes ignored', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'domains.conf');
  writeFileSync(path, 'one\n');
  const c = collector();
  const w = watchConfigFile(path, 'one\n', c.onChange, 50);
  // The watch does not keep the process alive (persistent: false); this test's wait must.
  const keep = setInterval(() => undefined, 1000);
  t.after(async () => {
    clearInterval(keep);
    await w.close();
  });
  await w.ready;

  // Editor-style atomic save: write a temporary file, rename it over the config.
  writeFileSync(join(dir, 'domains.conf.swp'), 'two\n');
  renameSync(join(dir, 'domains.conf.swp'), path);
  assert.equal(await c.next(1), 'two\n');

  // Rewriting the same text reports nothing; the next real change is the second report.
  writeFileSync(path, 'two\n');
  // Text written by ourselves (recorded with written()) is not reported either.
  w.written('three\n');
  writeFileSync(path, 'three\n');
  // Delete and recreate (another editor style).
  unlinkSync(path);
  writeFileSync(path, 'four\n');
  assert.equal(await c.next(2), 'four\n');
  // An in-place write after the delete and recreate is still seen. Other files are not reported.
  writeFileSync(join(dir, 'other.conf'), 'x\n');
  writeFileSync(path, 'five\n');
  assert.equal(await c.next(3), 'five\n');
  assert.deepEqual(c.got, ['two\n', 'four\n', 'five\n']);
});

test('engine: an atomic save of domains.conf applies; a bad edit is refused and the old config stays', async (t) => {
  const s = await startLocalserve(t);
  const path = join(s.dir, 'domains.conf');
  const good = readFileSync(path, 'utf8');
  const waitReload = () =>
    new Promise<{ ok: boolean; error?: string }>((resolve) => {
      const off = s.engine.bus.on('engine.configReloaded', (e) => {
        off();
        resolve(e as { ok: boolean; error?: string });
      });
    });

  // Atomic save with a new address for account mox.
  let r = waitReload();
  const edited = good.replace('\t\t\tmox@localhost: nil\n', '\t\t\tmox@localhost: nil\n\t\t\tother@localhost: nil\n');
  assert.notEqual(edited, good);
  writeFileSync(`${path}.tmp`, edited);
  renameSync(`${path}.tmp`, path);
  assert.deepEqual(await r, { ok: true });
  assert.ok(s.engine.config.dynamic.Accounts.mox!.Destinations['other@localhost'] !== undefined);

  // A bad edit (the postmaster account renamed away): refused with the problem, logged, old config kept.
  r = waitReload();
  writeFileSync(path, edited.replace(/Accounts:\n\tmox:/, 'Accounts:\n\tnosuch:'));
  const bad = await r;
  assert.equal(bad.ok, false);
  assert.match(bad.error!, /postmaster account "mox" does not exist in domains\.conf/);
  assert.ok(s.sink.records.some((rec) => rec.level === 'error' && /refused/.test(rec.msg)));
  assert.ok(Object.hasOwn(s.engine.config.dynamic.Accounts, 'mox'));
  assert.ok(s.engine.config.dynamic.Accounts.mox!.Destinations['other@localhost'] !== undefined);
});
