import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeader, MessageError } from '../../src/message/index.js';

test('fields in order with raw bytes, unfolded values and the body offset', () => {
  const m = 'Subject: hello\r\n  world\r\nX-Empty:\r\nTo:  a@b.c \r\n\r\nbody';
  const h = parseHeader(Buffer.from(m));
  assert.deepEqual(
    h.fields.map((f) => [f.name, f.key, f.offset, f.raw.toString(), f.value.toString()]),
    [
      ['Subject', 'subject', 0, 'Subject: hello\r\n  world\r\n', 'hello  world'],
      ['X-Empty', 'x-empty', 25, 'X-Empty:\r\n', ''],
      ['To', 'to', 35, 'To:  a@b.c \r\n', 'a@b.c'],
    ],
  );
  assert.equal(h.bodyOffset, m.indexOf('body'));
  assert.equal(h.terminated, true);
});

test('case-insensitive lookups; first instance for get, all for getAll', () => {
  const h = parseHeader(Buffer.from('Received: one\r\nRECEIVED: two\r\nsubject: =?utf-8?q?=C3=A9t=C3=A9?=\r\n\r\n'));
  assert.equal(h.text('received'), 'one');
  assert.deepEqual(h.getAll('Received').map((f) => f.value.toString()), ['one', 'two']);
  assert.equal(h.has('SUBJECT'), true);
  assert.equal(h.has('from'), false);
  assert.equal(h.value('from'), undefined);
  assert.equal(h.decoded('Subject'), 'été');
  assert.equal(h.text('Subject'), '=?utf-8?q?=C3=A9t=C3=A9?=');
});

test('bare LF line endings and obsolete folding (RFC 5322 §4.2)', () => {
  const m = 'A: 1\n\tcontinued\n \nB: 2\n\nbody';
  const h = parseHeader(Buffer.from(m));
  assert.deepEqual(h.fields.map((f) => f.value.toString()), ['1\tcontinued ', '2'].map((v, i) => (i === 0 ? '1\tcontinued' : v)));
  assert.equal(h.fields[0]!.raw.toString(), 'A: 1\n\tcontinued\n \n');
  assert.equal(h.bodyOffset, m.indexOf('body'));
});

test('header without blank line, without final line ending, and empty header', () => {
  const a = parseHeader(Buffer.from('A: 1\r\nB: 2'));
  assert.equal(a.fields.length, 2);
  assert.equal(a.bodyOffset, 10);
  assert.equal(a.terminated, false);
  const b = parseHeader(Buffer.from('\r\nbody'));
  assert.equal(b.fields.length, 0);
  assert.equal(b.bodyOffset, 2);
  assert.equal(b.terminated, true);
  const c = parseHeader(Buffer.alloc(0));
  assert.equal(c.fields.length, 0);
  assert.equal(c.bodyOffset, 0);
});

test('a range of a buffer can be parsed (start and end)', () => {
  const buf = Buffer.from('junkA: 1\r\n\r\nB: 2');
  const h = parseHeader(buf, 4, 12);
  assert.deepEqual(h.fields.map((f) => f.name), ['A']);
  assert.equal(h.offset, 4);
  assert.equal(h.bodyOffset, 12);
});

test('8-bit values: UTF-8 per RFC 6532, otherwise Latin-1', () => {
  const h = parseHeader(Buffer.concat([Buffer.from('A: grüß\r\nB: '), Buffer.from([0x66, 0xe9, 0x65]), Buffer.from('\r\n\r\n')]));
  assert.equal(h.text('a'), 'grüß');
  assert.equal(h.text('b'), 'fée');
});

test('malformed lines: skipped leniently, errors in strict mode', () => {
  const lenient = parseHeader(Buffer.from(' leading fold\r\nA : spaced\r\nno colon\r\nX Y: bad name\r\nB: ok\r\n\r\n'));
  assert.deepEqual(lenient.fields.map((f) => [f.name, f.value.toString()]), [['A', 'spaced'], ['B', 'ok']]);
  for (const bad of [' leading fold\r\n\r\n', 'A : spaced\r\n\r\n', 'A: 1\r\nno colon\r\n\r\n', 'X Y: z\r\n\r\n', 'A: 1']) {
    assert.throws(() => parseHeader(Buffer.from(bad), 0, undefined, { strict: true }), MessageError, bad);
  }
});
