import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, decodedBody, rawBody, messageBuffer, MessageError, MAX_DEPTH, type Part } from '../../src/message/index.js';
import { crlf, summary } from './helpers.js';

function parse(s: string, strict = false): { buf: Buffer; p: Part } {
  const buf = Buffer.from(s, 'utf8');
  return { buf, p: parseMessage(buf, { strict }) };
}

function strictError(s: string | Buffer): MessageError {
  const buf = typeof s === 'string' ? Buffer.from(s) : s;
  try {
    parseMessage(buf, { strict: true });
  } catch (e) {
    assert.ok(e instanceof MessageError, `not a MessageError: ${e}`);
    return e;
  }
  assert.fail('strict parse did not throw');
}

test('simple message: offsets, lines, decoded size, RFC 2045 §5.2 default type', () => {
  const { p } = parse('Subject: hi\r\n\r\nbody\r\nline 2\r\n');
  assert.equal(p.boundaryOffset, -1);
  assert.equal(p.headerOffset, 0);
  assert.equal(p.bodyOffset, 15);
  assert.equal(p.endOffset, 29);
  assert.equal(p.lines, 2);
  assert.equal(p.decodedSize, 14);
  assert.equal(summary(p), 'TEXT/PLAIN');
  assert.deepEqual(p.params, { charset: 'us-ascii' });
  assert.equal(p.envelope?.subject, 'hi');
});

test('message without final CRLF counts the last partial line', () => {
  const { p } = parse('Subject: x\r\n\r\na\r\nb');
  assert.equal(p.lines, 2);
  assert.equal(p.endOffset - p.bodyOffset, 4);
});

test('message without body separator: header runs to the end, body is empty', () => {
  const { p } = parse('Subject: x\r\nFrom: a@b.c');
  assert.equal(p.bodyOffset, 23);
  assert.equal(p.endOffset, 23);
  assert.equal(p.lines, 0);
  assert.equal(p.envelope?.from[0]?.host, 'b.c');
});

test('message without header: starts with the blank line', () => {
  const { p } = parse('\r\nbody only\r\n');
  assert.equal(p.headerOffset, 0);
  assert.equal(p.bodyOffset, 2);
  assert.equal(p.lines, 1);
  assert.deepEqual(p.envelope?.from, []);
});

test('multipart: RFC 2046 §5.1.1 preamble, epilogue and the CRLF that belongs to the delimiter', () => {
  const m = crlf(
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    'preamble',
    '--b',
    'Content-Type: text/plain',
    '',
    'one',
    '--b  ',
    '',
    'two',
    'lines',
    '--b--',
    'epilogue',
    '',
  );
  const { buf, p } = parse(m);
  assert.equal(summary(p), 'MULTIPART/MIXED(TEXT/PLAIN,TEXT/PLAIN)');
  assert.equal(p.endOffset, m.length);
  assert.equal(p.lines, 0);
  assert.equal(p.decodedSize, 0);
  const [a, b] = p.parts as [Part, Part];
  assert.equal(a.boundaryOffset, m.indexOf('--b\r\n'));
  assert.equal(a.headerOffset, m.indexOf('Content-Type: text/plain'));
  assert.equal(a.bodyOffset, m.indexOf('one'));
  assert.equal(a.endOffset, m.indexOf('one') + 3);
  assert.equal(a.lines, 1);
  assert.deepEqual(a.params, {});
  // Transport padding after the boundary is allowed; an empty header gives the default type.
  assert.equal(b.boundaryOffset, m.indexOf('--b  '));
  assert.equal(b.headerOffset, m.indexOf('--b  ') + 7);
  assert.equal(b.bodyOffset, m.indexOf('two'));
  assert.equal(rawBody(buf, b).toString(), 'two\r\nlines');
  assert.equal(b.lines, 2);
  assert.deepEqual(b.params, { charset: 'us-ascii' });
});

test('multipart: empty parts and a part without header separator', () => {
  const m = crlf('Content-Type: multipart/mixed; boundary=x', '', '--x', '--x', 'Content-Type: text/html', '--x--', '');
  const { p } = parse(m);
  assert.equal(summary(p), 'MULTIPART/MIXED(TEXT/PLAIN,TEXT/HTML)');
  const [a, b] = p.parts as [Part, Part];
  assert.equal(a.endOffset - a.bodyOffset, 0);
  assert.equal(a.lines, 0);
  assert.equal(b.bodyOffset, b.endOffset);
  assert.equal(b.endOffset, m.indexOf('--x--'));
});

test('multipart: missing close delimiter ends the last part at the end (non-strict)', () => {
  const m = crlf('Content-Type: multipart/mixed; boundary=x', '', '--x', '', 'last part', 'no close', '');
  const { buf, p } = parse(m);
  assert.equal(p.parts.length, 1);
  assert.equal(rawBody(buf, p.parts[0]!).toString(), 'last part\r\nno close\r\n');
  assert.equal(strictError(m).code, 'missingClosingBoundary');
});

