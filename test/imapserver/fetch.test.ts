import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer } from './helpers.js';

/** A literal as it appears in a response. */
const lit = (v: string) => `{${Buffer.byteLength(v)}}${v}`;

const multipart = [
  'From: "Alice A." <alice@example.org>',
  'To: bob@example.com, Group: c@example.net, d@example.net;',
  'Cc: carol@example.com',
  'Subject: =?utf-8?q?caf=C3=A9?= report',
  'Date: Tue, 3 Jan 2006 10:00:00 +0100',
  'Message-ID: <mp1@example.org>',
  'In-Reply-To: <parent@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  'preamble',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hello caf=C3=A9 world',
  'second line',
  '--b1',
  'Content-Type: application/octet-stream; name="a.bin"',
  'Content-Disposition: attachment; filename="a.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAwQ=',
  '--b1',
  'Content-Type: message/rfc822',
  '',
  'From: inner@example.org',
  'Subject: inner',
  '',
  'inner body',
  '--b1--',
  '',
].join('\r\n');

test('FETCH ENVELOPE, BODYSTRUCTURE, BODY, INTERNALDATE and sizes', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(multipart);
  const c = await srv.login();
  await c.cmd('a1 SELECT Inbox');
  const [env] = await c.cmd('a2 FETCH 1 ENVELOPE', /^\* 1 FETCH/);
  assert.equal(
    env,
    '* 1 FETCH (UID 1 ENVELOPE ("Tue, 3 Jan 2006 10:00:00 +0100" {12}café report (("Alice A." NIL "alice" "example.org")) (("Alice A." NIL "alice" "example.org")) (("Alice A." NIL "alice" "example.org")) ((NIL NIL "bob" "example.com")(NIL NIL "Group" NIL)(NIL NIL "c" "example.net")(NIL NIL "d" "example.net")(NIL NIL NIL NIL)) ((NIL NIL "carol" "example.com")) NIL "<parent@example.org>" "<mp1@example.org>"))',
  );
  const [bs] = await c.cmd('a3 FETCH 1 BODYSTRUCTURE', /^\* 1 FETCH/);
  assert.match(bs!, /^\* 1 FETCH \(UID 1 BODYSTRUCTURE \(\("TEXT" "PLAIN" \("CHARSET" "utf-8"\) NIL NIL "QUOTED-PRINTABLE" \d+ 2 NIL NIL NIL NIL\)\("APPLICATION" "OCTET-STREAM" \("NAME" "a\.bin"\) NIL NIL "BASE64" 8 NIL \("attachment" \("filename" "a\.bin"\)\) NIL NIL\)\("MESSAGE" "RFC822" NIL NIL NIL "7BIT" \d+ \(NIL "inner" \(\(NIL NIL "inner" "example\.org"\)\) .*\) \("TEXT" "PLAIN" \("CHARSET" "us-ascii"\) NIL NIL "7BIT" 10 1 NIL NIL NIL NIL\) 4 NIL NIL NIL NIL\) "MIXED" \("BOUNDARY" "b1"\) NIL NIL NIL\)\)$/);
  const [body] = await c.cmd('a4 FETCH 1 BODY', /^\* 1 FETCH/);
  assert.match(body!, /^\* 1 FETCH \(UID 1 BODY \(\("TEXT" "PLAIN" \("CHARSET" "utf-8"\) NIL NIL "QUOTED-PRINTABLE" \d+ 2\)\("APPLICATION" .* "MIXED"\)\)$/);
  const [fast] = await c.cmd('a5 FETCH 1 FAST', /^\* 1 FETCH/);
  assert.match(fast!, /^\* 1 FETCH \(UID 1 INTERNALDATE "[ \d]\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d \+0000" RFC822\.SIZE \d+ FLAGS \(\)\)$/);
  const size = Number(/RFC822\.SIZE (\d+)/.exec(fast!)![1]);
  assert.equal(size, Buffer.byteLength(multipart));
});

