import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock/index.js';
import { backupDataDir, messagePath, Store, verifyDataDir } from '../../src/store/index.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/tmp.js';

async function setup(t: import('node:test').TestContext) {
  const base = tempDir(t);
  const configDir = join(base, 'config');
  const dataDir = join(base, 'data');
  mkdirSync(configDir);
  writeFileSync(join(configDir, 'mox.conf'), 'DataDir: ../data\n');
  writeFileSync(join(configDir, 'domains.conf'), 'Domains: nil\n');
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const d = testDeps({ clock });
  const store = new Store({ dataDir, clock, bus: d.bus, log: d.log });
  const acc = await store.account('mjl');
  const infos = await acc.appendMessages(acc.mailbox('Inbox')!.id, [0, 1, 2].map((i) => ({ data: Buffer.from(`Subject: ${i}\r\n\r\nbody ${i}\r\n`) })));
  await acc.durable();
  store.auth();
  writeFileSync(join(dataDir, 'receivedid.key'), 'k');
  writeFileSync(join(dataDir, 'stray.txt'), 'x');
  t.after(() => store.close());
  return { base, configDir, dataDir, acc, infos, clock };
}

test('backup: snapshots, linked message files, config copy, warnings for strays; verifydata passes on the copy', async (t) => {
  const { base, configDir, dataDir, acc, infos, clock } = await setup(t);
  const lines: string[] = [];
  const dst = join(base, 'backup');
  const ok = await backupDataDir({ dataDir, configDir, dstDir: dst, version: 'v-test', output: (l) => lines.push(l), now: () => clock.now() });
  assert.equal(ok, true, lines.join('\n'));
  assert.deepEqual(lines, ['warning: backing up unrecognized file; path=stray.txt']);
  assert.equal(readFileSync(join(dst, 'config', 'mox.conf'), 'utf8'), 'DataDir: ../data\n');
  assert.equal(readFileSync(join(dst, 'data', 'moxversion'), 'utf8'), 'v-test');
  assert.ok(existsSync(join(dst, 'data', 'auth.db')));
  assert.ok(existsSync(join(dst, 'data', 'accounts', 'mjl', 'index.db')));
  const src = acc.messageFile(infos[0]!.id);
  const copy = join(dst, 'data', 'accounts', 'mjl', 'msg', messagePath(infos[0]!.id));
  assert.equal(statSync(copy).ino, statSync(src).ino, 'message files are hard links');

  const out: string[] = [];
  const v = await verifyDataDir({ dataDir: join(dst, 'data'), output: (l) => out.push(l) });
  assert.deepEqual([v.ok, v.moxversion, out], [true, 'v-test', ['warning: stray.txt: unrecognized other file, ignoring']]);

  // A second backup to the same place refuses to overwrite: errors, not success.
  const again: string[] = [];
  assert.equal(await backupDataDir({ dataDir, configDir, dstDir: dst, version: 'v', output: (l) => again.push(l), now: () => 0 }), false);
  assert.ok(again.some((l) => l.startsWith('warning: destination data directory already exists')));
  assert.ok(again.some((l) => l.startsWith('error: ')));
});

test('verifydata: missing and resized message files, stray message files (and -fix), broken database', async (t) => {
  const { base, configDir, dataDir, infos, clock } = await setup(t);
  const dst = join(base, 'b');
  assert.equal(await backupDataDir({ dataDir, configDir, dstDir: dst, version: 'v', output: () => {}, now: () => clock.now() }), true);
  const d = join(dst, 'data');
  const msgDir = join(d, 'accounts', 'mjl', 'msg');
  rmSync(join(msgDir, messagePath(infos[0]!.id)));
  // A hard link: write a new file instead of changing the original's content.
  const p1 = join(msgDir, messagePath(infos[1]!.id));
  const data = readFileSync(p1);
  rmSync(p1);
  writeFileSync(p1, Buffer.concat([data, Buffer.from('extra')]));
  writeFileSync(join(msgDir, 'a', '999'), 'stray');
  let out: string[] = [];
  const errorsOnly = (l: string) => {
    if (l.startsWith('error: ')) out.push(l);
  };
  let v = await verifyDataDir({ dataDir: d, output: errorsOnly });
  assert.equal(v.ok, false);
  assert.equal(out.length, 3, out.join('\n'));
  assert.match(out[0]!, /^error: .*msg\/a\/\d+: checking if file exists: ENOENT/);
  assert.match(out[1]!, /^error: .*index\.db: checking message size: .*message size is \d+, should be \d+/);
  assert.match(out[2]!, /^error: .*msg\/a\/999: unrecognized file in account message directory \(use the -fix flag to move it away\)/);
  // -skip-size-check drops the size error; -fix moves the stray file away.
  out = [];
  v = await verifyDataDir({ dataDir: d, fix: true, skipSizeCheck: true, output: (l) => out.push(l) });
  assert.equal(out.length, 3, out.join('\n'));
  assert.match(out[0]!, /checking if file exists/);
  assert.match(out[1]!, /^warning: moved .*msg\/a\/999 to .*moved\/accounts\/mjl\/msg\/a\/999$/);
  assert.ok(existsSync(join(d, 'moved', 'accounts', 'mjl', 'msg', 'a', '999')));
  // Corrupt database.
  writeFileSync(join(d, 'auth.db'), Buffer.from('not a database at all, not even close'.repeat(200)));
  out = [];
  v = await verifyDataDir({ dataDir: d, skipSizeCheck: true, output: (l) => out.push(l) });
  assert.ok(out.some((l) => /^error: .*auth\.db: (open database|checking database file)/.test(l)), out.join('\n'));
});

test('verifydata: a directory without accounts/ (e.g. the backup top instead of its data/) or a missing one fails, without throwing', async (t) => {
  const base = tempDir(t);
  mkdirSync(join(base, 'data'));
  mkdirSync(join(base, 'config'));
  let out: string[] = [];
  let v = await verifyDataDir({ dataDir: base, output: (l) => out.push(l) });
  assert.equal(v.ok, false);
  assert.match(out.join('\n'), /^error: .*accounts: reading accounts directory: ENOENT/m);
  out = [];
  v = await verifyDataDir({ dataDir: join(base, 'nonexistent'), output: (l) => out.push(l) });
  assert.equal(v.ok, false);
  assert.match(out.join('\n'), /^error: .*nonexistent: walking data directory: ENOENT/m);
});
