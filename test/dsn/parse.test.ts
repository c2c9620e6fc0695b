import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDsn, parseDeliveryStatus, parseSmtpCodes, dsnRecipientCodes, DsnError, type ParsedDsnRecipient } from '../../src/dsn/index.js';

const dir = new URL('../vectors/dsn/', import.meta.url);
const vector = (name: string): Buffer => readFileSync(new URL(name, dir));
const crlf = (b: Buffer): Buffer => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

function summary(r: ParsedDsnRecipient): unknown {
  return {
    orig: r.originalRecipient?.address,
    final: `${r.finalRecipient.type};${r.finalRecipient.address}`,
    action: r.action,
    status: r.status.code,
    comment: r.status.comment,
    remote: r.remoteMta?.name,
    diag: r.diagnosticCode && `${r.diagnosticCode.type}; ${r.diagnosticCode.text}`,
  };
}

test('RFC 3464 Appendix E: simple DSN', () => {
  for (const buf of [vector('rfc3464-simple.eml'), crlf(vector('rfc3464-simple.eml'))]) {
    const p = parseDsn(buf);
    assert.equal(p.subject, 'Returned mail: Cannot send message for 5 days');
    assert.equal(p.from, 'MAILER-DAEMON@cs.utk.edu');
    assert.equal(p.to, 'owner-info-mime@cs.utk.edu');
    assert.equal(p.messageId, '<199407072116.RAA14128@CS.UTK.EDU>');
    assert.equal(p.date, Date.UTC(1994, 6, 7, 21, 16, 5));
    assert.equal(p.reportType, 'delivery-status');
    // The first part has no header: text/plain by default.
    assert.match(p.text ?? '', /^The original message was received/);
    assert.deepEqual(p.status.reportingMta, { type: 'dns', name: 'cs.utk.edu' });
    assert.deepEqual(p.status.recipients.map(summary), [
      {
        orig: 'louisl@larry.slip.umd.edu',
        final: 'rfc822;louisl@larry.slip.umd.edu',
        action: 'failed',
        status: '4.0.0',
        comment: undefined,
        remote: undefined,
        diag: 'smtp; 426 connection timed out',
      },
    ]);
    const r = p.status.recipients[0]!;
    assert.equal(r.lastAttemptDate, Date.UTC(1994, 6, 7, 21, 15, 49));
    // A failed action with a 4.x.y status (RFC 3464 §2.3.3 note): the code comes from the diagnostic.
    assert.deepEqual(dsnRecipientCodes(r), { code: 426, secode: '0.0' });
    assert.equal(p.original?.contentType, 'message/rfc822');
    assert.match(p.original?.data.toString() ?? '', /\[original message goes here\]/);
  }
});

test('RFC 3464 Appendix E: multi-recipient DSN with continuation line and comments', () => {
  const p = parseDsn(vector('rfc3464-multi-recipient.eml'));
  assert.equal(p.to, 'owner-ups-mib@cs.utk.edu');
  assert.equal(p.messageId, undefined);
  assert.deepEqual(p.status.recipients.map(summary), [
    {
      orig: 'arathib@vnet.ibm.com',
      final: 'rfc822;arathib@vnet.ibm.com',
      action: 'failed',
      status: '5.0.0',
      comment: 'permanent failure',
      remote: 'vnet.ibm.com',
      diag: "smtp; 550 'arathib@vnet.IBM.COM' is not a registered gateway user",
    },
    {
      orig: 'johnh@hpnjld.njd.hp.com',
      final: 'rfc822;johnh@hpnjld.njd.hp.com',
      action: 'delayed',
      status: '4.0.0',
      comment: 'hpnjld.njd.jp.com: host name lookup failure',
      remote: undefined,
      diag: undefined,
    },
    {
      orig: 'wsnell@sdcc13.ucsd.edu',
      final: 'rfc822;wsnell@sdcc13.ucsd.edu',
      action: 'failed',
      status: '5.0.0',
      comment: undefined,
      remote: 'sdcc13.ucsd.edu',
      diag: 'smtp; 550 user unknown',
    },
  ]);
  assert.deepEqual(p.status.recipients.map(dsnRecipientCodes), [
    { code: 550, secode: '0.0' },
    { code: 400, secode: '0.0' },
    { code: 550, secode: '0.0' },
  ]);
  // Fields are kept in order, names as written.
  assert.deepEqual(p.status.recipients[1]!.fields.map((f) => f.name), ['Original-Recipient', 'Final-Recipient', 'Action', 'Status']);
});

