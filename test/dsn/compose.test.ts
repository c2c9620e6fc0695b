import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { parseMessage, decodedBody } from '../../src/message/index.js';
import {
  composeDsn,
  parseDsn,
  parseDeliveryStatus,
  dsnStatusCode,
  newMessageId,
  dsnStorePrefix,
  dsnRecipientCodes,
  DsnError,
  type Dsn,
  type ComposeOptions,
} from '../../src/dsn/index.js';

const now = Date.UTC(2024, 2, 10, 14, 30, 0);
const opts: ComposeOptions = { hostname: 'mox.example', now, tzOffsetMinutes: 120, messageId: 'dsn-1@mox.example', boundary: 'b0undary' };
const origHeader = 'From: <mjl@mox.example>\r\nTo: <bob+tag@remote.example>\r\nSubject: test\r\nMessage-Id: <orig-1@mox.example>\r\n';

/** A failure DSN as mox's queue makes it after a 550 with a multi-line reply. */
function failed(): Dsn {
  return {
    to: 'mjl@mox.example',
    references: '<orig-1@mox.example>',
    arrivalDate: now - 16 * 3600_000,
    futureReleaseRequest: 'for;3600',
    smtputf8: false,
    recipients: [
      {
        finalRecipient: 'bob+tag@remote.example',
        action: 'failed',
        status: '5.1.1',
        error: 'delivering message to mx.remote.example: permanent: 550 5.1.1 no such user (bob)',
        remoteMta: { name: 'mx.remote.example', ip: '192.0.2.10' },
        diagnosticCode: [
          '550-5.1.1 The email account that you tried to reach does not exist.',
          '550 5.1.1 Please check the address and try again.',
        ],
        lastAttemptDate: now - 60_000,
      },
    ],
    originalHeader: Buffer.from(origHeader + '\r\nhello\r\n'),
  };
}

const expected = [
  'From: <postmaster@mox.example>',
  'To: <mjl@mox.example>',
  'Subject: mail delivery failed',
  'Message-Id: <dsn-1@mox.example>',
  'References: <orig-1@mox.example>',
  'Date: 10 Mar 2024 16:30:00 +0200',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type="delivery-status"; boundary="b0undary"',
  '',
  '--b0undary',
  'Content-Type: text/plain',
  'Content-Transfer-Encoding: 7BIT',
  '',
  'Your message could not be delivered to the following recipient:',
  '',
  '\tbob+tag@remote.example',
  '',
  'This is a permanent failure: no more delivery attempts will be made.',
  '',
  'The last delivery attempt ended with this error:',
  '',
  '\tdelivering message to mx.remote.example: permanent: 550 5.1.1 no such user (bob)',
  '',
  'The complete response of the remote mail server mx.remote.example was:',
  '',
  '\t550-5.1.1 The email account that you tried to reach does not exist.',
  '\t550 5.1.1 Please check the address and try again.',
  '',
  '--b0undary',
  'Content-Type: message/delivery-status',
  'Content-Transfer-Encoding: 7BIT',
  '',
  'Reporting-MTA: dns; mox.example',
  'Arrival-Date: 10 Mar 2024 00:30:00 +0200',
  'Future-Release-Request: for;3600',
  '',
  'Final-Recipient: rfc822;bob+tag@remote.example',
  'Action: failed',
  'Status: 5.1.1 (delivering message to mx.remote.example: permanent: 550 5.1.1',
  ' no such user \\(bob\\))',
  'Remote-MTA: dns; mx.remote.example ([192.0.2.10])',
  'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach',
  ' does not exist.',
  ' 550 5.1.1 Please check the address and try again.',
  'Last-Attempt-Date: 10 Mar 2024 16:29:00 +0200',
  '',
  '--b0undary',
  'Content-Type: text/rfc822-headers',
  'Content-Transfer-Encoding: 7BIT',
  '',
  'From: <mjl@mox.example>',
  'To: <bob+tag@remote.example>',
  'Subject: test',
  'Message-Id: <orig-1@mox.example>',
  '',
  '--b0undary--',
  '',
].join('\r\n');

test('failure DSN: exact output for a fixed input', () => {
  assert.equal(composeDsn(failed(), opts).toString('utf8'), expected);
});

