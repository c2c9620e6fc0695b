// Base subject extraction (RFC 5256 §2.1), the i;unicode-casemap collation (RFC 5051) and
// the SORT values taken from the envelope (RFC 5256 §3, RFC 5957 §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseSubject } from '../../src/imapserver/base-subject.js';
import { casemapKey, compareKeys } from '../../src/imapserver/collation.js';
import { displayValue, sentDate, sortValue } from '../../src/imapserver/sort-keys.js';
import { parseMessage } from '../../src/message/index.js';
import type { MessageInfo } from '../../src/store/index.js';

test('base subject: RFC 5256 §2.1 steps', () => {
  const cases: [string, string, boolean][] = [
    // Step 1: white space.
    ['plain', 'plain', false],
    ['  spaced \t out\r\n  words  ', 'spaced out words', false],
    // Step 2: trailing "(fwd)" and white space, repeatedly; "(fwd)" marks a forward.
    ['report (fwd)', 'report', true],
    ['report (FWD)  (fwd) ', 'report', true],
    ['report(fwd)x', 'report(fwd)x', false],
    // Step 3: subj-leader, any case, with optional blob before the colon.
    ['Re: hello', 'hello', true],
    ['RE:hello', 'hello', true],
    ['re : hello', 'hello', true],
    ['Fw: hello', 'hello', true],
    ['FWD: hello', 'hello', true],
    ['Re[2]: hello', 'hello', true],
    ['Re [2] : hello', 'hello', true],
    ['Re: Re: Fwd: hello', 'hello', true],
    ['[list] Re: hello', 'hello', true],
    ['[a][b] [c] Re: hello', 'hello', true],
    // Not a leader: no colon, or a word that only starts like one.
    ['Regarding: hello', 'Regarding: hello', false],
    ['Fwd hello', 'Fwd hello', false],
    ['Re hello', 'Re hello', false],
    // Step 4: a leading blob goes only when a non-empty subject follows.
    ['[list] hello', 'hello', false],
    ['[list]', '[list]', false],
    ['[a] [b]', '[b]', false],
    ['[a] [b] (fwd)', '[b]', true],
    ['[unclosed hello', '[unclosed hello', false],
    ['[a[b] hello', '[a[b] hello', false],
    // Step 5: leaders and blobs alternate.
    ['[list] Re: [other] Fwd: [x] hello', 'hello', true],
    // Step 6: "[fwd: ...]" is unwrapped, and extraction starts again.
    ['[Fwd: hello]', 'hello', true],
    ['[fwd: Re: hello] (fwd)', 'hello', true],
    ['[fwd: [fwd: [list] hello]]', 'hello', true],
    ['[fwd: hello', '[fwd: hello', false],
    // Empty results.
    ['', '', false],
    ['Re:', '', true],
    ['Re: (fwd)', '', true],
    ['   ', '', false],
    // Case is kept; non-ASCII text and blobs work.
    ['Re: Grüße aus Köln', 'Grüße aus Köln', true],
    ['[Liste-ü] Grüße', 'Grüße', false],
  ];
  for (const [subject, base, isReply] of cases) {
    assert.deepEqual(baseSubject(subject), { base, isReply }, JSON.stringify(subject));
  }
});

test('i;unicode-casemap: titlecase and NFKD before comparing (RFC 5051 §2)', () => {
  assert.equal(casemapKey('Hello World'), casemapKey('hELLO wORLD'));
  assert.equal(casemapKey('Café'), casemapKey('CAFE\u0301'), 'composed and decomposed forms are equal');
  assert.equal(casemapKey('\u01c6'), casemapKey('\u01c4'), 'digraph dž and DŽ share the titlecase Dž');
  assert.equal(casemapKey('\uff41\uff42'), casemapKey('AB'), 'NFKD maps fullwidth letters');
  assert.equal(casemapKey('\u2460'), '1');
  assert.notEqual(casemapKey('straße'), casemapKey('STRASSE'), 'ß has no simple titlecase');
  assert.equal(casemapKey('ä'), casemapKey('Ä'));
  // Ordering is by code point of the keys: É (E + U+0301) sorts with E, before F.
  const words = ['zed', 'Émile', 'bob', 'Fred', 'eve'];
  const sorted = [...words].sort((a, b) => compareKeys(casemapKey(a), casemapKey(b)));
  assert.deepEqual(sorted, ['bob', 'eve', 'Émile', 'Fred', 'zed']);
  // Above U+FFFF, code point order differs from UTF-16 unit order.
  assert.ok(compareKeys('\u{1f600}', '\ufffd') > 0);
  assert.ok(compareKeys('\uffe0', '\u{10000}') < 0);
  assert.ok(compareKeys('ab', 'abc') < 0);
  assert.equal(compareKeys('x', 'x'), 0);
});

function info(over: Partial<MessageInfo> = {}): MessageInfo {
  return {
    id: 1, mailboxId: 1, uid: 1, modseq: 1, createseq: 1, flags: 0, keywords: [], size: 1234, received: 1_700_000_000_000,
    savedate: null, mailFrom: '', rcptTo: '', remoteIp: '', messageIdHeader: '', subject: '', dsn: false, parsed: null, ...over,
  };
}

test('sort values from the envelope (RFC 5256 §2.2, §3; RFC 5957 §3)', () => {
  const env = parseMessage(
    Buffer.from(
      'From: =?utf-8?q?=C3=89mile?= <emile@e.example>, bob@b.example\r\n' +
        'To: undisclosed-recipients:;\r\nCc: "Carol C" <"c c"@c.example>\r\n' +
        'Subject: [list] Re: Plans (fwd)\r\nDate: Mon, 2 Jan 2006 15:04:05 -0700\r\n\r\nx\r\n',
    ),
  ).envelope;
  const m = info();
  assert.equal(sortValue('ARRIVAL', m, env), m.received);
  assert.equal(sortValue('SIZE', m, env), 1234);
  assert.equal(sortValue('DATE', m, env), Date.UTC(2006, 0, 2, 22, 4, 5), 'sent date in UTC');
  assert.equal(sortValue('SUBJECT', m, env), 'PLANS');
  assert.equal(sortValue('FROM', m, env), 'EMILE', 'addr-mailbox of the first From address');
  assert.equal(sortValue('TO', m, env), 'UNDISCLOSED-RECIPIENTS', 'a group start is the first address');
  assert.equal(sortValue('CC', m, env), '"C C"');
  assert.equal(sortValue('DISPLAYFROM', m, env), casemapKey('Émile'));
  assert.equal(sortValue('DISPLAYTO', m, env), 'UNDISCLOSED-RECIPIENTS');
  // Missing fields sort as "", a missing or bad Date as the internal date.
  const bare = parseMessage(Buffer.from('Date: not a date\r\n\r\nx\r\n')).envelope;
  assert.equal(sortValue('FROM', m, bare), '');
  assert.equal(sortValue('DISPLAYTO', m, bare), '');
  assert.equal(sortValue('SUBJECT', m, bare), '');
  assert.equal(sortValue('DATE', m, bare), m.received);
  assert.equal(sentDate(undefined, 42), 42);
  assert.equal(displayValue({ name: '', adl: null, mailbox: 'a', host: 'b.example' }), 'a@b.example');
  assert.equal(displayValue({ name: 'Al', adl: null, mailbox: 'a', host: 'b.example' }), 'Al');
  assert.equal(displayValue(undefined), '');
});
