// examples/pytest runs with the machine's python3: as plain unittest, and with pytest (its
// fixture in conftest.py) when pytest is installed. mox is this checkout's bin/mox.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './project.js';

const python = spawnSync('python3', ['--version']).status === 0;
const pytest = python && spawnSync('python3', ['-m', 'pytest', '--version']).status === 0;

function run(dir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, MOX_CMD: `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'bin', 'mox.js'))}`, PYTHONDONTWRITEBYTECODE: '1' };
    const p = spawn('python3', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

function copy(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'moxts-pytest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(root, 'examples', 'pytest'), dir, { recursive: true });
  return dir;
}

test('examples/pytest runs with python3 -m unittest', { skip: python ? false : 'no python3' }, async (t) => {
  const r = await run(copy(t), ['-m', 'unittest', '-v']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^Ran 3 tests in /m, r.out);
  assert.match(r.out, /^OK$/m, r.out);
});

test('examples/pytest runs with pytest (session fixture from conftest.py)', { skip: pytest ? false : 'pytest not installed' }, async (t) => {
  const r = await run(copy(t), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\b4 passed\b/, r.out);
});
