import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compactNumbers,
  formatDate,
  formatDateTime,
  formatNumbers,
  formatNumSet,
  ImapParseError,
  numSetContains,
  Parser,
  ResponseWriter,
} from '../../src/imap/index.js';

const out = (w: ResponseWriter) => w.toBuffer().toString('latin1');

test('status lines, response codes and continuation requests (RFC 9051 §7.1, §7.6)', () => {
  const w = new ResponseWriter();
  w.status('A142', 'OK', 'SELECT completed', 'READ-WRITE');
  w.status(null, 'OK', 'UIDs valid', 'UIDVALIDITY 3857529045');
  w.status(null, 'BYE', 'shutting down');
  w.status('a', 'NO', '');
  w.continuation();
  w.continuation('Ready for literal data');
  assert.equal(
    out(w),
    'A142 OK [READ-WRITE] SELECT completed\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n* BYE shutting down\r\na NO \r\n+ \r\n+ Ready for literal data\r\n',
  );
});

test('text is sanitised: CR/LF/NUL become spaces, 8-bit becomes "?" without UTF-8 mode', () => {
  assert.equal(out(new ResponseWriter().status('a', 'BAD', 'bad\r\ninput\0 é☺')), 'a BAD bad  input  ??\r\n');
  assert.equal(new ResponseWriter({ utf8: true }).status('a', 'BAD', 'é☺').toBuffer().toString('utf8'), 'a BAD é☺\r\n');
});

test('parse errors become tagged or untagged replies', () => {
  const w = new ResponseWriter();
  w.parseError(new ImapParseError('literal too big', { tag: 'a1', code: 'TOOBIG' }));
  w.parseError(new ImapParseError('message too big', { tag: 'a2', code: 'TOOBIG', status: 'NO' }));
  w.parseError(new ImapParseError('empty command line'));
  assert.equal(out(w), 'a1 BAD [TOOBIG] literal too big\r\na2 NO [TOOBIG] message too big\r\n* BAD empty command line\r\n');
});

test('strings: quoted when safe, literal otherwise', () => {
  const s = (v: string | Buffer, opts = {}) => out(new ResponseWriter(opts).string(v));
  assert.equal(s('plain'), '"plain"');
  assert.equal(s(''), '""');
  assert.equal(s('say "hi" \\o/'), '"say \\"hi\\" \\\\o/"');
  assert.equal(s('two\r\nlines'), '{10}\r\ntwo\r\nlines');
  assert.equal(s(Buffer.from([0x61, 0, 0x62])), '{3}\r\na\0b');
  // 8-bit: literal unless UTF-8 mode; invalid UTF-8 is always a literal.
  assert.equal(s('Grüße'), '{7}\r\nGr\xc3\xbc\xc3\x9fe');
  assert.equal(new ResponseWriter({ utf8: true }).string('Grüße').toBuffer().toString('utf8'), '"Grüße"');
  assert.equal(s(Buffer.from([0xff]), { utf8: true }), '{1}\r\n\xff');
  // Long strings become literals.
  assert.equal(s('x'.repeat(11), { maxQuoted: 10 }), `{11}\r\n${'x'.repeat(11)}`);
  assert.equal(s('x'.repeat(10), { maxQuoted: 10 }), `"${'x'.repeat(10)}"`);
  assert.throws(() => new ResponseWriter().quoted('a\nb'), TypeError);
});

test('nstring, astring, NIL, numbers, literal8', () => {
  const w = new ResponseWriter();
  w.nstring(null).sp().nstring(undefined).sp().nstring('x').sp().astring('Inbox').sp().astring('a b').sp().astring('NIL').sp().astring('');
  w.sp().astring('a]b').sp().number(0).sp().number(9007199254740991).sp().number(2n ** 63n - 1n).sp().literal(Buffer.from([0, 1]), true);
  assert.equal(out(w), 'NIL NIL "x" Inbox "a b" "NIL" "" a]b 0 9007199254740991 9223372036854775807 ~{2}\r\n\0\x01');
  assert.throws(() => new ResponseWriter().number(-1), TypeError);
  assert.throws(() => new ResponseWriter().number(1.5), TypeError);
  assert.throws(() => new ResponseWriter().atom('two words'), TypeError);
  assert.equal(out(new ResponseWriter().flags(['\\Seen', '\\*', '$Junk'])), '(\\Seen \\* $Junk)');
  assert.throws(() => new ResponseWriter().flags(['a b']), TypeError);
});

