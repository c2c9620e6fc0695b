// Message commands: FETCH, STORE, COPY, MOVE, UID EXPUNGE, SEARCH, ESEARCH, REPLACE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CommandArgs, enablesCondstore, type SearchKey, usesSequenceNumbers } from '../../src/imap/index.js';
import { parse, parseRejects } from './helpers.js';

const set = (...r: Array<[number | '*', (number | '*')?]>) => ({ kind: 'ranges', ranges: r.map(([first, last]) => ({ first, last: last ?? first })) });
const keys = (a: CommandArgs): readonly SearchKey[] => {
  assert.ok(a.command === 'SEARCH' || a.command === 'UID SEARCH' || a.command === 'ESEARCH');
  return a.key.keys;
};

test('RFC 9051 §6.4.5: FETCH attributes, sections and macros', async () => {
  assert.deepEqual(await parse('A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n'), {
    command: 'FETCH',
    uid: false,
    set: set([2, 4]),
    atts: [{ att: 'FLAGS' }, { att: 'BODY[]', peek: false, section: { part: [], text: 'HEADER.FIELDS', fields: ['DATE', 'FROM'] } }],
    vanished: false,
  });
  assert.deepEqual(await parse('A999 UID FETCH 4827313:4828442 FLAGS\r\n'), {
    command: 'UID FETCH',
    uid: true,
    set: set([4827313, 4828442]),
    atts: [{ att: 'FLAGS' }],
    vanished: false,
  });
  assert.deepEqual(await parse('a003 fetch 12 full\r\n'), {
    command: 'FETCH',
    uid: false,
    set: set([12]),
    macro: 'FULL',
    atts: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'].map((att) => ({ att })),
    vanished: false,
  });
  const fast = await parse('a fetch 1 FAST\r\n');
  assert.ok(fast.command === 'FETCH' && fast.macro === 'FAST' && fast.atts.length === 3);
  const all = await parse('a fetch 1 all\r\n');
  assert.ok(all.command === 'FETCH' && all.macro === 'ALL' && all.atts.length === 4);
  assert.deepEqual(await parse('A283 FETCH $ (UID INTERNALDATE FLAGS BODY.PEEK[HEADER])\r\n'), {
    command: 'FETCH',
    uid: false,
    set: { kind: 'saved' },
    atts: [{ att: 'UID' }, { att: 'INTERNALDATE' }, { att: 'FLAGS' }, { att: 'BODY[]', peek: true, section: { part: [], text: 'HEADER' } }],
    vanished: false,
  });
  const f = await parse(
    'a FETCH 1:* (BODY[] BODY[1.2.3] BODY[2.MIME] BODY[3.HEADER.FIELDS.NOT (X-A "x-b")] BODY.PEEK[TEXT]<10.20> BODY BODYSTRUCTURE ENVELOPE RFC822 RFC822.HEADER RFC822.TEXT RFC822.SIZE MODSEQ SAVEDATE EMAILID THREADID)\r\n',
  );
  assert.ok(f.command === 'FETCH');
  assert.deepEqual(f.atts, [
    { att: 'BODY[]', peek: false, section: { part: [] } },
    { att: 'BODY[]', peek: false, section: { part: [1, 2, 3] } },
    { att: 'BODY[]', peek: false, section: { part: [2], text: 'MIME' } },
    { att: 'BODY[]', peek: false, section: { part: [3], text: 'HEADER.FIELDS.NOT', fields: ['X-A', 'x-b'] } },
    { att: 'BODY[]', peek: true, section: { part: [], text: 'TEXT' }, partial: { offset: 10, count: 20 } },
    ...['BODY', 'BODYSTRUCTURE', 'ENVELOPE', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'RFC822.SIZE', 'MODSEQ', 'SAVEDATE', 'EMAILID', 'THREADID'].map((att) => ({ att })),
  ]);
  await parseRejects('a FETCH 1 BODY[MIME]\r\n', { tag: 'a', text: /section text/ });
  await parseRejects('a FETCH 1 BODY.PEEK\r\n', { tag: 'a', text: /expected "\["/ });
  await parseRejects('a FETCH 1 BODY[1.0]\r\n', { tag: 'a', text: /non-zero/ });
  await parseRejects('a FETCH 1 BODY[]<1.0>\r\n', { tag: 'a', text: /non-zero/ });
  await parseRejects('a FETCH 1 (FLAGS BOGUS)\r\n', { tag: 'a', text: /fetch attribute/ });
  await parseRejects('a FETCH 1 ()\r\n', { tag: 'a', text: /empty list/ });
  await parseRejects('a FETCH 0 FLAGS\r\n', { tag: 'a', text: /non-zero/ });
  await parseRejects('a FETCH 1 (FLAGS\r\n', { tag: 'a', text: /expected "\)"/ });
});

