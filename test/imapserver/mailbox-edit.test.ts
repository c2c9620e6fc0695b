import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer } from './helpers.js';

test('CREATE, RENAME (with children), SUBSCRIBE, UNSUBSCRIBE, DELETE', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 CREATE Projects/2024/', /^a1 OK/);
  await c.cmd('a2 LIST "" Projects*', /^\* LIST \(\\HasChildren\) "\/" Projects$/, /^\* LIST \(\\HasNoChildren\) "\/" Projects\/2024$/);
  await c.cmd('a3 CREATE Projects', /^a3 NO \[ALREADYEXISTS\] /);
  await c.cmd('a4 CREATE inbox', /^a4 NO \[ALREADYEXISTS\] /);
  await c.cmd('a5 CREATE "bad//name"', /^a5 NO \[CANNOT\] /);
  await c.cmd('a6 CREATE Later (USE (\\Archive))', /^a6 OK/);
  await c.cmd('a7 LIST "" Later', /^\* LIST \(\\HasNoChildren \\Archive\) "\/" Later$/);
  await c.cmd('a8 CREATE Odd (USE (\\Important))', /^a8 NO \[USEATTR\] /);
  await c.cmd('a9 RENAME Projects Work', /^a9 OK/);
  const l = await c.cmd('a10 LIST "" *', /^a10 OK/);
  assert.ok(l.includes('* LIST (\\HasNoChildren) "/" Work/2024'), c.transcript.join('\n'));
  assert.ok(!l.some((x) => x.includes('Projects')));
  await c.cmd('a11 RENAME Nope Other', /^a11 NO \[NONEXISTENT\] /);
  await c.cmd('a12 RENAME Work Sent', /^a12 NO \[ALREADYEXISTS\] /);
  await c.cmd('a13 UNSUBSCRIBE Work', /^a13 OK/);
  const lsub = await c.cmd('a14 LSUB "" %', /^a14 OK/);
  assert.ok(!lsub.includes('* LSUB () "/" Work'));
  await c.cmd('a15 SUBSCRIBE Work', /^a15 OK/);
  // As mox: a name without a mailbox can be subscribed (RFC 9051 §6.3.7).
  await c.cmd('a16 SUBSCRIBE Nope', /^a16 OK/);
  await c.cmd('a17 DELETE Work', /^a17 NO \[HASCHILDREN\] /);
  await c.cmd('a18 DELETE Work/2024', /^a18 OK/);
  await c.cmd('a19 DELETE Work', /^a19 OK/);
  await c.cmd('a20 DELETE Inbox', /^a20 NO /);
  await c.cmd('a21 DELETE Work', /^a21 NO \[NONEXISTENT\] /);
  // UTF-7 for IMAP4rev1 clients, UTF-8 after ENABLE UTF8=ACCEPT.
  await c.cmd('a22 CREATE "&AOk-t&AOk-"', /^a22 OK/);
  assert.ok(srv.account.mailbox('été'));
  await c.cmd('a23 LIST "" &AOk-*', /^\* LIST \(\\HasNoChildren\) "\/" &AOk-t&AOk-$/);
  await c.cmd('a24 ENABLE UTF8=ACCEPT');
  await c.cmd('a25 LIST "" "é*"', /^\* LIST \(\\HasNoChildren\) "\/" "été"$/);
});

test('RENAME INBOX moves its messages to the new mailbox and leaves it empty', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const c = await srv.login();
  await c.cmd('a1 SELECT Inbox', /^\* 2 EXISTS$/);
  await c.cmd('a2 RENAME INBOX Old', /^\* 1 EXPUNGE$/, /^\* 1 EXPUNGE$/, /^a2 OK/);
  await c.cmd('a3 STATUS Old (MESSAGES)', /^\* STATUS Old \(MESSAGES 2\)$/);
  await c.cmd('a4 STATUS Inbox (MESSAGES)', /^\* STATUS Inbox \(MESSAGES 0\)$/);
});

