// The webapi's building blocks without a server: Go-compatible JSON decoding of requests,
// mox's example values, form decoding, content sniffing, times, and the FromID helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError, decodeValue, exampleValue, fillNil } from '../../src/webapi/schema.js';
import { methodSpec, methods } from '../../src/webapi/methods.js';
import { decodeForm } from '../../src/webapi/form.js';
import { detectContentType } from '../../src/webapi/sniff.js';
import { goJson, rfc3339 } from '../../src/webapi/json.js';
import { WebapiError } from '../../src/webapi/errors.js';
import { flagStrings, parseFlagNames } from '../../src/webapi/structure.js';
import { fromIdLocalpart, fromIdOf, newFromId, usesFromId } from '../../src/webapi/index.js';

const send = methodSpec('Send')!.request;

test('methods are mox v0.0.15 methods in Go order', () => {
  assert.deepEqual(
    methods.map((m) => m.name),
    ['MessageDelete', 'MessageFlagsAdd', 'MessageFlagsRemove', 'MessageGet', 'MessageMove', 'MessagePartGet', 'MessageRawGet', 'Send', 'SuppressionAdd', 'SuppressionList', 'SuppressionPresent', 'SuppressionRemove'],
  );
  assert.equal(methodSpec('send'), undefined, 'method names are case-sensitive');
});

test('requests decode as Go encoding/json: case-insensitive names, zero values, unknown fields refused', () => {
  const r = decodeValue(send, { to: [{ address: 'a@x' }], SUBJECT: 's', Date: null, Extra: { k: 'v' } }, '') as Record<string, unknown>;
  assert.deepEqual(r.To, [{ Name: '', Address: 'a@x' }]);
  assert.equal(r.Subject, 's');
  assert.equal(r.Date, null);
  assert.equal(r.CC, null, 'absent lists are nil');
  assert.deepEqual(r.Extra, { k: 'v' });
  // An exact match wins over a case-insensitive one, as in Go.
  const two = decodeValue(methodSpec('SuppressionAdd')!.request, { reason: 'a', Reason: 'b' }, '') as Record<string, unknown>;
  assert.equal(two.Reason, 'b');
  assert.throws(() => decodeValue(send, { Bogus: 1 }, ''), { name: 'DecodeError', message: 'json: unknown field "Bogus"' });
  assert.throws(() => decodeValue(send, [], ''), { message: 'json: cannot unmarshal array into Go value of type webapi.SendRequest' });
  assert.throws(() => decodeValue(send, { To: 'a@x' }, ''), { message: 'json: cannot unmarshal string into Go struct field SendRequest.To of type []webapi.NameAddress' });
  assert.throws(() => decodeValue(send, { To: [{ Address: 1 }] }, ''), { message: 'json: cannot unmarshal number into Go struct field SendRequest.To.Address of type string' });
  assert.throws(() => decodeValue(methodSpec('MessageGet')!.request, { MsgID: 1.5 }, ''), DecodeError);
  assert.throws(() => decodeValue(send, { FutureRelease: 'tomorrow' }, ''), /parsing time "tomorrow"/);
  assert.deepEqual((decodeValue(send, { Headers: [['a', 'b', 'c'], ['d']] }, '') as Record<string, unknown>).Headers, [
    ['a', 'b'],
    ['d', ''],
  ]);
  // Handlers get [] and {} instead of null; pointers stay null.
  const filled = fillNil(send, decodeValue(send, {}, '')) as Record<string, unknown>;
  assert.deepEqual([filled.To, filled.Extra, filled.RequireTLS, filled.FutureRelease], [[], {}, null, null]);
});

test('examples are filled as mox FillExample: one list element, an "example" key, no recursion', () => {
  const ex = exampleValue(methodSpec('MessageGet')!.result as never) as { Structure: { Parts: unknown[]; ContentTypeParams: unknown }; Message: { Date: string } };
  assert.deepEqual(ex.Structure.ContentTypeParams, { example: '' });
  assert.deepEqual(ex.Structure.Parts, [
    { ContentType: '', ContentTypeParams: null, ContentID: '', ContentDisposition: '', Filename: '', DecodedSize: 0, Parts: null },
  ]);
  assert.equal(ex.Message.Date, '0001-01-01T00:00:00Z');
  assert.deepEqual(exampleValue(methodSpec('Send')!.request), {
    ...Object.fromEntries(['From', 'To', 'CC', 'BCC', 'ReplyTo'].map((k) => [k, [{ Name: '', Address: '' }]])),
    MessageID: '',
    References: [''],
    Date: '0001-01-01T00:00:00Z',
    Subject: '',
    Text: '',
    HTML: '',
    Extra: { example: '' },
    Headers: [['', '']],
    ...Object.fromEntries(['AlternativeFiles', 'InlineFiles', 'AttachedFiles'].map((k) => [k, [{ Name: '', ContentType: '', ContentID: '', Data: '' }]])),
    RequireTLS: false,
    FutureRelease: '0001-01-01T00:00:00Z',
    SaveSent: false,
  });
});