test('RFC 3516 BINARY, RFC 8970 PREVIEW, RFC 8514 SAVEDATE in FETCH', async () => {
  const f = await parse('a UID FETCH 1 (BINARY[1.2] BINARY.PEEK[]<0.1024> BINARY.SIZE[3] PREVIEW PREVIEW (LAZY))\r\n');
  assert.ok(f.command === 'UID FETCH');
  assert.deepEqual(f.atts, [
    { att: 'BINARY[]', peek: false, part: [1, 2] },
    { att: 'BINARY[]', peek: true, part: [], partial: { offset: 0, count: 1024 } },
    { att: 'BINARY.SIZE', part: [3] },
    { att: 'PREVIEW', lazy: false },
    { att: 'PREVIEW', lazy: true },
  ]);
  const b1 = await parse('B1 FETCH 1:4 (ENVELOPE PREVIEW (LAZY))\r\n');
  assert.ok(b1.command === 'FETCH' && b1.atts[1]!.att === 'PREVIEW');
  await parseRejects('a FETCH 1 BINARY[1.TEXT]\r\n', { tag: 'a' });
  await parseRejects('a FETCH 1 (PREVIEW (FAST))\r\n', { tag: 'a', text: /LAZY/ });
});

test('RFC 7162 §3.1.4, §3.2.6: FETCH modifiers CHANGEDSINCE and VANISHED', async () => {
  assert.deepEqual(await parse('s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n'), {
    command: 'UID FETCH',
    uid: true,
    set: set([1, '*']),
    atts: [{ att: 'FLAGS' }],
    changedSince: 12345,
    vanished: false,
  });
  assert.deepEqual(await parse('s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n'), {
    command: 'UID FETCH',
    uid: true,
    set: set([300, 500]),
    atts: [{ att: 'FLAGS' }],
    changedSince: 12345,
    vanished: true,
  });
  await parseRejects('s UID FETCH 1 FLAGS (VANISHED)\r\n', { tag: 's', text: /VANISHED requires CHANGEDSINCE/ });
  await parseRejects('s FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)\r\n', { tag: 's', text: /only allowed with UID FETCH/ });
  await parseRejects('s FETCH 1 FLAGS (CHANGEDSINCE 1 CHANGEDSINCE 2)\r\n', { tag: 's', text: /duplicate CHANGEDSINCE/ });
  await parseRejects('s FETCH 1 FLAGS (FOO 1)\r\n', { tag: 's', text: /CHANGEDSINCE or VANISHED/ });
});

test('RFC 9051 §6.4.6, RFC 7162 §3.1.3: STORE', async () => {
  assert.deepEqual(await parse('A003 STORE 2:4 +FLAGS (\\Deleted)\r\n'), {
    command: 'STORE',
    uid: false,
    set: set([2, 4]),
    mode: '+',
    silent: false,
    flags: ['\\Deleted'],
  });
  assert.deepEqual(await parse('a005 store 12 +flags \\deleted\r\n'), { command: 'STORE', uid: false, set: set([12]), mode: '+', silent: false, flags: ['\\Deleted'] });
  assert.deepEqual(await parse('F284 STORE $ +FLAGS.Silent (\\Deleted)\r\n'), {
    command: 'STORE',
    uid: false,
    set: { kind: 'saved' },
    mode: '+',
    silent: true,
    flags: ['\\Deleted'],
  });
  assert.deepEqual(await parse('a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)\r\n'), {
    command: 'UID STORE',
    uid: true,
    set: set([6], [4], [8]),
    unchangedSince: 12121230045,
    mode: '+',
    silent: true,
    flags: ['\\Deleted'],
  });
  assert.deepEqual(await parse('m STORE 42 FLAGS f1 f2 $Forwarded\r\n'), { command: 'STORE', uid: false, set: set([42]), mode: '', silent: false, flags: ['f1', 'f2', '$Forwarded'] });
  assert.deepEqual(await parse('c101 STORE 50 (UNCHANGEDSINCE 0) -FLAGS.SILENT ()\r\n'), {
    command: 'STORE',
    uid: false,
    set: set([50]),
    unchangedSince: 0,
    mode: '-',
    silent: true,
    flags: [],
  });
  await parseRejects('a STORE 1 FLAGS\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a STORE 1 +FLAG (\\Seen)\r\n', { tag: 'a', text: /FLAGS or FLAGS.SILENT/ });
  await parseRejects('a STORE 1 FLAGS (\\Bogus)\r\n', { tag: 'a', text: /unknown system flag/ });
  await parseRejects('a STORE 1 (CHANGEDSINCE 1) FLAGS ()\r\n', { tag: 'a', text: /UNCHANGEDSINCE/ });
});

