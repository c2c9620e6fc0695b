import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMailboxName, matchPattern, patternMatcher } from '../../src/imapserver/mailbox-names.js';

test('LIST patterns: % stops at the separator, * does not; reference is joined; Inbox any case', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'a/b/c', true],
    ['%', 'a', true],
    ['%', 'a/b', false],
    ['a/%', 'a/b', true],
    ['a/%', 'a/b/c', false],
    ['a/*', 'a/b/c', true],
    ['a*c', 'a/b/c', true],
    ['a%c', 'a/b/c', false],
    ['a%c', 'abc', true],
    ['', '', true],
    ['x', 'X', false],
    ['%%%', 'ab', true],
  ];
  for (const [p, n, want] of cases) assert.equal(matchPattern(p, n), want, `${p} ~ ${n}`);
  assert.equal(patternMatcher('Work', ['%'])('Work/x'), true);
  assert.equal(patternMatcher('Work/', ['%'])('Work/x'), true);
  assert.equal(patternMatcher('', ['INBOX'])('Inbox'), true);
  assert.equal(patternMatcher('', ['inbox/%'])('Inbox/sub'), true);
  assert.equal(patternMatcher('/', ['*'])('a'), false);
  assert.equal(patternMatcher('', [''])('a'), false);
});

test('LIST patterns with many wildcards stay fast (no backtracking blowup)', () => {
  const pat = `${'*a'.repeat(40)}b`;
  const name = 'a'.repeat(200);
  assert.equal(matchPattern(pat, name), false);
});

test('mailbox name checks', () => {
  assert.equal(checkMailboxName('INBOX/x'), 'Inbox/x');
  for (const bad of ['', '/a', 'a/', 'a//b', 'a*', 'a%', 'a\x01', '#news', '..', 'a/../b', '.', 'a/.']) assert.throws(() => checkMailboxName(bad), /./, bad);
  assert.throws(() => checkMailboxName('e\u0301'), /normalized/);
});