test('mailbox names: modified UTF-7 unless UTF-8 mode', () => {
  assert.equal(out(new ResponseWriter().mailbox('~peter/mail/台北/日本語')), '~peter/mail/&U,BTFw-/&ZeVnLIqe-');
  assert.equal(out(new ResponseWriter().mailbox('Sent & Drafts')), '"Sent &- Drafts"');
  assert.equal(new ResponseWriter({ utf8: true }).mailbox('台北').toBuffer().toString('utf8'), '"台北"');
  assert.equal(out(new ResponseWriter({ utf8: true }).mailbox('A&B')), 'A&B');
});

test('a FETCH response with a list, flags, a date-time and a literal body (RFC 9051 §7.5.2)', () => {
  const w = new ResponseWriter();
  const body = Buffer.from('Subject: hi\r\n\r\nbody\r\n');
  w.untagged()
    .number(12)
    .raw(' FETCH ')
    .list(['flags', 'date', 'body'] as const, (w, item) => {
      if (item === 'flags') w.raw('FLAGS ').flags(['\\Seen', '$Forwarded']);
      else if (item === 'date') w.raw('INTERNALDATE ').dateTime(Date.UTC(1996, 6, 17, 9, 44, 25), -420);
      else w.raw('BODY[] ').string(body);
    })
    .crlf();
  const parts = w.take();
  assert.equal(
    Buffer.concat(parts).toString('latin1'),
    '* 12 FETCH (FLAGS (\\Seen $Forwarded) INTERNALDATE "17-Jul-1996 02:44:25 -0700" BODY[] {21}\r\nSubject: hi\r\n\r\nbody\r\n)\r\n',
  );
  assert.ok(parts.includes(body), 'the literal is not copied');
  assert.equal(w.take().length, 0, 'take() starts over');
});

test('date-time formatting pads the day with a space and takes the zone as a parameter', () => {
  const t = Date.UTC(1994, 1, 8, 5, 52, 25);
  assert.equal(formatDateTime(t, -480), ' 7-Feb-1994 21:52:25 -0800');
  assert.equal(formatDateTime(t, 0), ' 8-Feb-1994 05:52:25 +0000');
  assert.equal(formatDateTime(t, 330), ' 8-Feb-1994 11:22:25 +0530');
  assert.equal(formatDate({ year: 2014, month: 12, day: 28 }), '28-Dec-2014');
  // Formatting and parsing agree.
  assert.deepEqual(Parser.of(`"${formatDateTime(t, -480)}"`).dateTime(), { epochMs: t, offsetMinutes: -480 });
});

test('sequence sets: ranges compacted in order, "$", membership with "*"', () => {
  assert.deepEqual(compactNumbers([1, 2, 3, 5, 9, 8]), [
    { first: 1, last: 3 },
    { first: 5, last: 5 },
    { first: 9, last: 9 },
    { first: 8, last: 8 },
  ]);
  assert.equal(formatNumbers([1, 2, 3, 5, 7, 8, 9]), '1:3,5,7:9');
  assert.equal(formatNumbers([]), '');
  assert.equal(formatNumSet({ kind: 'saved' }), '$');
  const set = Parser.of('2,4:7,12:*,*:1').numSet();
  assert.equal(formatNumSet(set), '2,4:7,12:*,*:1');
  assert.equal(out(new ResponseWriter().numSet([304, 305, 306, 310])), '304:306,310');
  const s2 = Parser.of('4:2,3291:*').numSet();
  assert.deepEqual([1, 2, 3, 4, 5, 100].map((n) => numSetContains(s2, n, 100)), [false, true, true, true, false, true]);
  assert.throws(() => numSetContains({ kind: 'saved' }, 1, 1), TypeError);
});