test('failure DSN parses back with our parser', () => {
  const p = parseDsn(composeDsn(failed(), opts));
  assert.equal(p.subject, 'mail delivery failed');
  assert.equal(p.from, 'postmaster@mox.example');
  assert.equal(p.to, 'mjl@mox.example');
  assert.equal(p.messageId, '<dsn-1@mox.example>');
  assert.equal(p.references, '<orig-1@mox.example>');
  assert.equal(p.date, now);
  assert.equal(p.reportType, 'delivery-status');
  assert.match(p.text ?? '', /no more delivery attempts/);
  const s = p.status;
  assert.equal(s.utf8, false);
  assert.deepEqual(s.reportingMta, { type: 'dns', name: 'mox.example' });
  assert.equal(s.arrivalDate, now - 16 * 3600_000);
  assert.equal(s.futureReleaseRequest, 'for;3600');
  assert.equal(s.recipients.length, 1);
  const r = s.recipients[0]!;
  assert.deepEqual(r.finalRecipient, { type: 'rfc822', address: 'bob+tag@remote.example', localpart: 'bob+tag', domain: 'remote.example' });
  assert.equal(r.action, 'failed');
  assert.deepEqual(r.status, {
    code: '5.1.1',
    class: 5,
    subject: 1,
    detail: 1,
    comment: 'delivering message to mx.remote.example: permanent: 550 5.1.1 no such user (bob)',
  });
  assert.deepEqual(r.remoteMta, { type: 'dns', name: 'mx.remote.example', comment: '[192.0.2.10]' });
  // Unfolded, the reply lines are joined by a space, as mox writes them on one line.
  assert.deepEqual(r.diagnosticCode, {
    type: 'smtp',
    text: '550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please check the address and try again.',
  });
  assert.equal(r.lastAttemptDate, now - 60_000);
  assert.equal(r.willRetryUntil, undefined);
  assert.deepEqual(dsnRecipientCodes(r), { code: 550, secode: '1.1' });
  assert.equal(p.original?.contentType, 'text/rfc822-headers');
  assert.equal(p.original?.data.toString(), origHeader);
});

test('failure DSN parses with postal-mime: structure, subject, report parts', async () => {
  const e = await PostalMime.parse(composeDsn(failed(), opts));
  assert.equal(e.subject, 'mail delivery failed');
  assert.equal(e.from?.address, 'postmaster@mox.example');
  assert.deepEqual(e.to?.map((a) => a.address), ['mjl@mox.example']);
  assert.equal(e.messageId, '<dsn-1@mox.example>');
  assert.match(e.text ?? '', /^Your message could not be delivered/);
  assert.match(e.text ?? '', /\t550 5\.1\.1 Please check the address and try again\./);
  assert.deepEqual(e.attachments.map((a) => a.mimeType), ['message/delivery-status', 'text/rfc822-headers']);
  const status = Buffer.from(e.attachments[0]!.content as ArrayBuffer);
  const ds = parseDeliveryStatus(status, false);
  assert.equal(ds.recipients[0]!.finalRecipient.address, 'bob+tag@remote.example');
  assert.equal(ds.recipients[0]!.status.code, '5.1.1');
  assert.match(status.toString(), /^Action: failed$/m);
  // postal-mime turns text/* line endings into LF.
  const lf = (x: string): string => x.replace(/\r\n/g, '\n').trimEnd();
  assert.equal(lf(Buffer.from(e.attachments[1]!.content as ArrayBuffer).toString()), lf(origHeader));
});

test('delayed DSN: subject, Will-Retry-Until, retry text', async () => {
  const until = now + 28 * 3600_000;
  const d: Dsn = {
    to: 'mjl@mox.example',
    smtputf8: false,
    arrivalDate: now - 3600_000,
    recipients: [
      {
        finalRecipient: 'x+temperror@remote.example',
        action: 'delayed',
        status: dsnStatusCode('delayed', '0.0'),
        error: 'temporary: 451 4.0.0 try later',
        diagnosticCode: ['451 4.0.0 try later'],
        lastAttemptDate: now,
        willRetryUntil: until,
      },
    ],
  };
  const buf = composeDsn(d, { ...opts, tzOffsetMinutes: 0 });
  const s = buf.toString();
  assert.match(s, /^Subject: mail delivery delayed\r$/m);
  assert.match(s, /^Will-Retry-Until: 11 Mar 2024 18:30:00 \+0000\r$/m);
  assert.match(s, /Delivery will be retried until 11 Mar 2024 18:30:00 \+0000\./);
  assert.match(s, /another notice/);
  const p = parseDsn(buf);
  const r = p.status.recipients[0]!;
  assert.equal(r.action, 'delayed');
  assert.equal(r.status.code, '4.0.0');
  assert.equal(r.willRetryUntil, until);
  assert.deepEqual(dsnRecipientCodes(r), { code: 451, secode: '0.0' });
  // Without an original, the report has two parts.
  assert.equal(p.part.parts.length, 2);
  assert.equal(p.original, undefined);
  const e = await PostalMime.parse(buf);
  assert.equal(e.subject, 'mail delivery delayed');
  assert.deepEqual(e.attachments.map((a) => a.mimeType), ['message/delivery-status']);
});

