import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestContext } from 'node:test';

/** The checkout. */
export const root = join(import.meta.dirname, '..', '..');
const shims = join(import.meta.dirname, 'shims');

/**
 * A temporary project holding a copy of an example folder, where "mox-ts" resolves to this
 * checkout's sources (run with tsx, so no build is needed), "nodemailer" to ours, and
 * "vitest" to a node:test shim. Removed when the test ends.
 */
export function exampleProject(t: TestContext, example: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'moxts-example-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(root, 'examples', example), dir, { recursive: true });
  const nm = join(dir, 'node_modules');
  const pkg = (name: string, index: string) => {
    mkdirSync(join(nm, name), { recursive: true });
    writeFileSync(join(nm, name, 'package.json'), JSON.stringify({ name, type: 'module', exports: './index.mjs' }));
    writeFileSync(join(nm, name, 'index.mjs'), index);
  };
  pkg('mox-ts', `export * from ${JSON.stringify(pathToFileURL(join(root, 'src', 'index.ts')).href)};\n`);
  pkg('vitest', `export * from ${JSON.stringify(pathToFileURL(join(shims, 'vitest.mjs')).href)};\n`);
  symlinkSync(join(root, 'node_modules', 'nodemailer'), join(nm, 'nodemailer'));
  return dir;
}

/** Runs node --test on a file in a project (with tsx and extra --import files); resolves with the exit code and output. */
export function runNodeTest(dir: string, file: string, imports: string[] = []): Promise<{ code: number | null; out: string }> {
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const args = ['--import', tsx, ...imports.flatMap((i) => ['--import', pathToFileURL(join(shims, i)).href]), '--test', '--test-reporter=tap', file];
  return new Promise((resolve) => {
    // Without NODE_TEST_CONTEXT, which would make the child think it runs inside our runner.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const p = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, NODE_OPTIONS: '' } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}
