import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incomingPayload, maxTextBytes, outgoingPayload, rfc3339 } from '../../src/webhook/index.js';

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'));

const meta = { msgId: 7, mailFrom: 'list-bounces@lists.example', rcptTo: 'mox@localhost', remoteIp: '127.0.0.1', received: Date.UTC(2026, 0, 2, 3, 4, 5, 600), mailboxName: 'Inbox' };

test('incoming payload: addresses (groups skipped, IDN in Unicode), references, date with its zone, text and html, structure', () => {
  const msg = crlf(`From: "Ann Example" <ann@xn--bcher-kva.example>
To: team: bob@example.org, "C" <c@example.org>;, dave@example.org
Cc: <cc@example.org>
Reply-To: replies@example.org
Subject: =?utf-8?q?caf=C3=A9?=
Message-ID: <m1@example.org>
In-Reply-To: <parent@example.org>
References: <Root@Example.org> <parent@example.org>
Date: Tue, 3 Feb 2026 10:20:30 +0130
List-Id: <team.lists.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b1

--b1
Content-Type: multipart/alternative; boundary=b2

--b2
Content-Type: text/plain; charset=utf-8

hello
world
--b2
Content-Type: text/html; charset=utf-8

<p>hello</p>
--b2--
--b1
Content-Type: application/pdf; name=x.pdf
Content-Disposition: ATTACHMENT; filename="report.pdf"
Content-ID: <att1@example.org>
Content-Transfer-Encoding: base64

aGVsbG8=
--b1--
`);
  const p = incomingPayload(msg, meta);
  assert.deepEqual(p.From, [{ Name: 'Ann Example', Address: 'ann@bücher.example' }]);
  assert.deepEqual(p.To, [
    { Name: '', Address: 'bob@example.org' },
    { Name: 'C', Address: 'c@example.org' },
    { Name: '', Address: 'dave@example.org' },
  ]);
  assert.deepEqual(p.CC, [{ Name: '', Address: 'cc@example.org' }]);
  assert.deepEqual(p.BCC, []);
  assert.deepEqual(p.ReplyTo, [{ Name: '', Address: 'replies@example.org' }]);
  assert.equal(p.Subject, 'café');
  assert.equal(p.MessageID, '<m1@example.org>');
  assert.equal(p.InReplyTo, '<parent@example.org>');
  // mox: canonical (lower-cased) ids, with angle brackets.
  assert.deepEqual(p.References, ['<root@example.org>', '<parent@example.org>']);
  assert.equal(p.Date, '2026-02-03T10:20:30+01:30');
  assert.equal(p.Text, 'hello\nworld');
  assert.equal(p.HTML, '<p>hello</p>');
  assert.equal(p.Structure.ContentType, 'multipart/mixed');
  assert.deepEqual(p.Structure.ContentTypeParams, { boundary: 'b1' });
  assert.deepEqual(
    p.Structure.Parts.map((x) => [x.ContentType, x.Parts.length]),
    [
      ['multipart/alternative', 2],
      ['application/pdf', 0],
    ],
  );
  const att = p.Structure.Parts[1]!;
  assert.deepEqual(
    { ...att, Parts: undefined },
    { ContentType: 'application/pdf', ContentTypeParams: { name: 'x.pdf' }, ContentID: '<att1@example.org>', ContentDisposition: 'attachment', Filename: 'report.pdf', DecodedSize: 5, Parts: undefined },
  );
  assert.equal(p.Structure.Parts[0]!.Parts[0]!.DecodedSize, 12);
  assert.equal(p.Meta.MsgID, 7);
  assert.equal(p.Meta.Received, rfc3339(meta.received));
  // List-Id marks it automated.
  assert.equal(p.Meta.Automated, true);
  assert.deepEqual(p.Meta.DKIMVerifiedDomains, []);
});

test('incoming payload: Automated rules, no Date, text cut at 1 MiB', () => {
  const plain = (headers: string, from = 'a@example.org') => incomingPayload(crlf(`From: a@example.org\n${headers}Subject: x\n\nbody\n`), { ...meta, mailFrom: from });
  assert.equal(plain('').Meta.Automated, false);
  assert.equal(plain('').Date, null);
  assert.equal(plain('', '').Meta.Automated, true);
  assert.equal(plain('Auto-Submitted: no\n').Meta.Automated, false);
  assert.equal(plain('Auto-Submitted: auto-replied\n').Meta.Automated, true);
  assert.equal(plain('Precedence: bulk\n').Meta.Automated, true);
  assert.equal(plain('List-Unsubscribe: <mailto:u@example.org>\n').Meta.Automated, true);
  const report = incomingPayload(crlf('Content-Type: multipart/report; report-type=x; boundary=b\n\n--b\n\nx\n--b--\n'), meta);
  assert.equal(report.Meta.Automated, true);

  const big = Buffer.concat([crlf('Subject: big\n\n'), Buffer.alloc(maxTextBytes + 100, 'a')]);
  const p = incomingPayload(big, meta);
  assert.equal(Buffer.byteLength(p.Text), maxTextBytes);
  assert.equal(p.Structure.DecodedSize, maxTextBytes + 100);
});

test('outgoing payload: mox key order, enhanced code from class and subcode, Extra copied', () => {
  const extra = { a: '1' };
  const p = outgoingPayload({ event: 'failed', queueMsgId: 3, fromId: 'f', messageId: '<m@x>', subject: 's', queued: Date.UTC(2026, 0, 1), code: 554, secode: '7.1', error: 'no', extra, suppressing: true });
  assert.deepEqual(Object.keys(p), ['Version', 'Event', 'DSN', 'Suppressing', 'QueueMsgID', 'FromID', 'MessageID', 'Subject', 'WebhookQueued', 'SMTPCode', 'SMTPEnhancedCode', 'Error', 'Extra']);
  assert.equal(p.SMTPEnhancedCode, '5.7.1');
  assert.equal(p.Suppressing, true);
  assert.notEqual(p.Extra, extra);
  assert.deepEqual(p.Extra, extra);
  const q = outgoingPayload({ event: 'canceled', queueMsgId: 3, fromId: '', messageId: '', subject: '', queued: 0 });
  assert.deepEqual([q.SMTPCode, q.SMTPEnhancedCode, q.Error, q.Extra, q.DSN], [0, '', '', {}, false]);
});

test('rfc3339: Go JSON time form, milliseconds without trailing zeros, zone offsets', () => {
  const t = Date.UTC(2026, 4, 6, 7, 8, 9, 120);
  assert.equal(rfc3339(t, 0), '2026-05-06T07:08:09.12Z');
  assert.equal(rfc3339(t - 120, 0), '2026-05-06T07:08:09Z');
  assert.equal(rfc3339(t, 330), '2026-05-06T12:38:09.12+05:30');
  assert.equal(rfc3339(t, -480), '2026-05-05T23:08:09.12-08:00');
});