test('Will-Retry-Until is only written for delayed recipients (RFC 3464 §2.3.9)', () => {
  const d = failed();
  d.recipients[0]!.willRetryUntil = now;
  assert.doesNotMatch(composeDsn(d, opts).toString(), /Will-Retry-Until/);
});

test('SMTPUTF8: global media types, utf-8 addresses, UTF-8 text', async () => {
  const d: Dsn = {
    to: 'jöran@møx.example',
    smtputf8: true,
    references: '<ü1@møx.example>',
    recipients: [
      {
        finalRecipient: 'müller@bücher.example',
        originalRecipient: 'Müller@bücher.example',
        action: 'failed',
        error: 'Empfänger unbekannt',
        remoteMta: { name: 'mx.bücher.example' },
        diagnosticCode: ['550 5.1.1 Empfänger unbekannt'],
      },
    ],
    originalHeader: Buffer.from('From: jöran@møx.example\r\nSubject: grüße\r\n\r\nbody\r\n'),
  };
  const buf = composeDsn(d, opts);
  const s = buf.toString('utf8');
  assert.match(s, /^To: <jöran@møx\.example>\r$/m);
  assert.match(s, /^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8BIT\r$/m);
  assert.match(s, /^Content-Type: message\/global-delivery-status\r\nContent-Transfer-Encoding: 8BIT\r$/m);
  assert.match(s, /^Content-Type: message\/global-headers\r\nContent-Transfer-Encoding: 8BIT\r$/m);
  assert.match(s, /^Final-Recipient: utf-8;müller@bücher\.example\r$/m);
  assert.match(s, /^Original-Recipient: utf-8;Müller@bücher\.example\r$/m);
  assert.match(s, /^Status: 5\.0\.0 \(Empfänger unbekannt\)\r$/m);
  assert.match(s, /^Remote-MTA: dns; mx\.bücher\.example\r$/m);
  // Reporting-MTA is always the ASCII host name, as mox writes it.
  assert.match(s, /^Reporting-MTA: dns; mox\.example\r$/m);

  const p = parseDsn(buf);
  assert.equal(p.status.utf8, true);
  const r = p.status.recipients[0]!;
  assert.deepEqual(r.finalRecipient, { type: 'utf-8', address: 'müller@bücher.example', localpart: 'müller', domain: 'bücher.example' });
  assert.equal(r.originalRecipient?.localpart, 'Müller');
  assert.equal(r.status.comment, 'Empfänger unbekannt');
  assert.equal(p.original?.contentType, 'message/global-headers');
  assert.equal(p.original?.data.toString('utf8'), 'From: jöran@møx.example\r\nSubject: grüße\r\n');
  assert.match(p.text ?? '', /müller@bücher\.example/);

  const e = await PostalMime.parse(buf);
  assert.equal(e.subject, 'mail delivery failed');
  assert.equal(e.to?.[0]?.address, 'jöran@møx.example');
  assert.deepEqual(e.attachments.map((a) => a.mimeType), ['message/global-delivery-status', 'message/global-headers']);
  assert.match(e.text ?? '', /müller@bücher\.example/);
});

test('without SMTPUTF8: ASCII domains, xtext for a non-ASCII localpart, base64 UTF-8 headers', () => {
  const d: Dsn = {
    to: 'mjl@møx.example',
    smtputf8: false,
    recipients: [{ finalRecipient: 'bob@bücher.example', originalRecipient: 'bøb+x=y@bücher.example', action: 'failed', error: 'failé' }],
    originalHeader: Buffer.from('Subject: grüße\r\n'),
  };
  const buf = composeDsn(d, opts);
  const s = buf.toString('latin1');
  assert.match(s, /^To: <mjl@xn--mx-lka\.example>\r$/m);
  assert.match(s, /^Final-Recipient: rfc822;bob@xn--bcher-kva\.example\r$/m);
  // RFC 6533 §3 utf-8-addr-xtext: non-ASCII, "+" and "=" escaped.
  assert.match(s, /^Original-Recipient: utf-8;b\\x\{F8\}b\\x\{2B\}x\\x\{3D\}y@xn--bcher-kva\.example\r$/m);
  assert.match(s, /^Status: 5\.0\.0 \(fail\?\)\r$/m);
  assert.match(s, /^Content-Type: text\/rfc822-headers; charset=utf-8\r\nContent-Transfer-Encoding: BASE64\r$/m);
  // The human-readable text has the UTF-8 error, so it is declared as such.
  assert.match(s, /^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8BIT\r$/m);
  const status = parseMessage(buf).parts[1]!;
  assert.equal(status.mediaSubType, 'DELIVERY-STATUS');
  assert.ok(decodedBody(buf, status).every((c) => c < 0x80), 'delivery-status part is 7-bit');

  const p = parseDsn(buf);
  assert.equal(p.status.recipients[0]!.originalRecipient?.address, 'bøb+x=y@xn--bcher-kva.example');
  assert.equal(p.original?.data.toString('utf8'), 'Subject: grüße\r\n');
});