test('RFC 3464 Appendix E: gateway DSN with foreign types', () => {
  const p = parseDsn(vector('rfc3464-gateway.eml'));
  assert.equal(p.messageId, '<01HEGJ0WNBY28Y95LN@mr.timeplex.com>');
  assert.equal(p.part.parts.length, 2);
  assert.deepEqual(p.status.reportingMta, { type: 'mailbus', name: 'SYS30' });
  const r = p.status.recipients[0]!;
  assert.deepEqual(r.finalRecipient, { type: 'unknown', address: 'nair_s' });
  assert.equal(r.action, 'failed');
  assert.equal(r.status.comment, 'unknown permanent failure');
  assert.deepEqual(dsnRecipientCodes(r), { code: 500, secode: '0.0' });
});

test('RFC 3464 Appendix E: delayed DSN', () => {
  const p = parseDsn(vector('rfc3464-delayed.eml'));
  assert.equal(p.subject, 'WARNING: message delayed at "nsfnet-relay.ac.uk"');
  assert.equal(p.from, 'postmaster@nsfnet-relay.ac.uk');
  const r = p.status.recipients[0]!;
  assert.equal(r.action, 'delayed');
  assert.equal(r.finalRecipient.localpart, 'thomas');
  assert.equal(r.finalRecipient.domain, 'de-montfort.ac.uk');
  assert.deepEqual(dsnRecipientCodes(r), { code: 400, secode: '0.0' });
  assert.equal(p.original, undefined);
});

test('postfix-style: lower- and upper-case names, extension fields, comments, other diagnostic types', () => {
  const p = parseDsn(vector('postfix-style.eml'));
  const s = p.status;
  assert.deepEqual(s.reportingMta, { type: 'dns', name: 'mail.sender.example' });
  assert.equal(s.arrivalDate, Date.UTC(2024, 3, 15, 8, 11, 10));
  assert.deepEqual(s.fields.map((f) => f.name), ['reporting-mta', 'x-postfix-queue-id', 'X-Postfix-Sender', 'Arrival-Date']);
  assert.equal(s.fields[1]!.value, '4VJ0Xz1qz9z9abc');
  assert.deepEqual(s.recipients.map(summary), [
    {
      orig: 'bob@dest.example',
      final: 'rfc822;bob@dest.example',
      action: 'failed',
      status: '5.1.1',
      comment: undefined,
      remote: 'mx.dest.example',
      diag: 'smtp; 550 5.1.1 <bob@dest.example>: Recipient address    rejected: User unknown',
    },
    {
      orig: undefined,
      final: 'rfc822;carol@dest.example',
      action: 'failed',
      status: '5.0.0',
      comment: undefined,
      remote: undefined,
      diag: 'x-postfix; mail for dest.example loops back to myself',
    },
  ]);
  assert.deepEqual(s.recipients.map(dsnRecipientCodes), [
    { code: 550, secode: '1.1' },
    { code: 500, secode: '0.0' },
  ]);
  assert.equal(p.original?.contentType, 'message/rfc822');
  assert.equal(p.part.parts[2]!.message?.envelope?.subject, 'lunch?');
});

test('alternative first part, base64 delivery-status, multi-line diagnostic', () => {
  const p = parseDsn(vector('alternative-style.eml'));
  // Only a text/plain first part gives text.
  assert.equal(p.text, undefined);
  assert.equal(p.part.parts[0]!.mediaSubType, 'ALTERNATIVE');
  assert.deepEqual(p.status.receivedFromMta, { type: 'dns', name: 'origin.example', comment: '198.51.100.7' });
  const r = p.status.recipients[0]!;
  assert.equal(r.status.code, '5.1.10');
  assert.equal(r.diagnosticCode?.text, '550-5.1.10 Recipient not found by SMTP address lookup 550 5.1.10 See the help page');
  assert.deepEqual(dsnRecipientCodes(r), { code: 550, secode: '1.10' });
  assert.equal(p.original?.contentType, 'text/rfc822-headers');
});

test('RFC 6533 global DSN: utf-8 addresses, unitext escapes, UTF-8 fields', () => {
  const p = parseDsn(vector('rfc6533-global.eml'));
  assert.equal(p.to, 'jöran@example.org');
  const s = p.status;
  assert.equal(s.utf8, true);
  const r = s.recipients[0]!;
  assert.deepEqual(r.finalRecipient, { type: 'utf-8', address: 'müller@bücher.example', localpart: 'müller', domain: 'bücher.example' });
  assert.deepEqual(r.originalRecipient, r.finalRecipient);
  assert.equal(r.status.comment, 'Empfänger unbekannt');
  assert.deepEqual(r.fields.at(-1), { name: 'Localized-Diagnostic', value: 'de; Empfänger unbekannt' });
  assert.equal(p.original?.contentType, 'message/global-headers');
  assert.match(p.original?.data.toString('utf8') ?? '', /Subject: grüße/);
});