test('forms: url-encoded and multipart "request" fields, uploaded files with Content-ID, JSON bodies, and refused content types', () => {
  assert.equal(decodeForm('application/x-www-form-urlencoded', Buffer.from('a=1&request=%7B%22MsgID%22%3A1%7D+')).request, '{"MsgID":1} ');
  assert.equal(decodeForm('application/json; charset=utf-8', Buffer.from(' {"MsgID":2}\n')).request, '{"MsgID":2}');
  assert.equal(decodeForm('text/plain', Buffer.from('request=x')).request, '');
  for (const ct of [undefined, '', 'bogus', 'text/']) {
    assert.throws(() => decodeForm(ct, Buffer.alloc(0)), (e: unknown) => e instanceof WebapiError && e.code === 'protocol' && e.message.startsWith('unknown content-type'));
  }
  const body = [
    '--XyZ',
    'Content-Disposition: form-data; name="request"',
    '',
    '{"To":[{"Address":"a@x"}]}',
    '--XyZ',
    'Content-Disposition: form-data; name="inlinefile"; filename="hi.png"',
    'Content-Type: image/png',
    'Content-ID: <hi>',
    '',
    '\x89PNG\r\n\x1a\nrest',
    '--XyZ',
    'Content-Disposition: form-data; name="attachedfile"; filename="a.bin"',
    '',
    'abc',
    '--XyZ',
    'Content-Disposition: form-data; name="other"; filename="x"',
    '',
    'ignored',
    '--XyZ--',
    '',
  ].join('\r\n');
  const f = decodeForm('multipart/form-data; boundary=XyZ', Buffer.from(body, 'latin1'));
  assert.equal(f.request, '{"To":[{"Address":"a@x"}]}');
  assert.deepEqual(
    f.files.map((x) => [x.field, x.filename, x.contentType, x.contentId, x.data.toString('latin1')]),
    [
      ['inlinefile', 'hi.png', 'image/png', '<hi>', '\x89PNG\r\n\x1a\nrest'],
      ['attachedfile', 'a.bin', '', '', 'abc'],
    ],
  );
  assert.throws(() => decodeForm('multipart/form-data', Buffer.from(body)), /no multipart boundary/);
});

test('content sniffing as Go http.DetectContentType for common types', () => {
  assert.equal(detectContentType(Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1')), 'image/png');
  assert.equal(detectContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(detectContentType(Buffer.from('%PDF-1.4')), 'application/pdf');
  assert.equal(detectContentType(Buffer.from('  <html><body>')), 'text/html; charset=utf-8');
  assert.equal(detectContentType(Buffer.from('hello ☺')), 'text/plain; charset=utf-8');
  assert.equal(detectContentType(Buffer.from([0, 1, 2, 3])), 'application/octet-stream');
});

test('JSON and times as Go writes them', () => {
  assert.equal(goJson({ A: '<b>&</b>', B: '\u2028' }), '{"A":"<b>&</b>","B":"\\u2028"}\n');
  assert.equal(goJson({ A: [1] }, true), '{\n\t"A": [\n\t\t1\n\t]\n}\n');
  const t = Date.UTC(2024, 3, 4, 12, 29, 42, 120);
  assert.equal(rfc3339(t, 0), '2024-04-04T12:29:42.12Z');
  assert.equal(rfc3339(t - 120, 120), '2024-04-04T14:29:42+02:00');
  assert.equal(rfc3339(t - 120, -330), '2024-04-04T06:59:42-05:30');
});

test('flags: mox order in results; keywords lower-cased and checked', () => {
  const f = parseFlagNames(['\\Seen', '$Junk', 'Custom', 'custom', '$Label1']);
  assert.deepEqual(f.keywords, ['$label1', 'custom']);
  assert.deepEqual(flagStrings(f.bits, f.keywords), ['$junk', '\\seen', '$label1', 'custom']);
  assert.throws(() => parseFlagNames(['\\Bogus']), /invalid keyword \\bogus/);
  assert.throws(() => parseFlagNames(['a b']), /invalid keyword a b/);
});

test('fromid: 22 base64url characters after the first catchall separator; login addresses compared parsed', () => {
  const id = newFromId();
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(newFromId(), id);
  assert.equal(newFromId(() => Buffer.alloc(16, 0xff)), '_____________________w');
  assert.equal(fromIdLocalpart('app', '+', 'ID'), 'app+ID');
  assert.equal(fromIdLocalpart('app+old+x', '+', 'ID'), 'app+ID');
  assert.equal(fromIdOf('app+ID', '+'), 'ID');
  assert.equal(fromIdOf('app', '+'), '');
  assert.equal(fromIdOf('app+ID', ''), '');
  assert.equal(usesFromId('mox+fromid@LOCALHOST', ['mox+fromid@localhost']), true);
  assert.equal(usesFromId('mox@localhost', ['mox+fromid@localhost']), false);
  assert.equal(usesFromId('bogus', ['mox+fromid@localhost']), false);
});