test('multipart: boundary must start a line and be followed by white space, "--" or the line end', () => {
  const m = crlf(
    'Content-Type: multipart/mixed; boundary=x',
    '',
    '--x',
    '',
    'text --x inline',
    '--xy not a delimiter',
    '--x--',
  );
  const { buf, p } = parse(m);
  assert.equal(p.parts.length, 1);
  assert.equal(rawBody(buf, p.parts[0]!).toString(), 'text --x inline\r\n--xy not a delimiter');
});

test('nested multiparts: inner close missing, outer delimiter ends the inner part', () => {
  const m = crlf(
    'Content-Type: multipart/mixed; boundary=outer',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary=inner',
    '',
    '--inner',
    '',
    'inner text',
    '--outer',
    'Content-Type: text/html',
    '',
    '<p>x</p>',
    '--outer--',
  );
  const { buf, p } = parse(m);
  assert.equal(summary(p), 'MULTIPART/MIXED(MULTIPART/ALTERNATIVE(TEXT/PLAIN),TEXT/HTML)');
  const inner = p.parts[0]!;
  assert.equal(inner.endOffset, m.indexOf('\r\n--outer\r\nContent-Type: text/html'));
  assert.equal(rawBody(buf, inner.parts[0]!).toString(), 'inner text');
  assert.equal(strictError(m).code, 'missingClosingBoundary');
});

test('multipart/digest: parts default to message/rfc822 (RFC 2046 §5.1.5)', () => {
  const m = crlf('Content-Type: multipart/digest; boundary=d', '', '--d', '', 'Subject: one', '', 'body 1', '--d', 'Content-Type: text/plain', '', 'text', '--d--', '');
  const { p } = parse(m);
  assert.equal(summary(p), 'MULTIPART/DIGEST(MESSAGE/RFC822[TEXT/PLAIN],TEXT/PLAIN)');
  assert.equal(p.parts[0]!.message!.envelope?.subject, 'one');
  assert.deepEqual(p.parts[0]!.params, {});
});

test('message/rfc822: embedded message has absolute offsets and its own envelope; lines of the container', () => {
  const inner = crlf('From: Ann <ann@example.com>', 'Subject: inner', '', 'inner body', 'two');
  const m = crlf('Content-Type: multipart/mixed; boundary=z', '', '--z', 'Content-Type: message/rfc822', '', inner, '--z--', '');
  const { buf, p } = parse(m);
  const c = p.parts[0]!;
  assert.equal(summary(c), 'MESSAGE/RFC822[TEXT/PLAIN]');
  assert.equal(c.lines, 5);
  assert.equal(c.decodedSize, inner.length);
  const e = c.message!;
  assert.equal(messageBuffer(buf, c), buf);
  assert.equal(e.boundaryOffset, -1);
  assert.equal(e.headerOffset, m.indexOf('From: Ann'));
  assert.equal(e.bodyOffset, m.indexOf('inner body'));
  assert.equal(e.endOffset, c.endOffset);
  assert.equal(e.lines, 2);
  assert.equal(e.envelope?.subject, 'inner');
  assert.deepEqual(e.envelope?.from, [{ name: 'Ann', adl: null, mailbox: 'ann', host: 'example.com' }]);
});

test('message/global with base64: embedded offsets point into the decoded body (RFC 6532 §3.5)', () => {
  const inner = crlf('Subject: =?utf-8?q?gl=C3=B6bal?=', 'Content-Type: text/plain; charset=utf-8', '', 'grüß', '');
  const m = crlf('Content-Type: message/global', 'Content-Transfer-Encoding: base64', '', Buffer.from(inner).toString('base64'), '');
  const { buf, p } = parse(m);
  const mb = messageBuffer(buf, p);
  assert.notEqual(mb, buf);
  assert.equal(mb.toString(), inner);
  const e = p.message!;
  assert.equal(e.bodyOffset, Buffer.from(inner).indexOf('grüß'));
  assert.equal(decodedBody(mb, e).toString(), 'grüß\r\n');
  assert.equal(e.envelope?.subject, 'glöbal');
});

