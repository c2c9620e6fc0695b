// The CI-fixture examples run as their users would run them (vitest and Jest through a
// node:test shim, since neither is installed here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleProject, runNodeTest } from './project.js';

function passed(out: string, n: number): void {
  assert.match(out, new RegExp(`^# pass ${n}$`, 'm'), out);
  assert.match(out, /^# fail 0$/m, out);
}

test('examples/node-test runs under node --test', async (t) => {
  const dir = exampleProject(t, 'node-test');
  const r = await runNodeTest(dir, 'welcome.test.mjs');
  assert.equal(r.code, 0, r.out);
  passed(r.out, 2);
});

test('examples/vitest runs (vitest API shimmed on node:test)', async (t) => {
  const dir = exampleProject(t, 'vitest');
  const r = await runNodeTest(dir, 'welcome.test.mjs');
  assert.equal(r.code, 0, r.out);
  passed(r.out, 2);
});

test('examples/jest runs (Jest globals shimmed on node:test)', async (t) => {
  const dir = exampleProject(t, 'jest');
  const r = await runNodeTest(dir, 'welcome.test.mjs', ['jest-globals.mjs']);
  assert.equal(r.code, 0, r.out);
  passed(r.out, 2);
});