test('APPEND: flags, date, APPENDUID, TRYCREATE, MULTIAPPEND, literal8, selected mailbox gets EXISTS', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  const inbox = srv.account.mailbox('Inbox')!;
  const m1 = 'Subject: appended\r\n\r\nhello\r\n';
  c.send(`a1 APPEND Inbox (\\Seen Work) "05-Mar-2021 10:00:00 +0100" {${m1.length}}`);
  await c.expect(/^\+ /);
  c.send(m1);
  await c.until('a1', new RegExp(`^a1 OK \\[APPENDUID ${inbox.uidValidity} 1\\] `));
  const m = srv.account.messageByUid(inbox.id, 1)!;
  assert.equal(m.received, Date.UTC(2021, 2, 5, 9, 0, 0));
  assert.equal(m.subject, 'appended');
  await c.cmd('a2 SELECT Inbox', /^\* 1 EXISTS$/);
  await c.cmd('a3 FETCH 1 (FLAGS INTERNALDATE)', /^\* 1 FETCH \(UID 1 INTERNALDATE " 5-Mar-2021 09:00:00 \+0000" FLAGS \(\\Seen work\)\)$/);
  // MULTIAPPEND with non-synchronising literals, into the selected mailbox.
  c.write('a4 APPEND Inbox {12+}\r\nSubject: a\r\n (\\Flagged) ~{13+}\r\nSubject: \x00b\r\n\r\n');
  await c.until('a4', /^\* 3 EXISTS$/, /^\* 2 FETCH \(UID 2 FLAGS \(\)\)$/, /^\* 3 FETCH \(UID 3 FLAGS \(\\Flagged\)\)$/, new RegExp(`^a4 OK \\[APPENDUID ${inbox.uidValidity} 2:3\\] `));
  await c.cmd('a5 APPEND Nope {3+}\r\nabc', /^a5 NO \[TRYCREATE\] /);
  await c.cmd('a6 APPEND Inbox "bad date" {3+}\r\nabc', /^a6 BAD /);
  // Over the APPENDLIMIT: refused before the data is sent.
  const small = await startServer(t, { appendLimit: 100 });
  const d = await small.login();
  d.send('b1 APPEND Inbox {1000}');
  await d.expect(/^b1 NO \[TOOBIG\] /);
  await d.cmd('b2 NOOP', /^b2 OK/);
});

test('COPY and MOVE: COPYUID, EXPUNGE responses, TRYCREATE; another session sees the move', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 4; i++) await srv.deliver(message(i));
  const trash = srv.account.mailbox('Trash')!;
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox');
  await b.cmd('b1 SELECT Inbox');
  await a.cmd('a2 COPY 1:2 Trash', new RegExp(`^a2 OK \\[COPYUID ${trash.uidValidity} 1:2 1:2\\] `));
  await a.cmd('a3 COPY 1 Nope', /^a3 NO \[TRYCREATE\] /);
  await a.cmd('a4 MOVE 2:3 Archive', /^\* OK \[COPYUID \d+ 2:3 1:2\] /, /^\* 2 EXPUNGE$/, /^\* 2 EXPUNGE$/, /^a4 OK/);
  await a.cmd('a5 FETCH 1:* UID', /^\* 1 FETCH \(UID 1\)$/, /^\* 2 FETCH \(UID 4\)$/, /^a5 OK/);
  await a.cmd('a6 UID MOVE 4 Trash', /^\* OK \[COPYUID \d+ 4 3\] /, /^\* 2 EXPUNGE$/, /^a6 OK/);
  // Into the selected mailbox itself: a new UID (RFC 6851 allows it; mox refuses).
  await a.cmd('a7 MOVE 1 Inbox', /^\* OK \[COPYUID \d+ 1 5\] /, /^\* 1 EXPUNGE$/, /^\* 1 EXISTS$/, /^a7 OK/);
  await a.cmd('a8 FETCH 1:* UID', /^\* 1 FETCH \(UID 5\)$/, /^a8 OK/);
  await b.cmd('b2 NOOP', /^\* 2 EXPUNGE$/, /^\* 2 EXPUNGE$/, /^\* 2 EXPUNGE$/, /^\* 1 EXPUNGE$/, /^\* 1 EXISTS$/, /^b2 OK/);
  await b.cmd('b3 STATUS Trash (MESSAGES)', /^\* STATUS Trash \(MESSAGES 3\)$/);
  await b.cmd('b4 EXAMINE Archive', /^\* 2 EXISTS$/);
  await b.cmd('b5 MOVE 1 Inbox', /^b5 NO \[READ-ONLY\] /);
  await b.cmd('b6 COPY 1 Inbox', /^b6 OK \[COPYUID /);
});