test('RFC 9051 §6.4.7-6.4.9: COPY, MOVE, UID EXPUNGE', async () => {
  assert.deepEqual(await parse('A003 COPY 2:4 MEETING\r\n'), { command: 'COPY', uid: false, set: set([2, 4]), mailbox: 'MEETING' });
  assert.deepEqual(await parse('E283 COPY $ "Other Messages"\r\n'), { command: 'COPY', uid: false, set: { kind: 'saved' }, mailbox: 'Other Messages' });
  assert.deepEqual(await parse('n1 uid copy 1:* oldmail\r\n'), { command: 'UID COPY', uid: true, set: set([1, '*']), mailbox: 'oldmail' });
  assert.deepEqual(await parse('a UID MOVE 42:69 foo\r\n'), { command: 'UID MOVE', uid: true, set: set([42, 69]), mailbox: 'foo' });
  assert.deepEqual(await parse('a MOVE 1 inbox\r\n'), { command: 'MOVE', uid: false, set: set([1]), mailbox: 'Inbox' });
  assert.deepEqual(await parse('A003 UID EXPUNGE 3000:3002\r\n'), { command: 'UID EXPUNGE', uids: set([3000, 3002]) });
  await parseRejects('a COPY 1:2\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a UID EXPUNGE\r\n', { tag: 'a', text: /expected space/ });
});

test('RFC 8508: REPLACE and UID REPLACE', async () => {
  assert.deepEqual(await parse('A003 REPLACE 4 Drafts (\\Seen \\Draft) {5}\r\nhello\r\n'), {
    command: 'REPLACE',
    uid: false,
    target: 4,
    mailbox: 'Drafts',
    message: { flags: ['\\Seen', '\\Draft'], data: Buffer.from('hello'), binary: false, utf8: false },
  });
  const r = await parse('A004 UID REPLACE 2000 Drafts {3+}\r\nabc\r\n');
  assert.ok(r.command === 'UID REPLACE' && r.uid && r.target === 2000);
  await parseRejects('A004 UID REPLACE 2000 Drafts\r\n', { tag: 'A004', text: /expected space/ });
});

test('RFC 9051 §6.4.4: SEARCH keys', async () => {
  assert.deepEqual(keys(await parse('A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"\r\n')), [
    { op: 'FLAGGED' },
    { op: 'SINCE', date: { year: 1994, month: 2, day: 1 } },
    { op: 'NOT', key: { op: 'FROM', value: 'Smith' } },
  ]);
  assert.deepEqual(await parse('A284 SEARCH TEXT "string not in mailbox"\r\n'), {
    command: 'SEARCH',
    uid: false,
    key: { op: 'AND', keys: [{ op: 'TEXT', value: 'string not in mailbox' }] },
  });
  assert.deepEqual(await parse('A285 SEARCH CHARSET UTF-8 TEXT {12}\r\nотпуск\r\n'), {
    command: 'SEARCH',
    uid: false,
    charset: 'UTF-8',
    key: { op: 'AND', keys: [{ op: 'TEXT', value: 'отпуск' }] },
  });
  assert.deepEqual(keys(await parse('P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}\r\nмать\r\n')), [
    { op: 'AND', keys: [{ op: 'OR', left: { op: 'SEQ', set: { kind: 'saved' } }, right: { op: 'SEQ', set: set([1], [3000, 3021]) } }] },
    { op: 'TEXT', value: 'мать' },
  ]);
  assert.deepEqual(keys(await parse('A301 UID SEARCH UID $ SMALLER 4096\r\n')), [
    { op: 'UID', set: { kind: 'saved' } },
    { op: 'SMALLER', size: 4096 },
  ]);
  assert.deepEqual(keys(await parse('h search from maria@example.com\r\n')), [{ op: 'FROM', value: 'maria@example.com' }]);
  assert.deepEqual(keys(await parse('F282 SEARCH KEYWORD $Junk UNKEYWORD $NotJunk\r\n')), [
    { op: 'KEYWORD', keyword: '$Junk' },
    { op: 'UNKEYWORD', keyword: '$NotJunk' },
  ]);
  const all = await parse(
    'a SEARCH ALL ANSWERED BCC b BEFORE 1-Jan-2000 BODY x CC c DELETED DRAFT FLAGGED HEADER Subject "" LARGER 10 NEW OLD ON "2-Mar-2001" RECENT SEEN SENTBEFORE 1-Jan-2000 SENTON 1-Jan-2000 SENTSINCE 1-Jan-2000 SUBJECT s TO t UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN 1:* *\r\n',
  );
  assert.equal(keys(all).length, 28);
  assert.deepEqual(keys(all)[9], { op: 'HEADER', field: 'Subject', value: '' });
  await parseRejects('a SEARCH BOGUS\r\n', { tag: 'a', text: /unknown search key BOGUS/ });
  await parseRejects('a SEARCH\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a SEARCH ALL  SEEN\r\n', { tag: 'a', text: /expected search key/ });
  await parseRejects('a SEARCH OR SEEN\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a SEARCH ()\r\n', { tag: 'a', text: /empty list/ });
  await parseRejects('a SEARCH SINCE 1-Feb-94\r\n', { tag: 'a', text: /expected date/ });
});

