import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, INBOX } from '../../src/imap/index.js';
import { rejects } from './helpers.js';

const P = (s: string, opts = {}) => Parser.of(s, { tag: 't1', command: 'X', ...opts });
const lit = (data: string, binary = false) => ({ data: Buffer.from(data, 'latin1'), binary, sync: true });

test('atom, astring, quoted strings with escapes', () => {
  let p = P('abc def');
  assert.equal(p.atom(), 'abc');
  p.sp();
  assert.equal(p.atom(), 'def');
  p.end();
  p = P('"a \\"b\\" \\\\c"');
  assert.equal(p.astringText(), 'a "b" \\c');
  p.end();
  p = P('foo]bar');
  assert.equal(p.astringText(), 'foo]bar');
  p = P('"日本"');
  assert.equal(p.stringText(), '日本');
});

test('string errors name what went wrong and carry the tag', async () => {
  await rejects(() => P('"abc').string(), { tag: 't1', text: /missing closing double quote/ });
  await rejects(() => P('"a\\b"').string(), { tag: 't1', text: /invalid escape/ });
  await rejects(() => P('"a\0b"').string(), { tag: 't1', text: /NUL, CR or LF/ });
  await rejects(() => P('abc').string(), { tag: 't1', text: /expected literal/ });
  await rejects(() => P('(x').astring(), { tag: 't1', text: /expected astring/ });
  await rejects(() => Parser.of(Buffer.from([0x22, 0xff, 0x22])).stringText(), { text: /invalid UTF-8/ });
  const err = await rejects(() => P('abc').sp(), { tag: 't1', text: /expected space/ });
  assert.equal(err.command, 'X');
  assert.match(err.message, /at offset 0 near "abc"/);
});

test('parse errors of LOGIN do not put the input into the log detail', async () => {
  const err = await rejects(() => Parser.of('secret', { tag: 'a', command: 'LOGIN' }).sp(), { tag: 'a' });
  assert.doesNotMatch(err.message, /secret/);
});

test('literals between text segments', () => {
  const p = new Parser([Buffer.from(' '), Buffer.from(' '), Buffer.from('')], [lit('user name'), lit('pass\r\nword')]);
  p.sp();
  assert.equal(p.astringText(), 'user name');
  p.sp();
  assert.equal(p.atLiteral(), true);
  assert.equal(p.astringText(), 'pass\r\nword');
  assert.equal(p.atEnd(), true);
  p.end();
});

test('literal8 only where allowed; NUL only in literal8', async () => {
  await rejects(() => new Parser([Buffer.from(''), Buffer.from('')], [lit('abc', true)]).string(), { text: /literal8 not allowed/ });
  await rejects(() => new Parser([Buffer.from(''), Buffer.from('')], [lit('a\0c')]).string(), { text: /NUL in literal/ });
  const p = new Parser([Buffer.from(''), Buffer.from('')], [lit('a\0c', true)]);
  assert.equal(p.literal(true).data.toString('latin1'), 'a\0c');
});

test('nstring and NIL', () => {
  assert.equal(P('NIL').nstring(), null);
  assert.equal(P('nil').nstring(), null);
  assert.equal(P('"NIL"').nstring()?.toString(), 'NIL');
});

test('numbers: number, nz-number, number64 ranges', async () => {
  assert.equal(P('0').number(), 0);
  assert.equal(P('4294967295').number(), 4294967295);
  await rejects(() => P('4294967296').number(), { text: /out of range/ });
  await rejects(() => P('0').nzNumber(), { text: /non-zero/ });
  await rejects(() => P('x').number(), { text: /expected number/ });
  assert.equal(P('9007199254740991').number64(), 9007199254740991);
  // Above 2^53 values are approximated; ordering is kept.
  assert.ok(P('9223372036854775807').number64() > 9007199254740991);
  await rejects(() => P('9223372036854775808').number64(), { text: /out of range/ });
});

