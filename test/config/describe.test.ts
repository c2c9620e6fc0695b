// Field-by-field comparison with Go mox v0.0.15: every key path of the describe output and
// whether it is optional, against the paths in mox's generated config/doc.go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeDynamic, describeStatic } from '../../src/config/index.js';

const vector = (name: string) =>
  readFileSync(new URL(`../vectors/config/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));

/** Key paths of describe output, "optional" added when the key's comment ends so. */
function keyPaths(text: string): string[] {
  const out: string[] = [];
  let comment: string[] = [];
  let stack: string[] = [];
  for (const line of text.split('\n')) {
    const s = line.trim();
    if (s.startsWith('#')) {
      comment.push(s);
      continue;
    }
    if (s === '') continue;
    const indent = line.length - line.replace(/^\t+/, '').length;
    stack = [...stack.slice(0, indent), s.includes(':') ? s.slice(0, s.indexOf(':')) : s];
    out.push(stack.join('.') + (comment.join(' ').endsWith('(optional)') ? ' optional' : ''));
    comment = [];
  }
  return out;
}

test('mox.conf: every key of Go mox v0.0.15, in order, optional where mox has it optional', () => {
  assert.deepEqual(keyPaths(describeStatic()), vector('optional-static.txt'));
});

test('domains.conf: every key of Go mox v0.0.15, in order, optional where mox has it optional', () => {
  assert.deepEqual(keyPaths(describeDynamic()), vector('optional-dynamic.txt'));
});
