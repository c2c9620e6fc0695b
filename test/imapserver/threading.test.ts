// The THREAD algorithms of RFC 5256 §3 and the THREAD response of §4 and §5, on hand-made inputs:
// the RFC's example shapes, dummy parents, subject merging, loops, duplicates, long chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseSubject } from '../../src/imapserver/base-subject.js';
import { casemapKey } from '../../src/imapserver/collation.js';
import {
  formatThreads,
  messageIdsOf,
  threadOrderedSubject,
  threadReferences,
  threadReferencesOf,
  type ThreadItem,
} from '../../src/imapserver/threading.js';

/** A message numbered `num` (also its mailbox order), dated `date` (default: num). */
function msg(num: number, o: { id?: string; refs?: string[]; subject?: string; date?: number } = {}): ThreadItem {
  const b = baseSubject(o.subject ?? '');
  const it: ThreadItem = { num, order: num, date: o.date ?? num, subjectKey: casemapKey(b.base), isReply: b.isReply, references: o.refs ?? [] };
  if (o.id !== undefined) it.messageId = o.id;
  return it;
}

const refs = (items: ThreadItem[]) => formatThreads(threadReferences(items));
const ordered = (items: ThreadItem[]) => formatThreads(threadOrderedSubject(items));

test('REFERENCES: the RFC 5256 §4 example tree "(2)(3 6 (4 23)(44 7 96))"', () => {
  const items = [
    msg(2, { id: '2@x', subject: 'two' }),
    msg(3, { id: '3@x', subject: 'three' }),
    msg(6, { id: '6@x', refs: ['3@x'], subject: 'Re: three' }),
    msg(4, { id: '4@x', refs: ['3@x', '6@x'], subject: 'Re: three' }),
    msg(23, { id: '23@x', refs: ['3@x', '6@x', '4@x'], subject: 'Re: three' }),
    msg(44, { id: '44@x', refs: ['3@x', '6@x'], subject: 'Re: three' }),
    msg(7, { id: '7@x', refs: ['3@x', '6@x', '44@x'], subject: 'Re: three' }),
    msg(96, { id: '96@x', refs: ['3@x', '6@x', '44@x', '7@x'], subject: 'Re: three' }),
  ];
  assert.equal(refs(items), '(2)(3 6 (4 23)(44 7 96))');
  // The input order does not matter: messages are processed in mailbox order.
  assert.equal(refs([...items].reverse()), '(2)(3 6 (4 23)(44 7 96))');
});

test('REFERENCES: dummy parents (RFC 5256 §4 "((3)(5))") and their pruning', () => {
  // Two replies to a message not in the result keep a dummy parent at the top level.
  assert.equal(refs([msg(3, { id: '3@x', refs: ['gone@x'], subject: 'a' }), msg(5, { id: '5@x', refs: ['gone@x'], subject: 'b' })]), '((3)(5))');
  // With only one child, the dummy is pruned and the child moves up.
  assert.equal(refs([msg(7, { id: '7@x', refs: ['gone@x'] })]), '(7)');
  // Below the top level, a dummy's children always move up, to the dummy's parent.
  assert.equal(
    refs([msg(1, { id: '1@x' }), msg(2, { id: '2@x', refs: ['1@x', 'gone@x'] }), msg(3, { id: '3@x', refs: ['1@x', 'gone@x'] })]),
    '(1 (2)(3))',
  );
  // Nested dummies: two levels of missing messages collapse into one dummy at the top.
  assert.equal(refs([msg(4, { id: '4@x', refs: ['g1@x', 'g2@x'] }), msg(5, { id: '5@x', refs: ['g1@x', 'g2@x'] })]), '((4)(5))');
  // A dummy sorts by its first child after sorting its children (steps 4 and 6).
  assert.equal(
    refs([
      msg(1, { id: '1@x', refs: ['gone@x'], date: 50, subject: 'x1' }),
      msg(2, { id: '2@x', date: 20, subject: 'x2' }),
      msg(3, { id: '3@x', refs: ['gone@x'], date: 10, subject: 'x3' }),
    ]),
    '((3)(1))(2)',
  );
});

test('REFERENCES: step 1 rules: In-Reply-To, existing parents, truncated References, loops, duplicates', () => {
  // Step 1.A keeps an existing parent; 1.B replaces the link of a message with a new parent.
  assert.equal(
    refs([msg(1, { id: 'a@x' }), msg(2, { id: 'c@x', refs: ['a@x', 'b@x'] }), msg(3, { id: 'b@x', refs: ['z@x'], date: 3 })]),
    '(1)(3 2)',
  );
  // Loops are not made: a references b, b references a.
  assert.equal(refs([msg(1, { id: 'a@x', refs: ['b@x'] }), msg(2, { id: 'b@x', refs: ['a@x'] })]), '(2 1)');
  // A message referencing itself has no parent.
  assert.equal(refs([msg(1, { id: 'a@x', refs: ['a@x'] })]), '(1)');
  // A duplicate Message-ID belongs to the first message; the second gets a unique id.
  assert.equal(
    refs([msg(1, { id: 'd@x', subject: 'p' }), msg(2, { id: 'd@x', subject: 'q' }), msg(3, { id: 'e@x', refs: ['d@x'], subject: 'r' })]),
    '(1 3)(2)',
  );
  // Messages without Message-ID are threads of their own (unless subjects merge them).
  assert.equal(refs([msg(1, { subject: 's1' }), msg(2, { subject: 's2' })]), '(1)(2)');
});