test('a non-ASCII header address needs SMTPUTF8', () => {
  assert.throws(
    () => composeDsn({ to: 'jöran@example.org', smtputf8: false, recipients: [{ finalRecipient: 'a@b.example', action: 'failed' }] }, opts),
    (e: unknown) => e instanceof DsnError && /needs SMTPUTF8/.test(e.message),
  );
});

test('whole original message as message/rfc822', async () => {
  const msg = Buffer.from('From: <mjl@mox.example>\r\nSubject: whole\r\n\r\nline 1\r\nline 2\r\n');
  const d = failed();
  d.originalMessage = msg;
  const buf = composeDsn(d, opts);
  assert.match(buf.toString(), /^Content-Type: message\/rfc822\r\nContent-Transfer-Encoding: 7BIT\r$/m);
  const p = parseDsn(buf);
  assert.equal(p.original?.contentType, 'message/rfc822');
  assert.deepEqual(p.original?.data, msg);
  assert.equal(p.part.parts[2]!.message?.envelope?.subject, 'whole');
  const e = await PostalMime.parse(buf, { rfc822Attachments: true });
  assert.deepEqual(e.attachments.map((a) => a.mimeType), ['message/delivery-status', 'message/rfc822']);

  const u = failed();
  u.smtputf8 = true;
  u.originalMessage = Buffer.from('Subject: grüße\r\n\r\nbody\r\n');
  assert.match(composeDsn(u, opts).toString(), /^Content-Type: message\/global\r\nContent-Transfer-Encoding: 8BIT\r$/m);
});

test('several recipients with different actions', () => {
  const d: Dsn = {
    to: 'mjl@mox.example',
    smtputf8: false,
    recipients: [
      { finalRecipient: 'a@one.example', action: 'failed', error: 'no such user', diagnosticCode: ['550 5.1.1 no such user'] },
      { finalRecipient: 'b@two.example', action: 'delayed', error: 'connection refused' },
      { finalRecipient: 'c@three.example', action: 'delivered' },
    ],
  };
  const buf = composeDsn(d, opts);
  const p = parseDsn(buf);
  assert.equal(p.subject, 'mail delivery failed');
  assert.deepEqual(
    p.status.recipients.map((r) => [r.finalRecipient.address, r.action, r.status.code]),
    [
      ['a@one.example', 'failed', '5.0.0'],
      ['b@two.example', 'delayed', '4.0.0'],
      ['c@three.example', 'delivered', '2.0.0'],
    ],
  );
  assert.deepEqual(dsnRecipientCodes(p.status.recipients[1]!), { code: 400, secode: '0.0' });
  assert.deepEqual(dsnRecipientCodes(p.status.recipients[2]!), { code: 0, secode: '' });
  const text = p.text ?? '';
  assert.match(text, /could not be delivered[^]*\ta@one\.example/);
  assert.match(text, /not been delivered yet[^]*\tb@two\.example/);
  assert.match(text, /has been delivered[^]*\tc@three\.example/);
  assert.match(text, /last delivery attempt for a@one\.example ended with this error/);
  assert.match(text, /last delivery attempt for b@two\.example ended with this error/);

  assert.equal(parseDsn(composeDsn({ ...d, recipients: [d.recipients[2]!] }, opts)).subject, 'mail delivery status');
});