test('SEARCH extension keys: RFC 7162 MODSEQ, RFC 5032 OLDER/YOUNGER, RFC 8514 SAVED*', async () => {
  assert.deepEqual(keys(await parse('a SEARCH MODSEQ 620162338\r\n')), [{ op: 'MODSEQ', modseq: 620162338 }]);
  assert.deepEqual(keys(await parse('a1 SEARCH RETURN (MIN) MODSEQ "/flags/\\\\draft" all 620162338\r\n')), [
    { op: 'MODSEQ', modseq: 620162338, entry: { name: '/flags/\\draft', type: 'ALL' } },
  ]);
  assert.deepEqual(keys(await parse('a1 SEARCH UNSEEN YOUNGER 259200 OLDER 1\r\n')), [
    { op: 'UNSEEN' },
    { op: 'YOUNGER', seconds: 259200 },
    { op: 'OLDER', seconds: 1 },
  ]);
  assert.deepEqual(keys(await parse('A102 SEARCH SAVEDON 28-Dec-2014 SAVEDSINCE 1-Jan-2014 SAVEDBEFORE 1-Jan-2015 SAVEDATESUPPORTED\r\n')), [
    { op: 'SAVEDON', date: { year: 2014, month: 12, day: 28 } },
    { op: 'SAVEDSINCE', date: { year: 2014, month: 1, day: 1 } },
    { op: 'SAVEDBEFORE', date: { year: 2015, month: 1, day: 1 } },
    { op: 'SAVEDATESUPPORTED' },
  ]);
  await parseRejects('a SEARCH YOUNGER 0\r\n', { tag: 'a', text: /non-zero/ });
  await parseRejects('a SEARCH MODSEQ "/bogus" all 1\r\n', { tag: 'a', text: /MODSEQ entry/ });
});

test('RFC 4731, RFC 5182: SEARCH RETURN options', async () => {
  const r = await parse('A282 SEARCH RETURN (MIN COUNT) FLAGGED\r\n');
  assert.ok(r.command === 'SEARCH');
  assert.deepEqual(r.return, ['MIN', 'COUNT']);
  const e = await parse('A283 SEARCH RETURN () FLAGGED\r\n');
  assert.ok(e.command === 'SEARCH');
  assert.deepEqual(e.return, []);
  const s = await parse('C285 SEARCH RETURN (MAX SAVE MIN) SINCE 12-Feb-2006\r\n');
  assert.ok(s.command === 'SEARCH');
  assert.deepEqual(s.return, ['MAX', 'SAVE', 'MIN']);
  const u = await parse('A285 UID SEARCH RETURN (MIN MAX) 1:5000\r\n');
  assert.ok(u.command === 'UID SEARCH' && u.uid);
  const c = await parse('B283 SEARCH RETURN (SAVE) CHARSET KOI8-R (OR $ 1,3000:3021) TEXT "x"\r\n');
  assert.ok(c.command === 'SEARCH' && c.charset === 'KOI8-R');
  await parseRejects('a SEARCH RETURN (PARTIAL 1:10) ALL\r\n', { tag: 'a', text: /MIN, MAX, ALL, COUNT or SAVE/ });
  await parseRejects('a SEARCH RETURN (MIN)\r\n', { tag: 'a', text: /expected space/ });
});

test('search nesting has a depth limit', async () => {
  const deep = (n: number, key = 'SEEN') => `a SEARCH ${'NOT '.repeat(n)}${key}\r\n`;
  assert.equal(keys(await parse(deep(10))).length, 1);
  await parseRejects(deep(60), { tag: 'a', text: /nested too deeply/ });
  await parseRejects(`a SEARCH ${'('.repeat(60)}SEEN${')'.repeat(60)}\r\n`, { tag: 'a', text: /nested too deeply/ });
  await parseRejects(deep(12), { tag: 'a', text: /nested too deeply \(max 5\)/ }, { maxSearchDepth: 5 });
});

