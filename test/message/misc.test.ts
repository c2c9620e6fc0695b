import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDateTime,
  formatDateTime,
  messageIdCanonical,
  parseMessageIdList,
  referencedIds,
  MessageIdError,
  parseHeader,
  parseEnvelope,
  envelopeWithDefaults,
  formatMessageDate,
  localZoneOffset,
  foldedField,
} from '../../src/message/index.js';

test('dates: RFC 5322 §3.3 and obsolete forms (§4.3), formatted as mox does', () => {
  const f = (s: string): string | undefined => {
    const d = parseDateTime(s);
    return d && formatDateTime(d);
  };
  assert.equal(f('Mon, 2 Jan 2006 15:04:05 -0700'), 'Mon, 2 Jan 2006 15:04:05 -0700');
  assert.equal(f('Fri, 21 Nov 1997 09:55:06 -0600'), 'Fri, 21 Nov 1997 09:55:06 -0600');
  assert.equal(f('21 Nov 97 09:55 +0000 (GMT)'), 'Fri, 21 Nov 1997 09:55:00 +0000');
  assert.equal(f('Thu, 13 Feb 1969 23:32:54 -0330'), 'Thu, 13 Feb 1969 23:32:54 -0330');
  assert.equal(f('Tue, 1 Jul 2003 10:52:37 PDT'), 'Tue, 1 Jul 2003 10:52:37 -0700');
  assert.equal(f('tue,  01   jul 2003 10:52:37 +0200'), 'Tue, 1 Jul 2003 10:52:37 +0200');
  assert.equal(f('1 Jan 05 00:00:00 Z'), 'Sat, 1 Jan 2005 00:00:00 +0000');
  for (const bad of ['', 'yesterday', '31 Feb 2020 00:00:00 +0000', '1 Jan 2020 24:00:00 +0000', '1 Foo 2020 00:00 +0000', '1 Jan 2020 00:00:00 +0099', '1 Jan 2020']) {
    assert.equal(parseDateTime(bad), undefined, bad);
  }
  const d = parseDateTime('Mon, 2 Jan 2006 15:04:05 -0700')!;
  assert.equal(d.ms, Date.UTC(2006, 0, 2, 22, 4, 5));
  assert.equal(d.offset, -420);
  // Offsets of a day or more keep the instant, in UTC (as mox).
  assert.deepEqual(parseDateTime('2 Jan 2006 00:00:00 +2400'), { ms: Date.UTC(2006, 0, 1), offset: 0 });
});

test('Message-ID canonical form for threading, as mox', () => {
  assert.deepEqual(messageIdCanonical('<ABC@Example.COM>'), { id: 'abc@example.com', raw: false });
  assert.deepEqual(messageIdCanonical(' <"quoted"@x.example> '), { id: 'quoted@x.example', raw: false });
  assert.deepEqual(messageIdCanonical('<under_score@host_name>'), { id: 'under_score@host_name', raw: true });
  assert.deepEqual(messageIdCanonical('<a@b.c> (added by postmaster)'), { id: 'a@b.c', raw: false });
  assert.throws(() => messageIdCanonical('<a@b.c> (added by postmaster)', true), MessageIdError);
  for (const bad of ['a@b.c', '<a@b.c', '<>', '<a@b.c>x']) assert.throws(() => messageIdCanonical(bad), MessageIdError, bad);
});

test('References and In-Reply-To (RFC 5322 §3.6.4)', () => {
  assert.deepEqual(parseMessageIdList('<a@x> <b@y>\r\n <c\r\n @z> junk <trunc <d@w>'), ['<a@x>', '<b@y>', '<c@z>', '<d@w>']);
  assert.deepEqual(referencedIds(['<A@X> <"b"@y>'], ['<irt@z>']), ['a@x', 'b@y']);
  assert.deepEqual(referencedIds([], ['no ids', '<First@Z> <second@z>']), ['first@z']);
  assert.deepEqual(referencedIds(['nothing'], []), []);
});

test('envelope from a header: first instance, decoded subject, defaults for IMAP', () => {
  const h = parseHeader(
    Buffer.from(
      'From: A <a@x.test>\r\nFrom: B <b@x.test>\r\nTo: t@x.test\r\nSubject: =?utf-8?q?h=C3=A9?=\r\nDate: bogus\r\nMessage-ID:  <m@x>\r\nIn-Reply-To: <p@x>\r\n\r\n',
    ),
  );
  const env = parseEnvelope(h);
  assert.equal(env.subject, 'hé');
  assert.equal(env.date, undefined);
  assert.deepEqual(env.from, [{ name: 'A', adl: null, mailbox: 'a', host: 'x.test' }]);
  assert.deepEqual(env.sender, []);
  assert.equal(env.messageId, '<m@x>');
  assert.equal(env.inReplyTo, '<p@x>');
  const imap = envelopeWithDefaults(env);
  assert.deepEqual(imap.sender, env.from);
  assert.deepEqual(imap.replyTo, env.from);
  assert.deepEqual(imap.to, [{ name: null, adl: null, mailbox: 't', host: 'x.test' }]);
});

test('compose helpers: RFC 5322 §3.3 dates without day of week, folded fields (RFC 5322 §2.2.3)', () => {
  assert.equal(formatMessageDate(Date.UTC(2006, 0, 2, 22, 4, 5), -420), '2 Jan 2006 15:04:05 -0700');
  assert.equal(typeof localZoneOffset(0), 'number');
  const words = Array.from({ length: 20 }, (_, i) => `word${i}`);
  const f = foldedField('Received', words);
  assert.ok(f.endsWith('\r\n'));
  for (const line of f.slice(0, -2).split('\r\n')) assert.ok(line.length <= 78, line);
  assert.equal(f.replace(/\r\n\t/g, ' '), `Received: ${words.join(' ')}\r\n`);
  // Unfolding removes only the CRLF, the tab stays (RFC 5322 §2.2.3).
  assert.equal(parseHeader(Buffer.from(f + '\r\n')).text('received'), f.slice('Received: '.length, -2).replace(/\r\n/g, ''));
});