test('FETCH body sections, partials, MIME, nested parts and BINARY', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(multipart);
  const c = await srv.login();
  await c.cmd('a1 EXAMINE Inbox');
  const one = async (att: string): Promise<string> => {
    const lines = await c.cmd(`x FETCH 1 (${att})`, /^x OK/);
    assert.equal(lines.length, 2, c.transcript.join('\n'));
    return lines[0]!;
  };
  assert.equal(await one('BODY.PEEK[1]'), `* 1 FETCH (UID 1 BODY[1] ${lit('Hello caf=C3=A9 world\r\nsecond line')})`);
  assert.equal(await one('BODY.PEEK[1.MIME]'), `* 1 FETCH (UID 1 BODY[1.MIME] ${lit('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n')})`);
  assert.equal(await one('BODY.PEEK[2]'), '* 1 FETCH (UID 1 BODY[2] {8}AAECAwQ=)');
  assert.equal(await one('BODY.PEEK[3.HEADER]'), `* 1 FETCH (UID 1 BODY[3.HEADER] ${lit('From: inner@example.org\r\nSubject: inner\r\n\r\n')})`);
  assert.equal(await one('BODY.PEEK[3.TEXT]'), '* 1 FETCH (UID 1 BODY[3.TEXT] {10}inner body)');
  assert.equal(await one('BODY.PEEK[3.1]'), '* 1 FETCH (UID 1 BODY[3.1] {10}inner body)');
  assert.equal(await one('BODY.PEEK[4]'), '* 1 FETCH (UID 1 BODY[4] NIL)');
  assert.equal(await one('BODY.PEEK[HEADER.FIELDS (subject message-id)]'), `* 1 FETCH (UID 1 BODY[HEADER.FIELDS (subject message-id)] ${lit('Subject: =?utf-8?q?caf=C3=A9?= report\r\nMessage-ID: <mp1@example.org>\r\n\r\n')})`);
  const not = await one('BODY.PEEK[HEADER.FIELDS.NOT (From To Cc Subject Date Message-ID In-Reply-To Content-Type)]');
  assert.equal(not, `* 1 FETCH (UID 1 BODY[HEADER.FIELDS.NOT (From To Cc Subject Date Message-ID In-Reply-To Content-Type)] ${lit('MIME-Version: 1.0\r\n\r\n')})`);
  assert.equal(await one('BODY.PEEK[]<0.4>'), '* 1 FETCH (UID 1 BODY[]<0> {4}From)');
  assert.equal(await one('BODY.PEEK[1]<6.4>'), '* 1 FETCH (UID 1 BODY[1]<6> {4}caf=)');
  assert.equal(await one('BODY.PEEK[1]<1000.4>'), '* 1 FETCH (UID 1 BODY[1]<1000> {0})');
  assert.equal(await one('BINARY.PEEK[2]'), '* 1 FETCH (UID 1 BINARY[2] ~{5}\x00\x01\x02\x03\x04)');
  assert.equal(await one('BINARY.SIZE[2]'), '* 1 FETCH (UID 1 BINARY.SIZE[2] 5)');
  assert.equal(await one('BINARY.PEEK[1]'), `* 1 FETCH (UID 1 BINARY[1] ${lit('Hello café world\r\nsecond line')})`);
  assert.equal(await one('BINARY.SIZE[1]'), `* 1 FETCH (UID 1 BINARY.SIZE[1] ${Buffer.byteLength('Hello café world\r\nsecond line')})`);
  // RFC 3516: BINARY of a message/rfc822 part is the embedded message; partials keep their origin.
  assert.equal(await one('BINARY.PEEK[3]'), `* 1 FETCH (UID 1 BINARY[3] ${lit('From: inner@example.org\r\nSubject: inner\r\n\r\ninner body')})`);
  assert.equal(await one('BINARY.PEEK[1]<0.5>'), '* 1 FETCH (UID 1 BINARY[1]<0> {5}Hello)');
  const hdr = await one('RFC822.HEADER');
  assert.ok(hdr.startsWith('* 1 FETCH (UID 1 RFC822.HEADER {') && hdr.endsWith('boundary="b1"\r\n\r\n)'));
  const whole = await one('BODY.PEEK[]');
  assert.ok(whole.endsWith(`${multipart})`));
  // EXAMINE: no \Seen, even without PEEK.
  assert.equal(await one('BODY[2] FLAGS'), '* 1 FETCH (UID 1 BODY[2] {8}AAECAwQ= FLAGS ())');
});