test('content headers: transfer encoding upper-cased, disposition parsed, RFC 2231 parameters joined', () => {
  const m = crlf(
    'Content-Type: Application/PDF; Name*0*=utf-8\'\'%E2%82%AC; name*1=" x.pdf"',
    'Content-Transfer-Encoding: Base64',
    'Content-ID: <id@x>',
    'Content-Description: a description',
    'Content-Disposition: ATTACHMENT; filename="f.pdf"; size=3',
    'Content-Language: en, de',
    'Content-Location: http://example.org/f.pdf',
    'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
    '',
    'QUJD',
  );
  const { p } = parse(m);
  assert.equal(p.mediaType, 'APPLICATION');
  assert.equal(p.mediaSubType, 'PDF');
  assert.deepEqual(p.params, { name: '€ x.pdf' });
  assert.equal(p.contentTransferEncoding, 'BASE64');
  assert.equal(p.contentId, '<id@x>');
  assert.equal(p.contentDescription, 'a description');
  assert.equal(p.disposition, 'attachment');
  assert.deepEqual(p.dispositionParams, { filename: 'f.pdf', size: '3' });
  assert.equal(p.contentLanguage, 'en, de');
  assert.equal(p.contentLocation, 'http://example.org/f.pdf');
  assert.equal(p.contentMD5, 'Q2hlY2sgSW50ZWdyaXR5IQ==');
  assert.equal(p.decodedSize, 3);
});