test('sequence sets with *, ranges in either order and $', async () => {
  assert.deepEqual(P('2,4:7,9,12:*').numSet(), {
    kind: 'ranges',
    ranges: [
      { first: 2, last: 2 },
      { first: 4, last: 7 },
      { first: 9, last: 9 },
      { first: 12, last: '*' },
    ],
  });
  assert.deepEqual(P('*:4').numSet(), { kind: 'ranges', ranges: [{ first: '*', last: 4 }] });
  assert.deepEqual(P('$').numSet(), { kind: 'saved' });
  await rejects(() => P('$').numSet({ allowSaved: false }), { text: /expected number/ });
  await rejects(() => P('1:*').numSet({ allowStar: false }), { text: /expected number/ });
  await rejects(() => P('0').numSet(), { text: /non-zero/ });
  await rejects(() => P('1,').numSet(), {});
});

test('flags: system flags case-insensitive and canonical, keywords as sent', async () => {
  assert.deepEqual(P('(\\seen \\ANSWERED $Forwarded Junk)').flagList(), ['\\Seen', '\\Answered', '$Forwarded', 'Junk']);
  assert.deepEqual(P('()').flagList(), []);
  await rejects(() => P('(\\Recent)').flagList(), { text: /unknown system flag \\Recent/ });
  await rejects(() => P('(\\Seen  \\Draft)').flagList(), {});
  await rejects(() => P('(\\Seen').flagList(), { text: /expected "\)"/ });
});

test('mailbox names: INBOX is case-insensitive, modified UTF-7 unless UTF-8 mode', async () => {
  assert.equal(P('inbox').mailbox(), INBOX);
  assert.equal(P('"iNbOx/Sub"').mailbox(), 'Inbox/Sub');
  assert.equal(P('INBOXES').mailbox(), 'INBOXES');
  assert.equal(P('"~peter/mail/&U,BTFw-/&ZeVnLIqe-"').mailbox(), '~peter/mail/台北/日本語');
  assert.equal(P('&Jjo-', { utf8: true }).mailbox(), '&Jjo-');
  assert.equal(P('"台北"', { utf8: true }).mailbox(), '台北');
  await rejects(() => P('&Jjo').mailbox(), { tag: 't1', text: /bad mailbox name: utf7: unfinished shift/, status: 'NO', code: 'CANNOT' });
  assert.equal(P('foo/*').listMailbox(), 'foo/*');
  assert.equal(P('%').listMailbox(), '%');
});

test('dates and date-times', async () => {
  assert.deepEqual(P('1-Feb-1994').date(), { year: 1994, month: 2, day: 1 });
  assert.deepEqual(P('"28-oct-2006"').date(), { year: 2006, month: 10, day: 28 });
  await rejects(() => P('31-Feb-2024').date(), { text: /expected date/ });
  await rejects(() => P('1-Foo-2024').date(), { text: /expected date/ });
  assert.deepEqual(P('" 7-Feb-1994 21:52:25 -0800"').dateTime(), { epochMs: Date.UTC(1994, 1, 8, 5, 52, 25), offsetMinutes: -480 });
  assert.deepEqual(P('"17-Jul-1996 02:44:25 +0130"').dateTime(), { epochMs: Date.UTC(1996, 6, 17, 1, 14, 25), offsetMinutes: 90 });
  await rejects(() => P('"17-Jul-1996 25:44:25 -0700"').dateTime(), { text: /bad date-time/ });
  await rejects(() => P('17-Jul-1996').dateTime(), { text: /expected date-time/ });
});

test('keywords match whole words only', () => {
  const p = P('ALLX');
  assert.equal(p.takeWord(['ALL']), undefined);
  assert.equal(p.peekWord(), 'ALLX');
  assert.equal(P('body.peek[').takeWord(['BODY', 'BODY.PEEK']), 'BODY.PEEK');
});