test('parseDeliveryStatus alone: comments, case, continuation, blank lines', () => {
  const body = Buffer.from(
    [
      '',
      'REPORTING-MTA: DNS; mx.example (the (nested) comment)',
      'Original-Envelope-Id: ABC123xyz',
      '',
      '',
      'final-recipient: RFC822; <"john doe"@example.org> (in brackets)',
      'Original-Recipient: rfc822;"a(b)\\"c"@example.org',
      'action: Delivered (all fine)',
      'status: 2.0.0',
      'remote-mta: dns;',
      '\tnext.example',
      'Will-Retry-Until: Mon, 1 Jan 2024 00:00:00 +0000',
      '   ',
      'Final-Recipient: rfc822;a@b.example',
      'Action: RELAYED',
      'Status: 2.01.002',
      'Diagnostic-Code: smtp ; 250 (ok) fine',
      'Final-Log-ID: 42 (log)',
    ].join('\n'),
  );
  const s = parseDeliveryStatus(body, false);
  assert.deepEqual(s.reportingMta, { type: 'dns', name: 'mx.example', comment: 'the (nested) comment' });
  assert.equal(s.originalEnvelopeId, 'ABC123xyz');
  assert.equal(s.recipients.length, 2);
  const [a, b] = s.recipients as [ParsedDsnRecipient, ParsedDsnRecipient];
  assert.deepEqual(a.finalRecipient, { type: 'rfc822', address: '"john doe"@example.org', localpart: 'john doe', domain: 'example.org' });
  // Parentheses in a quoted localpart are not a comment.
  assert.equal(a.originalRecipient?.localpart, 'a(b)"c');
  assert.equal(a.action, 'delivered');
  assert.deepEqual(a.remoteMta, { type: 'dns', name: 'next.example' });
  assert.equal(a.willRetryUntil, Date.UTC(2024, 0, 1));
  assert.equal(b.action, 'relayed');
  assert.equal(b.status.code, '2.1.2');
  assert.deepEqual(b.diagnosticCode, { type: 'smtp', text: '250 (ok) fine' });
  assert.equal(b.finalLogId, '42 (log)');
  assert.deepEqual(dsnRecipientCodes(b), { code: 250, secode: '' });
});

test('parseSmtpCodes reads code and enhanced subcode from a reply', () => {
  const cases: [string, number, string][] = [
    ['550 5.1.1 no such user', 550, '1.1'],
    ['550-5.1.1 first line 550 5.1.1 second', 550, '1.1'],
    ['452 4.2.2 mailbox full', 452, '2.2'],
    ['550 user unknown', 550, ''],
    ['550', 550, ''],
    ['421 4.7.0', 421, '7.0'],
    ['550 5.1.1; trailing', 550, ''],
    ['550 2.0.0 odd', 550, ''],
    ['5500 5.1.1 x', 0, ''],
    ['650 6.1.1 x', 0, ''],
    ['hello', 0, ''],
    ['', 0, ''],
  ];
  for (const [text, code, secode] of cases) assert.deepEqual(parseSmtpCodes(text), { code, secode }, text);
});

test('dsnRecipientCodes: diagnostic first, then status; subcode from status when the diagnostic has none', () => {
  const r = (status: string, diag?: string): ParsedDsnRecipient =>
    parseDeliveryStatus(Buffer.from(`Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: ${status}\n${diag ? `Diagnostic-Code: ${diag}\n` : ''}`), false)
      .recipients[0]!;
  assert.deepEqual(dsnRecipientCodes(r('5.1.1', 'smtp; 550 5.1.2 x')), { code: 550, secode: '1.2' });
  assert.deepEqual(dsnRecipientCodes(r('5.1.1', 'smtp; 550 no such user')), { code: 550, secode: '1.1' });
  assert.deepEqual(dsnRecipientCodes(r('4.4.1', 'smtp; 550 no such user')), { code: 550, secode: '' });
  assert.deepEqual(dsnRecipientCodes(r('5.7.1', 'smtp; rejected')), { code: 500, secode: '7.1' });
  assert.deepEqual(dsnRecipientCodes(r('5.7.1', 'x-local; 550 5.1.1 x')), { code: 500, secode: '7.1' });
  assert.deepEqual(dsnRecipientCodes(r('4.4.7')), { code: 400, secode: '4.7' });
  assert.deepEqual(dsnRecipientCodes(r('2.0.0')), { code: 0, secode: '' });
});

