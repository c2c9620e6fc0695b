import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, resolvePart, headerFields, mimeHeaderFields, headerBytes, rawBody, decodedBody } from '../../src/message/index.js';
import { crlf } from './helpers.js';

const inner = crlf('Subject: inner', 'Content-Type: multipart/mixed; boundary=i', '', '--i', '', 'inner one', '--i', 'Content-Type: text/html', '', 'inner two', '--i--');
const m = crlf(
  'From: a@b.c',
  'Subject: outer',
  '  folded',
  'Content-Type: multipart/mixed; boundary=o',
  '',
  '--o',
  'Content-Type: text/plain',
  'X-Other: 1',
  'Content-ID: <x@y>',
  '',
  'first',
  '--o',
  'Content-Type: message/rfc822',
  '',
  inner,
  '--o',
  'Content-Type: message/rfc822',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('Subject: b64\r\n\r\nencoded body').toString('base64'),
  '--o--',
  '',
);
const buf = Buffer.from(m);
const root = parseMessage(buf);

function body(path: number[]): string | undefined {
  const r = resolvePart(buf, root, path);
  return r && rawBody(r.buf, r.part).toString();
}

test('IMAP part numbers (RFC 9051 §6.4.5) resolve like mox', () => {
  assert.equal(body([1]), 'first');
  assert.equal(body([2]), inner);
  assert.equal(body([2, 1]), 'inner one');
  assert.equal(body([2, 2]), 'inner two');
  assert.equal(body([3]), Buffer.from('Subject: b64\r\n\r\nencoded body').toString('base64'));
  // The embedded message in part 3 is not multipart: its part 1 is its body, in the decoded buffer.
  const r = resolvePart(buf, root, [3, 1])!;
  assert.equal(rawBody(r.buf, r.part).toString(), 'encoded body');
  assert.equal(decodedBody(r.buf, r.part).toString(), 'encoded body');
  for (const bad of [[0], [4], [1, 1], [2, 3], [3, 2], [1.5]]) assert.equal(resolvePart(buf, root, bad), undefined, String(bad));
  const single = Buffer.from('Subject: s\r\n\r\nonly');
  const sp = parseMessage(single);
  assert.equal(resolvePart(single, sp, [1])?.part, sp);
  assert.equal(resolvePart(single, sp, [2]), undefined);
  // A top-level message/rfc822: part 1 is the whole embedded message, 1.1 its body.
  const enc = Buffer.from('Content-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nbody');
  const ep = parseMessage(enc);
  assert.equal(rawBody(enc, resolvePart(enc, ep, [1])!.part).toString(), 'Subject: in\r\n\r\nbody');
  const e11 = resolvePart(enc, ep, [1, 1])!;
  assert.equal(rawBody(e11.buf, e11.part).toString(), 'body');
  assert.equal(resolvePart(enc, ep, [1, 2]), undefined);
  assert.equal(resolvePart(enc, ep, [2]), undefined);
});

test('HEADER.FIELDS and HEADER.FIELDS.NOT keep folding and end with the blank line', () => {
  assert.equal(headerFields(buf, root, ['SUBJECT', 'x-missing']).toString(), 'Subject: outer\r\n  folded\r\n\r\n');
  assert.equal(headerFields(buf, root, ['subject', 'content-type'], true).toString(), 'From: a@b.c\r\n\r\n');
  const lf = Buffer.from('A: 1\nB: 2\n\nbody');
  assert.equal(headerFields(lf, parseMessage(lf), ['b']).toString(), 'B: 2\n\n');
  const noBlank = Buffer.from('A: 1\r\nB: 2');
  assert.equal(headerFields(noBlank, parseMessage(noBlank), ['a']).toString(), 'A: 1\r\n');
});

test('MIME section: the whole header of a part with its blank line (RFC 9051 §6.4.5, as Dovecot)', () => {
  assert.equal(mimeHeaderFields(buf, root.parts[0]!).toString(), 'Content-Type: text/plain\r\nX-Other: 1\r\nContent-ID: <x@y>\r\n\r\n');
  assert.equal(headerBytes(buf, root.parts[0]!).toString(), 'Content-Type: text/plain\r\nX-Other: 1\r\nContent-ID: <x@y>\r\n\r\n');
});