test('RFC 7377: ESEARCH with mailbox filters', async () => {
  assert.deepEqual(await parse('tag1 ESEARCH IN (mailboxes "folder1" subtree "folder2") unseen\r\n'), {
    command: 'ESEARCH',
    uid: true,
    sources: [
      { kind: 'MAILBOXES', mailboxes: ['folder1'] },
      { kind: 'SUBTREE', mailboxes: ['folder2'] },
    ],
    key: { op: 'AND', keys: [{ op: 'UNSEEN' }] },
  });
  const r = await parse('tag2 ESEARCH IN (personal subtree-one (a b)) RETURN (COUNT) FROM x\r\n');
  assert.ok(r.command === 'ESEARCH');
  assert.deepEqual(r.sources, [{ kind: 'PERSONAL' }, { kind: 'SUBTREE-ONE', mailboxes: ['a', 'b'] }]);
  assert.deepEqual(r.return, ['COUNT']);
  await parseRejects('t ESEARCH IN (selected-delayed) ALL\r\n', { tag: 't', text: /mailbox filter/ });
});

test('RFC 5256: SORT and THREAD (with RFC 5267 RETURN)', async () => {
  assert.deepEqual(await parse('A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994\r\n'), {
    command: 'SORT',
    uid: false,
    criteria: [{ key: 'SUBJECT', reverse: false }],
    charset: 'UTF-8',
    key: { op: 'AND', keys: [{ op: 'SINCE', date: { year: 1994, month: 2, day: 1 } }] },
  });
  assert.deepEqual(await parse('A283 UID SORT RETURN (MIN) (SUBJECT REVERSE DATE) UTF-8 ALL\r\n'), {
    command: 'UID SORT',
    uid: true,
    criteria: [
      { key: 'SUBJECT', reverse: false },
      { key: 'DATE', reverse: true },
    ],
    return: ['MIN'],
    charset: 'UTF-8',
    key: { op: 'AND', keys: [{ op: 'ALL' }] },
  });
  assert.deepEqual(await parse('A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000\r\n'), {
    command: 'THREAD',
    uid: false,
    algorithm: 'ORDEREDSUBJECT',
    charset: 'UTF-8',
    key: { op: 'AND', keys: [{ op: 'SINCE', date: { year: 2000, month: 3, day: 5 } }] },
  });
  await parseRejects('a SORT (SUBJECT) ALL\r\n', { tag: 'a', text: /expected space/ });
  await parseRejects('a SORT (BOGUS) UTF-8 ALL\r\n', { tag: 'a', text: /sort key/ });
});

test('CONDSTORE-enabling commands (RFC 7162 §3.1) and sequence-number use (RFC 9586 §3)', async () => {
  const cases: Array<[string, boolean, boolean]> = [
    ['a SELECT x (CONDSTORE)\r\n', true, false],
    ['a SELECT x\r\n', false, false],
    ['a SELECT x (QRESYNC (1 2 1:5 (1:2 3:4)))\r\n', true, true],
    ['a STATUS x (HIGHESTMODSEQ)\r\n', true, false],
    ['a STATUS x (MESSAGES)\r\n', false, false],
    ['a LIST "" * RETURN (STATUS (HIGHESTMODSEQ))\r\n', true, false],
    ['a FETCH 1 (MODSEQ)\r\n', true, true],
    ['a UID FETCH 1 FLAGS (CHANGEDSINCE 5)\r\n', true, false],
    ['a UID FETCH 1 FLAGS\r\n', false, false],
    ['a UID SEARCH NOT (OR SEEN MODSEQ 5)\r\n', true, false],
    ['a UID SEARCH OR 1:3 SEEN\r\n', false, true],
    ['a UID SEARCH $\r\n', false, false],
    ['a SEARCH ALL\r\n', false, true],
    ['a UID STORE 1 (UNCHANGEDSINCE 5) FLAGS ()\r\n', true, false],
    ['a COPY 1 x\r\n', false, true],
    ['a UID MOVE 1 x\r\n', false, false],
    ['a NOOP\r\n', false, false],
  ];
  for (const [cmd, condstore, seqs] of cases) {
    const a = await parse(cmd);
    assert.equal(enablesCondstore(a), condstore, `condstore ${cmd}`);
    assert.equal(usesSequenceNumbers(a), seqs, `seqs ${cmd}`);
  }
});