test('text parts: decoded size counts bare LF as CRLF, as the decoded body is returned', () => {
  const body = Buffer.from('a\nb\r\nc\n').toString('base64');
  const { buf, p } = parse(crlf('Content-Transfer-Encoding: base64', '', body));
  assert.equal(decodedBody(buf, p).toString(), 'a\r\nb\r\nc\r\n');
  assert.equal(p.decodedSize, 9);
  const q = parse(crlf('Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable', '', 'x=0Ay=3D  ', 'z='));
  assert.equal(decodedBody(q.buf, q.p).toString(), 'x\r\ny=\r\nz');
  assert.equal(q.p.decodedSize, 8);
  const bin = parse(crlf('Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '', body));
  assert.equal(bin.p.decodedSize, 7);
});

test('bare LF line endings are handled throughout (non-strict)', () => {
  const m = 'Content-Type: multipart/mixed;\n boundary=b\n\n--b\nContent-Type: text/plain\n\none\ntwo\n--b--\n';
  const { buf, p } = parse(m);
  assert.equal(summary(p), 'MULTIPART/MIXED(TEXT/PLAIN)');
  const t = p.parts[0]!;
  assert.equal(rawBody(buf, t).toString(), 'one\ntwo');
  assert.equal(t.lines, 2);
  assert.equal(t.decodedSize, 8);
  assert.equal(strictError(m).code, 'bareLF');
});

test('malformed content-type: recovered leniently, an error in strict mode', () => {
  assert.equal(summary(parse('Content-Type: text\r\n\r\nx').p), 'APPLICATION/OCTET-STREAM');
  assert.equal(summary(parse('Content-Type: ;charset=x\r\n\r\nx').p), 'APPLICATION/OCTET-STREAM');
  const unquoted = parse(crlf('Content-Type: multipart/mixed; boundary=a=b', '', '--a=b', '', 'x', '--a=b--'));
  assert.equal(summary(unquoted.p), 'MULTIPART/MIXED(TEXT/PLAIN)');
  assert.equal(strictError('Content-Type: text\r\n\r\nx').code, 'badContentType');
  assert.equal(strictError('Content-Type: text/plain; charset\r\n\r\nx').code, 'badContentType');
  assert.equal(strictError('Content-Type: multipart/mixed; boundary=a=b\r\n\r\n--a=b\r\n\r\nx\r\n--a=b--\r\n').code, 'badContentType');
  // An empty Content-Type is treated as absent, as mox does.
  assert.equal(summary(parse('Content-Type:\r\n\r\nx').p), 'TEXT/PLAIN');
});

test('multipart without usable boundary becomes an application/octet-stream leaf (non-strict)', () => {
  const noParam = parse('Content-Type: multipart/mixed\r\n\r\nbody\r\n').p;
  assert.equal(summary(noParam), 'APPLICATION/OCTET-STREAM');
  assert.equal(noParam.lines, 1);
  assert.equal(summary(parse('Content-Type: multipart/mixed; boundary=q\r\n\r\nno delimiter\r\n').p), 'APPLICATION/OCTET-STREAM');
  assert.equal(summary(parse('Content-Type: multipart/mixed; boundary=q\r\n\r\n--q--\r\n').p), 'APPLICATION/OCTET-STREAM');
  assert.equal(strictError('Content-Type: multipart/mixed\r\n\r\nbody\r\n').code, 'missingBoundaryParam');
  assert.equal(strictError('Content-Type: multipart/mixed; boundary=q\r\n\r\nno\r\n').code, 'firstBoundaryMissing');
  assert.equal(strictError('Content-Type: multipart/mixed; boundary=q\r\n\r\n--q--\r\n').code, 'firstBoundaryCloses');
  assert.equal(strictError('Content-Type: multipart/mixed; boundary=q\r\n\r\n--q').code, 'unexpectedEOF');
});

test('strict mode: line endings, line length, header syntax and transfer encodings', () => {
  assert.equal(strictError('Subject: a\rb\r\n\r\nx').code, 'bareCR');
  assert.equal(strictError('Subject: a\r\n\r\nx\ny').code, 'bareLF');
  assert.equal(strictError(`Subject: a\r\n\r\n${'x'.repeat(999)}\r\n`).code, 'lineTooLong');
  parseMessage(Buffer.from(`Subject: a\r\n\r\n${'x'.repeat(998)}\r\n`), { strict: true });
  assert.equal(strictError('Subject: a\r\nno colon here\r\n\r\nx').code, 'header');
  assert.equal(strictError(' folded: first\r\n\r\nx').code, 'header');
  assert.equal(strictError('Subject : a\r\n\r\nx').code, 'header');
  assert.equal(strictError('Subject: only header').code, 'unexpectedEOF');
  assert.equal(strictError('Content-Transfer-Encoding: base64\r\n\r\nQUJ D\r\n').code, 'badBase64');
  assert.equal(strictError('Content-Transfer-Encoding: base64\r\n\r\nQUJ\r\n').code, 'badBase64');
  assert.equal(strictError('Content-Transfer-Encoding: base64\r\n\r\nQQ==QUJD\r\n').code, 'badBase64');
  parseMessage(Buffer.from('Content-Transfer-Encoding: base64\r\n\r\nQUJD\r\nQQ==\r\n'), { strict: true });
  assert.equal(strictError('Content-Transfer-Encoding: quoted-printable\r\n\r\na\x01b\r\n').code, 'badQuotedPrintable');
  // The same inputs never throw without strict.
  for (const s of ['Subject: a\rb\r\n\r\nx', 'Subject: a\r\nno colon here\r\n\r\nx', 'Content-Transfer-Encoding: base64\r\n\r\nQUJ D\r\n']) {
    parseMessage(Buffer.from(s));
  }
});

test('strict mode: errors inside embedded messages are reported', () => {
  const m = crlf('Content-Type: message/rfc822', '', 'Content-Type: text', '', 'x');
  assert.equal(strictError(m).code, 'badContentType');
  assert.equal(summary(parse(m).p), 'MESSAGE/RFC822[APPLICATION/OCTET-STREAM]');
});

test('a header line without colon is skipped; a first line without colon starts the body', () => {
  const a = parse('Subject: s\r\ngarbage line\r\nFrom: x@y.z\r\n\r\nb').p;
  assert.equal(a.envelope?.subject, 's');
  assert.equal(a.envelope?.from[0]?.mailbox, 'x');
  const b = parse('Hello world\r\nmore\r\n').p;
  assert.equal(b.bodyOffset, 0);
  assert.equal(b.lines, 2);
});

test('first instance of a content field wins, as in mox', () => {
  const { p } = parse('Content-Type: text/html\r\nContent-Type: image/png\r\n\r\nx');
  assert.equal(summary(p), 'TEXT/HTML');
});

test(`nesting deeper than ${MAX_DEPTH} levels is cut off without recursion trouble`, () => {
  const depth = 5000;
  let head = '';
  for (let i = 0; i < depth; i++) head += `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`;
  const { p } = parse(head + '\r\nleaf\r\n');
  let d = 0;
  let q: Part = p;
  while (q.parts.length > 0) {
    q = q.parts[0]!;
    d++;
  }
  assert.equal(d, MAX_DEPTH);
  assert.equal(summary(q), 'APPLICATION/OCTET-STREAM');
  let closed = head + '\r\nleaf\r\n';
  for (let i = depth - 1; i >= 0; i--) closed += `--b${i}--\r\n`;
  assert.equal(strictError(closed).code, 'tooDeep');
  // Embedded messages count as levels too.
  const msgs = 'Content-Type: message/rfc822\r\n\r\n'.repeat(depth) + 'x';
  let e: Part | undefined = parse(msgs).p;
  let n = 0;
  while (e?.message) {
    e = e.message;
    n++;
  }
  assert.equal(n, MAX_DEPTH);
});

test('large base64 attachment: exact sizes without decoding it', () => {
  const data = Buffer.alloc(6 * 1024 * 1024 + 1);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 255;
  const b64 = data.toString('base64').replace(/.{76}/g, '$&\r\n');
  const m = crlf('Content-Type: multipart/mixed; boundary=zz', '', '--zz', '', 'hi', '--zz', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '', b64, '--zz--', '');
  const { buf, p } = parse(m);
  const att = p.parts[1]!;
  assert.equal(att.decodedSize, data.length);
  assert.equal(att.lines, Math.ceil(b64.length / 78));
  assert.ok(decodedBody(buf, att).equals(data));
});