test('field values cannot inject lines', () => {
  const d = failed();
  d.recipients[0]!.error = 'bad\r\nBcc: victim@example.org';
  d.recipients[0]!.diagnosticCode = ['550 x\r\nX-Injected: 1'];
  d.references = '<a@b>\r\nX-Injected: 2';
  d.subject = 'hi\r\nX-Injected: 3';
  const s = composeDsn(d, opts).toString();
  assert.doesNotMatch(s, /^(Bcc|X-Injected):/m);
  const p = parseDsn(Buffer.from(s));
  assert.equal(p.status.recipients[0]!.status.comment, 'bad  Bcc: victim@example.org');
  assert.equal(p.subject, 'hi  X-Injected: 3');
});

test('long values fold losslessly', () => {
  const d = failed();
  const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  d.recipients[0]!.error = long;
  d.recipients[0]!.diagnosticCode = [`550 5.7.1 ${long}`];
  const buf = composeDsn(d, opts);
  const status = decodedBody(buf, parseMessage(buf).parts[1]!).toString();
  for (const line of status.split('\r\n')) assert.ok(line.length <= 78, `line too long: ${line}`);
  const r = parseDsn(buf).status.recipients[0]!;
  assert.equal(r.status.comment, long);
  assert.equal(r.diagnosticCode?.text, `550 5.7.1 ${long}`);
});

test('compose errors are DsnErrors with a clear message', () => {
  const bad = (mut: (d: Dsn) => void, o: Partial<ComposeOptions>, re: RegExp): void => {
    const d = failed();
    mut(d);
    assert.throws(
      () => composeDsn(d, { ...opts, ...o }),
      (e: unknown) => e instanceof DsnError && re.test(e.message),
    );
  };
  bad((d) => (d.recipients = []), {}, /at least one recipient/);
  bad((d) => (d.recipients[0]!.status = '5.1'), {}, /recipient 1: invalid status code "5\.1"/);
  bad((d) => (d.recipients[0]!.status = '3.1.1'), {}, /invalid status code/);
  bad((d) => (d.recipients[0]!.finalRecipient = 'no-at-sign'), {}, /recipient 1: final recipient: invalid address/);
  bad((d) => (d.to = 'x@'), {}, /^to: invalid address/);
  bad(() => {}, { messageId: '<>' }, /invalid message-id/);
  bad(() => {}, { messageId: 'a b@c' }, /invalid message-id/);
  bad(() => {}, { boundary: 'x'.repeat(71) }, /invalid mime boundary/);
  bad(() => {}, { boundary: 'ends with space ' }, /invalid mime boundary/);
  bad((d) => (d.originalHeader = Buffer.from('X-Trap: --b0undary\r\n')), {}, /boundary occurs in the content/);
});

test('random boundary, message id without brackets accepted', () => {
  const o: ComposeOptions = { hostname: 'mox.example', now, tzOffsetMinutes: 0, messageId: '<x@mox.example>' };
  const a = composeDsn(failed(), o).toString();
  const b = composeDsn(failed(), o).toString();
  const boundary = (s: string): string => /boundary="([^"]+)"/.exec(s)![1]!;
  assert.notEqual(boundary(a), boundary(b));
  assert.match(a, /^Message-Id: <x@mox\.example>\r$/m);
  assert.equal(parseDsn(Buffer.from(a)).status.recipients.length, 1);
});

test('custom text replaces the generated one', () => {
  const d = failed();
  d.text = 'line one\nline two\n';
  const p = parseDsn(composeDsn(d, opts));
  assert.equal(p.text, 'line one\r\nline two\r\n');
});

test('helpers: status code, message id, store prefix', () => {
  assert.equal(dsnStatusCode('failed'), '5.0.0');
  assert.equal(dsnStatusCode('failed', '1.1'), '5.1.1');
  assert.equal(dsnStatusCode('delayed', ''), '4.0.0');
  assert.equal(dsnStatusCode('delayed', '7.10'), '4.7.10');
  assert.equal(dsnStatusCode('delivered', '0.0'), '2.0.0');
  assert.equal(dsnStatusCode('failed', 'x'), '5.0.0');
  assert.equal(newMessageId('mox.example', (n) => Buffer.alloc(n, 0xff)), '_____________________w@mox.example');
  assert.match(newMessageId('mox.example'), /^[A-Za-z0-9_-]{22}@mox\.example$/);
  assert.equal(dsnStorePrefix('mox.example', 'mjl@mox.example', false).toString(), 'Return-Path: <postmaster@mox.example>\r\nDelivered-To: mjl@mox.example\r\n');
  assert.equal(dsnStorePrefix('mox.example', 'jöran@mox.example', true).toString(), 'Return-Path: <postmaster@mox.example>\r\nDelivered-To: jöran@mox.example\r\n');
});
