import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeWords,
  parseContentType,
  parseDisposition,
  parseMimeValue,
  decodeQuotedPrintable,
  decodeBase64,
  decodeCharset,
  toCRLF,
  parseMessage,
  readableText,
  partText,
  dispositionFilename,
  isDSN,
  needsSmtputf8,
  hasNonAscii,
} from '../../src/message/index.js';
import { crlf } from './helpers.js';

test('RFC 2047 §8 examples', () => {
  assert.equal(decodeWords('=?ISO-8859-1?Q?a?='), 'a');
  assert.equal(decodeWords('=?ISO-8859-1?Q?a?= b'), 'a b');
  assert.equal(decodeWords('=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?='), 'ab');
  assert.equal(decodeWords('=?ISO-8859-1?Q?a?=  \r\n  =?ISO-8859-1?Q?b?='), 'ab');
  assert.equal(decodeWords('=?ISO-8859-1?Q?a_b?='), 'a b');
  assert.equal(decodeWords('=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?='), 'a b');
  assert.equal(decodeWords('=?US-ASCII?Q?Keith_Moore?='), 'Keith Moore');
});

test('RFC 2047: multi-byte characters split over words, language suffix (RFC 2231 §5), unknown charsets', () => {
  // "€" (e2 82 ac) split over two B words.
  assert.equal(decodeWords('=?utf-8?b?4oI=?= =?utf-8?b?rA==?='), '€');
  assert.equal(decodeWords('=?utf-8*en?q?hi?='), 'hi');
  assert.equal(decodeWords('=?x-unknown?q?hi?= there'), '=?x-unknown?q?hi?= there');
  assert.equal(decodeWords('=?shift_jis?b?k/qWe4zq?='), '日本語');
  assert.equal(decodeWords('=?koi8-r?q?=F0=D2=C9=D7=C5=D4?='), 'Привет');
  assert.equal(decodeWords('no words =? here ?='), 'no words =? here ?=');
});

test('Content-Type (RFC 2045 §5.1): case, quoting, comments, RFC 2231 continuations and charsets', () => {
  assert.deepEqual(parseContentType('Text/HTML; Charset="UTF-8"'), { mediaType: 'TEXT', mediaSubType: 'HTML', params: { charset: 'UTF-8' } });
  assert.deepEqual(parseContentType('text/plain (comment) ; charset = us-ascii ; format=flowed;'), {
    mediaType: 'TEXT',
    mediaSubType: 'PLAIN',
    params: { charset: 'us-ascii', format: 'flowed' },
  });
  // RFC 2231 §3 and §4 examples.
  assert.deepEqual(
    parseContentType('message/external-body; access-type=URL; URL*0="ftp://"; URL*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"').params,
    { 'access-type': 'URL', url: 'ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar' },
  );
  assert.deepEqual(parseContentType("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A").params, {
    title: 'This is ***fun***',
  });
  assert.deepEqual(
    parseContentType(
      `application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2="isn't it!"`,
    ).params,
    { title: "This is even more ***fun*** isn't it!" },
  );
  assert.deepEqual(parseContentType("text/plain; name*=iso-8859-1''caf%E9.txt; name=fallback").params, { name: 'café.txt' });
  assert.deepEqual(parseContentType('text/plain; name*1="b"; name*0="a"; name*3="gap"').params, { name: 'ab' });
});

test('parameter syntax errors: strict throws, lenient recovers', () => {
  for (const bad of ['text/plain; charset', 'text/plain; charset=', 'text/plain;; a=b', 'text/plain; a=b; a=c', 'text/plain; b=x=y', 'text/plain; a="unterminated', 'text/plain junk', '/plain', 'text/']) {
    assert.throws(() => parseMimeValue(bad, true, true), Error, bad);
  }
  assert.deepEqual(parseContentType('multipart/mixed; boundary=----=_Part_0; a=b; a=c').params, { boundary: '----=_Part_0', a: 'b' });
  assert.deepEqual(parseContentType('text/plain; file name=x.txt').params, { 'file name': 'x.txt' });
  assert.deepEqual(parseContentType('text/plain; __proto__=x; ok=1').params, { ok: '1' });
});

test('Content-Disposition (RFC 2183)', () => {
  assert.deepEqual(parseDisposition('Attachment; FileName="a b.pdf"; size=10'), { value: 'attachment', params: { filename: 'a b.pdf', size: '10' } });
  assert.deepEqual(parseDisposition('inline'), { value: 'inline', params: {} });
  assert.equal(parseDisposition('; filename=x'), undefined);
});

test('quoted-printable (RFC 2045 §6.7): soft breaks, trailing white space, bad escapes kept', () => {
  const dec = (s: string): string => {
    const b = Buffer.from(s, 'latin1');
    const out = Buffer.alloc(b.length);
    const r = decodeQuotedPrintable(b, 0, b.length, out);
    assert.equal(decodeQuotedPrintable(b, 0, b.length, null).length, r.length);
    return out.subarray(0, r.length).toString('latin1');
  };
  assert.equal(dec('a=3Db=3db'), 'a=b=b');
  assert.equal(dec('soft=\r\nbreak= \t\r\nx'), 'softbreakx');
  assert.equal(dec('soft=\nlf'), 'softlf');
  assert.equal(dec('trailing   \r\nnext\t\nend  '), 'trailing\r\nnext\nend');
  assert.equal(dec('keep =ZZ and =4'), 'keep =ZZ and =4');
  assert.equal(dec('inner  space'), 'inner  space');
  assert.equal(dec('ends with ='), 'ends with ');
  assert.equal(decodeQuotedPrintable(Buffer.from('a\nb\r\nc\n'), 0, 7, null).bareLF, 2);
});