test('REFERENCES: step 5 merges threads by base subject', () => {
  // Two originals with one subject get a dummy parent.
  assert.equal(refs([msg(1, { subject: 'Hello' }), msg(2, { subject: 'hello' })]), '((1)(2))');
  // A reply joins the original as its child, even when it comes first.
  assert.equal(refs([msg(1, { subject: 'Re: Hello', date: 1 }), msg(2, { subject: 'Hello', date: 2 })]), '(2 1)');
  assert.equal(refs([msg(1, { subject: 'Hello' }), msg(2, { subject: '[list] Fwd: hello' })]), '(1 2)');
  // Two replies: a dummy again.
  assert.equal(refs([msg(1, { subject: 'Re: x' }), msg(2, { subject: 'Re: x' })]), '((1)(2))');
  // A thread headed by a dummy collects the others as its children.
  assert.equal(
    refs([msg(1, { id: '1@x', refs: ['g@x'], subject: 'Re: topic' }), msg(2, { id: '2@x', refs: ['g@x'], subject: 'Re: topic' }), msg(3, { subject: 'topic' })]),
    '((1)(2)(3))',
  );
  // Empty subjects are never merged.
  assert.equal(refs([msg(1), msg(2, { subject: 'Re:' })]), '(1)(2)');
  // A whole thread moves under the table's message.
  assert.equal(
    refs([msg(1, { id: '1@x', subject: 'plan' }), msg(2, { id: '2@x', subject: 'Re: plan' }), msg(3, { id: '3@x', refs: ['2@x'], subject: 'Re: plan' })]),
    '(1 2 3)',
  );
});

test('REFERENCES: siblings by sent date, ties by mailbox order', () => {
  const items = [
    msg(1, { id: 'p@x', subject: 'root', date: 100 }),
    msg(2, { id: 'c1@x', refs: ['p@x'], date: 300 }),
    msg(3, { id: 'c2@x', refs: ['p@x'], date: 200 }),
    msg(4, { id: 'c3@x', refs: ['p@x'], date: 200 }),
    msg(5, { id: 'other@x', subject: 'other', date: 50 }),
  ];
  assert.equal(refs(items), '(5)(1 (3)(4)(2))');
});

test('REFERENCES: a 20000-message reply chain does not overflow the stack', () => {
  const items: ThreadItem[] = [];
  for (let i = 1; i <= 20_000; i++) items.push(msg(i, { id: `${i}@x`, refs: i > 1 ? [`${i - 1}@x`] : [] }));
  const out = refs(items);
  assert.ok(out.startsWith('(1 2 3 '));
  assert.ok(out.endsWith(' 19999 20000)'));
  // A deep staircase of branches (each node has a leaf and a continuation).
  const stairs: ThreadItem[] = [msg(1, { id: 'n1@x' })];
  for (let i = 1; i < 5000; i++) {
    stairs.push(msg(2 * i, { id: `leaf${i}@x`, refs: [`n${i}@x`] }));
    stairs.push(msg(2 * i + 1, { id: `n${i + 1}@x`, refs: [`n${i}@x`] }));
  }
  assert.ok(refs(stairs).startsWith('(1 (2)(3 (4)(5 (6)(7 '));
});

test('ORDEREDSUBJECT: runs of one base subject, threads by the first message date (RFC 5256 §3)', () => {
  const items = [
    msg(1, { subject: 'b', date: 1 }),
    msg(2, { subject: 'a', date: 2 }),
    msg(3, { subject: 'Re: a', date: 3 }),
    msg(4, { subject: 'B', date: 4 }),
    msg(5, { subject: 'c', date: 0 }),
    msg(6, { subject: '[list] a (fwd)', date: 5 }),
    msg(7, { subject: 'd', date: 9 }),
    msg(8, { subject: 'd', date: 9 }),
  ];
  assert.equal(ordered(items), '(5)(1 4)(2 (3)(6))(7 8)');
  assert.equal(ordered([]), '');
});

test('formatThreads: thread-list syntax (RFC 5256 §4, §5)', () => {
  assert.equal(formatThreads([{ num: 1, children: [] }]), '(1)');
  assert.equal(formatThreads([{ num: null, children: [{ num: 3, children: [] }, { num: 5, children: [] }] }]), '((3)(5))');
  assert.equal(
    formatThreads([{ num: 1, children: [{ num: 2, children: [{ num: 3, children: [] }, { num: 4, children: [{ num: 5, children: [] }] }] }] }]),
    '(1 2 (3)(4 5))',
  );
});

test('Message-ID normalisation and references (RFC 5256 §3)', () => {
  assert.deepEqual(messageIdsOf('<"01KF8JCEOCBS0045PS"@xxx.yyy.com>'), messageIdsOf('<01KF8JCEOCBS0045PS@xxx.yyy.com>'));
  assert.deepEqual(messageIdsOf('<01KF8JCEOCBS0045PS@xxx.yyy.com>'), ['01KF8JCEOCBS0045PS@xxx.yyy.com']);
  assert.deepEqual(messageIdsOf('<"a\\"b"@x>'), ['a"b@x']);
  assert.deepEqual(messageIdsOf('<A@X> <a@x>'), ['A@X', 'a@x'], 'case is kept: ids compare case-sensitively');
  assert.deepEqual(messageIdsOf('<no-at-sign> <@x> <a@> junk (comment) <ok@x >'), ['ok@x']);
  assert.deepEqual(threadReferencesOf(['<a@x> <b@x>', '<c@x>'], '<z@x>'), ['a@x', 'b@x', 'c@x']);
  assert.deepEqual(threadReferencesOf([], '<p@x> <q@x>'), ['p@x'], 'only the first In-Reply-To id');
  assert.deepEqual(threadReferencesOf(['garbage'], 'junk <p@x>'), ['p@x'], 'References without valid ids fall back');
  assert.deepEqual(threadReferencesOf([], undefined), []);
});