/** A DSN message around the given delivery-status body. */
function wrap(status: string, opts: { ct?: string; second?: string; third?: string; extra?: number } = {}): Buffer {
  const parts = [
    'Content-Type: text/plain\r\n\r\nhuman text\r\n',
    `Content-Type: ${opts.second ?? 'message/delivery-status'}\r\n\r\n${status.replace(/\n/g, '\r\n')}`,
  ];
  if (opts.third) parts.push(`Content-Type: ${opts.third}\r\n\r\nSubject: x\r\n`);
  for (let i = 0; i < (opts.extra ?? 0); i++) parts.push('Content-Type: text/plain\r\n\r\nmore\r\n');
  const body = parts.map((p) => `--b\r\n${p}\r\n`).join('') + '--b--\r\n';
  return Buffer.from(`From: <postmaster@x.example>\r\nContent-Type: ${opts.ct ?? 'multipart/report; report-type=delivery-status; boundary="b"'}\r\n\r\n${body}`);
}

const okStatus = 'Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822;a@b.example\nAction: failed\nStatus: 5.0.0\n';

test('a well-formed minimal report parses (control for the malformed cases)', () => {
  assert.equal(parseDsn(wrap(okStatus)).status.recipients[0]!.finalRecipient.address, 'a@b.example');
  assert.equal(parseDsn(wrap(okStatus, { third: 'text/rfc822-headers' })).original?.contentType, 'text/rfc822-headers');
});

test('malformed reports are rejected with clear errors', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['not a report', Buffer.from('Subject: hi\r\n\r\nhello\r\n'), /content-type "text\/plain", a dsn is "multipart\/report"/],
    ['multipart/mixed', wrap(okStatus, { ct: 'multipart/mixed; boundary="b"' }), /"multipart\/mixed"/],
    ['four parts', wrap(okStatus, { third: 'text/rfc822-headers', extra: 1 }), /has 4 parts, a dsn has 2 or 3/],
    ['second part type', wrap(okStatus, { second: 'text/plain' }), /second part has content-type "text\/plain"/],
    ['third part type', wrap(okStatus, { third: 'application/pdf' }), /third part has content-type "application\/pdf"/],
    ['empty status', wrap(''), /delivery-status part is empty/],
    ['no reporting-mta', wrap('Arrival-Date: 1 Jan 2024 00:00:00 +0000\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n'), /missing required field Reporting-MTA/],
    ['no recipients', wrap('Reporting-MTA: dns; x\n'), /no per-recipient fields/],
    ['no blank line', wrap('Reporting-MTA: dns; x\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n'), /per-recipient field among the per-message fields/],
    ['missing fields', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\n'), /per-recipient group 1 \(line 3\): missing required fields Action, Status/],
    ['missing final-recipient', wrap('Reporting-MTA: dns; x\n\nAction: failed\nStatus: 5.0.0\n'), /missing required field Final-Recipient$/],
    ['unknown action', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nAction: bounced\nStatus: 5.0.0\n'), /field "Action": unknown action "bounced"/],
    ['bad status', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.x.1\n'), /field "Status": malformed status code "5\.x\.1"/],
    ['status class 3', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 3.0.0\n'), /malformed status code "3\.0\.0"/],
    ['bad date', wrap('Reporting-MTA: dns; x\nArrival-Date: yesterday\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n'), /field "Arrival-Date": malformed date-time "yesterday"/],
    ['duplicate field', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nAction: delayed\nStatus: 5.0.0\n'), /field "Action" appears more than once/],
    ['duplicate per-message', wrap('Reporting-MTA: dns; x\nreporting-mta: dns; y\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n'), /field "reporting-mta" appears more than once/],
    ['address without @', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;nobody\nAction: failed\nStatus: 5.0.0\n'), /address "nobody" is not of the form localpart@domain/],
    ['address without type', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: a@b\nAction: failed\nStatus: 5.0.0\n'), /field "Final-Recipient": missing ";" after the type/],
    ['empty address', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;\nAction: failed\nStatus: 5.0.0\n'), /empty address/],
    ['bad escape', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: utf-8;a\\x{D800}@b\nAction: failed\nStatus: 5.0.0\n'), /invalid \\x\{…\} escape/],
    ['bad type', wrap('Reporting-MTA: d n s; x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n'), /field "Reporting-MTA": invalid type "d n s"/],
    ['empty mta', wrap('Reporting-MTA: dns; (only a comment)\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n'), /empty mta name/],
    ['diagnostic without type', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: 550 no\n'), /field "Diagnostic-Code": missing ";"/],
    ['line without colon', wrap('Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@b\nthis is not a field\nAction: failed\nStatus: 5.0.0\n'), /delivery-status line 4: malformed header line/],
    ['group starts with continuation', wrap('Reporting-MTA: dns; x\n\n  continued\nFinal-Recipient: rfc822;a@b\n'), /delivery-status line 3: header starts with a continuation line/],
  ];
  for (const [name, buf, re] of cases) {
    assert.throws(
      () => parseDsn(buf),
      (e: unknown) => e instanceof DsnError && re.test(e.message),
      `${name}: expected ${re}`,
    );
  }
});