test('FETCH sections of a top-level message/rfc822 and nested messages (RFC 9051 §6.4.5, as imaptest)', async (t) => {
  const srv = await startServer(t);
  const inner2 = 'From: sub@example.org\r\nSubject: submsg\r\n\r\nHello world\r\n';
  const inner1 = `From: user2@example.org\r\nContent-Type: message/rfc822\r\n\r\n${inner2}`;
  await srv.deliver(`From: user@example.org\r\nMime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n${inner1}`);
  await srv.deliver('From: a@example.org\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n' + Buffer.from('abc\ndef\n').toString('base64') + '\r\n');
  const c = await srv.login();
  await c.cmd('a1 EXAMINE Inbox');
  const one = async (att: string, n = 1): Promise<string> => {
    const lines = await c.cmd(`x FETCH ${n} (${att})`, /^x OK/);
    return lines[0]!;
  };
  assert.equal(await one('BODY.PEEK[1]'), `* 1 FETCH (UID 1 BODY[1] ${lit(inner1)})`);
  assert.equal(await one('BODY.PEEK[1.1]'), `* 1 FETCH (UID 1 BODY[1.1] ${lit(inner2)})`);
  assert.equal(await one('BODY.PEEK[1.1.1]'), `* 1 FETCH (UID 1 BODY[1.1.1] ${lit('Hello world\r\n')})`);
  assert.equal(await one('BODY.PEEK[1.HEADER]'), `* 1 FETCH (UID 1 BODY[1.HEADER] ${lit('From: user2@example.org\r\nContent-Type: message/rfc822\r\n\r\n')})`);
  assert.equal(await one('BODY.PEEK[1.1.HEADER]'), `* 1 FETCH (UID 1 BODY[1.1.HEADER] ${lit('From: sub@example.org\r\nSubject: submsg\r\n\r\n')})`);
  assert.equal(await one('BODY.PEEK[1.1.TEXT]'), `* 1 FETCH (UID 1 BODY[1.1.TEXT] ${lit('Hello world\r\n')})`);
  assert.equal(await one('BODY.PEEK[1.2]'), '* 1 FETCH (UID 1 BODY[1.2] NIL)');
  assert.equal(await one('BINARY.PEEK[1]'), `* 1 FETCH (UID 1 BINARY[1] ${lit(inner1)})`);
  // Decoded bytes as they are: bare LF stays LF (RFC 3516 converts nothing).
  assert.equal(await one('BINARY.PEEK[1]', 2), '* 2 FETCH (UID 2 BINARY[1] {8}abc\ndef\n)');
  assert.equal(await one('BINARY.SIZE[1]', 2), '* 2 FETCH (UID 2 BINARY.SIZE[1] 8)');
});

test('FETCH of BODY[] sets \\Seen and reports the new flags; PEEK does not', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const c = await srv.login();
  await c.cmd('a1 SELECT Inbox');
  await c.cmd('a2 FETCH 1 BODY.PEEK[TEXT]', /^\* 1 FETCH \(UID 1 BODY\[TEXT\] \{\d+\}body of message 1\r\n\)$/);
  await c.cmd('a3 FETCH 1 BODY[TEXT]', /^\* 1 FETCH \(UID 1 BODY\[TEXT\] \{\d+\}body of message 1\r\n FLAGS \(\\Seen\)\)$/);
  await c.cmd('a4 FETCH 1 BODY[TEXT]', /^\* 1 FETCH \(UID 1 BODY\[TEXT\] \{\d+\}body of message 1\r\n\)$/);
  await c.cmd('a5 UID FETCH 2 RFC822.TEXT', /^\* 2 FETCH \(UID 2 RFC822\.TEXT \{\d+\}body of message 2\r\n FLAGS \(\\Seen\)\)$/);
  // The change is not reported again later.
  const noop = await c.cmd('a6 NOOP', /^a6 OK/);
  assert.equal(noop.length, 1, c.transcript.join('\n'));
  assert.equal(srv.account.mailbox('Inbox')!.unseen, 0);
  // Another session sees the flag change.
});

test('CONDSTORE: MODSEQ, CHANGEDSINCE, HIGHESTMODSEQ', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const c = await srv.login();
  const sel = await c.cmd('a1 SELECT Inbox (CONDSTORE)', /^\* OK \[HIGHESTMODSEQ (\d+)\]/, /^a1 OK/);
  const high = Number(/HIGHESTMODSEQ (\d+)/.exec(sel.find((l) => l.includes('HIGHESTMODSEQ'))!)![1]);
  const [m1] = await c.cmd('a2 FETCH 1:2 (MODSEQ)', /^\* 1 FETCH \(UID 1 MODSEQ \(\d+\)\)$/);
  const ms1 = Number(/MODSEQ \((\d+)\)/.exec(m1!)![1]);
  assert.ok(ms1 <= high);
  await c.cmd('a3 STORE 2 +FLAGS.SILENT (\\Flagged)', /^\* 2 FETCH \(UID 2 MODSEQ \(\d+\)\)$/, /^a3 OK/);
  const changed = await c.cmd(`a4 FETCH 1:* (FLAGS) (CHANGEDSINCE ${high})`, /^a4 OK/);
  assert.equal(changed.length, 2, c.transcript.join('\n'));
  assert.match(changed[0]!, /^\* 2 FETCH \(UID 2 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/);
  await c.cmd('a5 STATUS Inbox (HIGHESTMODSEQ MESSAGES)', /^\* STATUS Inbox \(HIGHESTMODSEQ \d+ MESSAGES 2\)$/);
});
