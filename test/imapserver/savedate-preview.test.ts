// SAVEDATE (RFC 8514) and PREVIEW (RFC 8970) over the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock/index.js';
import { message, startServer } from './helpers.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 10, 10, 0, 0); // 10-Jan-2024 10:00:00

test('SAVEDATE: set on delivery, APPEND, COPY and MOVE; FETCH and SEARCH SAVEDBEFORE/SAVEDON/SAVEDSINCE', async (t) => {
  const clock = new ManualClock(T0);
  const srv = await startServer(t, { clock });
  // Received long before it was saved.
  await srv.account.deliver({ mailbox: 'Inbox', data: [Buffer.from(message(1).replace(/\n/g, '\r\n'))], received: T0 - 30 * DAY });
  const c = await srv.login();
  await c.cmd('c0 CAPABILITY', /^\* CAPABILITY .* SAVEDATE /, /^c0 OK/);
  await c.cmd('s1 SELECT Inbox', /^s1 OK/);
  await c.cmd('f1 FETCH 1 (SAVEDATE INTERNALDATE)', /^\* 1 FETCH \(UID 1 SAVEDATE "10-Jan-2024 10:00:00 \+0000" INTERNALDATE "11-Dec-2023 10:00:00 \+0000"\)$/, /^f1 OK/);

  await clock.advance(DAY);
  const msg = message(2).replace(/\n/g, '\r\n');
  await c.cmd(`a1 APPEND Inbox "01-Jan-2020 00:00:00 +0000" {${msg.length}+}\r\n${msg}`, /^\* 2 EXISTS/, /^a1 OK \[APPENDUID \d+ 2\]/);
  await c.cmd('f2 FETCH 2 (SAVEDATE)', /^\* 2 FETCH \(UID 2 SAVEDATE "11-Jan-2024 10:00:00 \+0000"\)$/, /^f2 OK/);

  await clock.advance(DAY);
  await c.cmd('c1 COPY 1 Archive', /^c1 OK \[COPYUID \d+ 1 1\]/);
  await clock.advance(DAY);
  await c.cmd('m1 UID MOVE 2 Archive', /^m1 OK/);
  await c.cmd('x1 EXAMINE Archive', /^x1 OK/);
  await c.cmd(
    'f3 FETCH 1:2 (SAVEDATE INTERNALDATE)',
    /^\* 1 FETCH \(UID 1 SAVEDATE "12-Jan-2024 10:00:00 \+0000" INTERNALDATE "11-Dec-2023 10:00:00 \+0000"\)$/,
    /^\* 2 FETCH \(UID 2 SAVEDATE "13-Jan-2024 10:00:00 \+0000" INTERNALDATE " 1-Jan-2020 00:00:00 \+0000"\)$/,
    /^f3 OK/,
  );
  await c.cmd('s2 UID SEARCH SAVEDON 12-Jan-2024', /^\* SEARCH 1$/, /^s2 OK/);
  await c.cmd('s3 UID SEARCH SAVEDSINCE 13-Jan-2024', /^\* SEARCH 2$/, /^s3 OK/);
  await c.cmd('s4 UID SEARCH SAVEDBEFORE 13-Jan-2024', /^\* SEARCH 1$/, /^s4 OK/);
  await c.cmd('s5 UID SEARCH SAVEDBEFORE 12-Jan-2024', /^\* SEARCH$/, /^s5 OK/);
  // Internal dates are unaffected: BEFORE looks at them, not at the save dates.
  await c.cmd('s6 UID SEARCH BEFORE 1-Jan-2024', /^\* SEARCH 1 2$/, /^s6 OK/);
  await c.cmd('s7 UID SEARCH SAVEDATESUPPORTED', /^\* SEARCH 1 2$/, /^s7 OK/);
  await c.cmd('s8 UID SEARCH NOT SAVEDATESUPPORTED', /^\* SEARCH$/, /^s8 OK/);
});

const alternative = [
  'From: a@example.org',
  'Subject: alt',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary=b1',
  '',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><head><title>ignored</title></head><body><p>Hello from <b>HTML</b></p><blockquote>old stuff</blockquote></body></html>',
  '--b1--',
  '',
].join('\r\n');

const attachmentOnly = [
  'From: a@example.org',
  'Subject: att',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary=b2',
  '',
  '--b2',
  'Content-Type: text/plain',
  'Content-Disposition: attachment; filename=a.txt',
  '',
  'not a preview',
  '--b2--',
  '',
].join('\r\n');

const encoded = [
  'From: a@example.org',
  'Subject: qp',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=FC=DFe aus K=F6ln',
  '',
].join('\r\n');

test('PREVIEW and PREVIEW (LAZY): plain text with quotes and signature, HTML, attachments, charsets', async (t) => {
  const srv = await startServer(t);
  await srv.deliver('From: a@example.org\nSubject: re\n\nSounds good.\n\nOn Mon, 2 Jan 2006 at 15:04, Alice wrote:\n> Lunch?\n\n-- \nBob\n');
  await srv.deliver(alternative);
  await srv.deliver(attachmentOnly);
  await srv.deliver(encoded);
  await srv.deliver(`From: a@example.org\nSubject: long\n\n${'word '.repeat(100)}\n`);
  const c = await srv.login();
  await c.cmd('c0 CAPABILITY', /^\* CAPABILITY .* PREVIEW /, /^c0 OK/);
  await c.cmd('s1 SELECT Inbox', /^s1 OK/);
  // Preview text with a newline goes out as a literal, as in mox.
  await c.cmd('f1 FETCH 1 (PREVIEW)', /^\* 1 FETCH \(UID 1 PREVIEW \{18\}Sounds good\.\n\[\.\.\.\]\)$/, /^f1 OK/);
  await c.cmd('f2 FETCH 2 (PREVIEW (LAZY))', /^\* 2 FETCH \(UID 2 PREVIEW \{\d+\}Hello from HTML\n\[\.\.\.\]\)$/, /^f2 OK/);
  await c.cmd('f3 UID FETCH 3 (PREVIEW)', /^\* 3 FETCH \(UID 3 PREVIEW ""\)$/, /^f3 OK/);
  // Non-ASCII text is a literal until UTF-8 is enabled, then a quoted string.
  await c.cmd('f4 FETCH 4 (PREVIEW)', /^\* 4 FETCH \(UID 4 PREVIEW \{17\}Grüße aus Köln\)$/, /^f4 OK/);
  await c.cmd('e1 ENABLE UTF8=ACCEPT', /^e1 OK/);
  await c.cmd('f5 FETCH 4 (PREVIEW)', /^\* 4 FETCH \(UID 4 PREVIEW "Grüße aus Köln"\)$/, /^f5 OK/);
  const long = await c.cmd('f6 FETCH 5 (PREVIEW)', /^f6 OK/);
  const m = /PREVIEW "([^"]*)"/.exec(long[0]!);
  assert.ok(m, long[0]);
  // At most 200 characters, trailing space trimmed.
  assert.equal(m[1], 'word '.repeat(40).trim());
  // PREVIEW does not set \Seen, and works alongside other items.
  await c.cmd('f7 FETCH 1 (FLAGS PREVIEW)', /^\* 1 FETCH \(UID 1 PREVIEW \{18\}Sounds good\.\n\[\.\.\.\] FLAGS \(\)\)$/, /^f7 OK/);
  await c.cmd('f8 FETCH 1 (PREVIEW (BOGUS))', /^f8 BAD /);
});