test('base64 decoding is lenient; text line endings become CRLF', () => {
  assert.equal(decodeBase64(Buffer.from('QU JD\r\nRE!VG')).toString(), 'ABCDEF');
  assert.equal(toCRLF(Buffer.from('a\nb\r\nc\n')).toString(), 'a\r\nb\r\nc\r\n');
  const same = Buffer.from('a\r\n');
  assert.equal(toCRLF(same), same);
});

test('charset decoding with TextDecoder, unknown charsets as UTF-8', () => {
  assert.equal(decodeCharset(Buffer.from([0x47, 0x72, 0xfc, 0xdf]), 'ISO-8859-1'), 'Grüß');
  assert.equal(decodeCharset(Buffer.from([0x93, 0x80, 0x94]), 'windows-1252'), '“€”');
  assert.equal(decodeCharset(Buffer.from('héllo'), 'x-made-up'), 'héllo');
  assert.equal(decodeCharset(Buffer.from('héllo'), undefined), 'héllo');
});

test('readable text: first text/plain and text/html, charset-decoded, mox selection rules', () => {
  const m = crlf(
    'Content-Type: multipart/mixed; boundary=o',
    '',
    '--o',
    'Content-Type: multipart/alternative; boundary=a',
    '',
    '--a',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Gr=FC=DFe',
    '--a',
    'Content-Type: multipart/related; boundary=r',
    '',
    '--r',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>hi</p>',
    '--r--',
    '--a--',
    '--o',
    'Content-Type: text/plain',
    'Content-Disposition: attachment; filename=notes.txt',
    '',
    'attachment text',
    '--o--',
  );
  const buf = Buffer.from(m);
  const p = parseMessage(buf);
  assert.deepEqual(readableText(buf, p), { text: 'Grüße', html: '<p>hi</p>' });
  // Outside multipart/alternative, the first readable part wins alone.
  const mixed = Buffer.from(crlf('Content-Type: multipart/mixed; boundary=o', '', '--o', 'Content-Type: text/html', '', 'h', '--o', '', 't', '--o--'));
  assert.deepEqual(readableText(mixed, parseMessage(mixed)), { html: 'h' });
  const plain = Buffer.from('Subject: x\r\n\r\nline 1\nline 2\n');
  assert.deepEqual(readableText(plain, parseMessage(plain)), { text: 'line 1\r\nline 2\r\n' });
  const img = Buffer.from('Content-Type: image/png\r\n\r\nx');
  assert.deepEqual(readableText(img, parseMessage(img)), {});
  const big = Buffer.from(`Content-Type: text/plain; charset=utf-8\r\n\r\n${'é'.repeat(10)}`);
  assert.equal(partText(big, parseMessage(big), 5), 'éé\ufffd');
  assert.equal(readableText(big, parseMessage(big), { maxBytes: 4 }).text, 'éé');
});

test('disposition file name: filename parameter, else name; RFC 2047 in parameters noted', () => {
  const p = (h: string): ReturnType<typeof dispositionFilename> => dispositionFilename(parseMessage(Buffer.from(h + '\r\n\r\nx')));
  assert.deepEqual(p('Content-Disposition: attachment; filename=a.pdf\r\nContent-Type: application/pdf; name=b.pdf'), { disposition: 'attachment', filename: 'a.pdf' });
  assert.deepEqual(p('Content-Type: application/pdf; name=b.pdf'), { disposition: '', filename: 'b.pdf' });
  assert.deepEqual(p('Content-Disposition: inline; filename="=?utf-8?q?=C3=A9.txt?="'), {
    disposition: 'inline',
    filename: 'é.txt',
    problem: 'file name is RFC 2047-encoded instead of RFC 2231-encoded',
  });
});

test('DSN detection (RFC 3464 §2) and SMTPUTF8 need (RFC 6531 §3.4)', () => {
  const dsn = Buffer.from(
    crlf('Content-Type: multipart/report; report-type=delivery-status; boundary=d', '', '--d', '', 'text', '--d', 'Content-Type: message/delivery-status', '', 'Action: failed', '--d--'),
  );
  assert.equal(isDSN(parseMessage(dsn)), true);
  assert.equal(isDSN(parseMessage(Buffer.from('Subject: x\r\n\r\n'))), false);
  const utf = Buffer.from(crlf('Content-Type: multipart/mixed; boundary=d', '', '--d', 'Content-Description: ünïcode', '', 'x', '--d--'));
  assert.equal(needsSmtputf8(utf, parseMessage(utf)), true);
  const body8 = Buffer.from('Subject: x\r\n\r\nünïcode body');
  assert.equal(needsSmtputf8(body8, parseMessage(body8)), false);
  assert.equal(hasNonAscii(body8), true);
  assert.equal(hasNonAscii(Buffer.from('ascii')), false);
});
