// REPLACE and UID REPLACE (RFC 8508) over the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer } from './helpers.js';

function lit(s: string): string {
  return `{${Buffer.byteLength(s)}+}\r\n${s}`;
}

const draft = (v: number) => `From: me@example.org\r\nSubject: draft v${v}\r\n\r\nversion ${v}\r\n`;

test('REPLACE in the selected mailbox: APPENDUID, EXISTS, EXPUNGE in order; other sessions see both', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 3; i++) await srv.deliver(message(i));
  const c = await srv.login();
  const other = await srv.login();
  await c.cmd('c0 CAPABILITY', /^\* CAPABILITY .* REPLACE /, /^c0 OK/);
  await c.cmd('s1 SELECT Inbox', /^s1 OK/);
  await other.cmd('o1 SELECT Inbox', /^o1 OK/);
  const uv = srv.account.mailbox('Inbox')!.uidValidity;

  const lines = await c.cmd(`r1 REPLACE 2 Inbox (\\Seen $Draft) "05-Feb-2024 12:00:00 +0100" ${lit(draft(2))}`, /^r1 OK /);
  assert.deepEqual(lines, [
    `* OK [APPENDUID ${uv} 4] Replacement Message ready`,
    '* 4 EXISTS',
    // Keywords are stored in lower case, as mox does.
    // A keyword new to the session is announced first (RFC 9051 §7.3.5).
    '* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $Forwarded $Junk $NotJunk $Phishing $MDNSent $draft)',
    '* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $Forwarded $Junk $NotJunk $Phishing $MDNSent $draft \\*)] x',
    '* 4 FETCH (UID 4 FLAGS (\\Seen $draft))',
    '* 2 EXPUNGE',
    'r1 OK replaced',
  ]);
  await c.cmd(
    'f1 FETCH 1:* (UID INTERNALDATE BODY.PEEK[])',
    /^\* 1 FETCH \(UID 1 /,
    /^\* 2 FETCH \(UID 3 /,
    /^\* 3 FETCH \(UID 4 INTERNALDATE " 5-Feb-2024 11:00:00 \+0000" BODY\[\] \{\d+\}From: me@example.org\r\nSubject: draft v2\r\n\r\nversion 2\r\n\)$/,
    /^f1 OK/,
  );
  // The other session learns about the removal and the addition.
  await other.cmd('o2 NOOP', /^\* 2 EXPUNGE$/, /^\* 3 EXISTS$/, /^o2 OK/);
  const inbox = srv.account.mailbox('Inbox')!;
  assert.equal(inbox.total, 3);
  assert.equal(inbox.unseen, 2);

  // "*" is the last message; the sequence number form.
  await c.cmd(`r2 REPLACE * Inbox ${lit(draft(3))}`, /^\* OK \[APPENDUID \d+ 5\] /, /^\* 4 EXISTS$/, /^\* 3 EXPUNGE$/, /^r2 OK replaced$/);
  await c.cmd('f2 UID FETCH 1:* (UID)', /^\* 1 FETCH \(UID 1\)$/, /^\* 2 FETCH \(UID 3\)$/, /^\* 3 FETCH \(UID 5\)$/, /^f2 OK/);
});

test('UID REPLACE into another mailbox: no EXISTS, expunge from the selected one; CONDSTORE gets HIGHESTMODSEQ', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 3; i++) await srv.deliver(message(i));
  const c = await srv.login();
  await c.cmd('s1 SELECT Inbox (CONDSTORE)', /^s1 OK/);
  const dv = srv.account.mailbox('Drafts')!.uidValidity;
  const lines = await c.cmd(`r1 UID REPLACE 3 Drafts (\\Draft) ${lit(draft(1))}`, /^r1 OK /);
  const modseq = srv.account.mailbox('Drafts')!.modseq;
  assert.deepEqual(lines, [`* OK [APPENDUID ${dv} 1] Replacement Message ready`, '* 3 EXPUNGE', `r1 OK [HIGHESTMODSEQ ${modseq}] replaced`]);
  assert.equal(srv.account.mailbox('Inbox')!.modseq, modseq, 'one modseq for both mailboxes');
  await c.cmd('st STATUS Drafts (MESSAGES UNSEEN)', /^\* STATUS Drafts \(MESSAGES 1 UNSEEN 1\)$/, /^st OK/);
  await c.cmd('st2 STATUS Inbox (MESSAGES)', /^\* STATUS Inbox \(MESSAGES 2\)$/, /^st2 OK/);
  const m = srv.account.messageByUid(srv.account.mailbox('Drafts')!.id, 1)!;
  assert.equal(m.subject, 'draft v1');
  assert.notEqual(m.savedate, null);
});

test('REPLACE failures leave both messages alone', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const c = await srv.login();
  await c.cmd('s0 SELECT Drafts', /^s0 OK/);
  await c.cmd(`r0 REPLACE * Drafts ${lit(draft(1))}`, /^r0 BAD /);
  await c.cmd('s1 SELECT Inbox', /^s1 OK/);
  await c.cmd(`r1 REPLACE 5 Inbox ${lit(draft(1))}`, /^r1 NO invalid msgseq$/);
  await c.cmd(`r2 UID REPLACE 99 Inbox ${lit(draft(1))}`, /^r2 NO /);
  await c.cmd(`r3 REPLACE 1 Nonexistent ${lit(draft(1))}`, /^r3 NO \[TRYCREATE\] /);
  await c.cmd('r4 REPLACE 1 Inbox {0+}\r\n', /^r4 NO /);
  await c.cmd('x1 EXAMINE Inbox', /^x1 OK/);
  await c.cmd(`r5 REPLACE 1 Inbox ${lit(draft(1))}`, /^r5 NO \[READ-ONLY\] /);
  await c.cmd('u1 UNSELECT', /^u1 OK/);
  await c.cmd(`r6 REPLACE 1 Inbox ${lit(draft(1))}`, /^r6 BAD /);
  assert.equal(srv.account.mailbox('Inbox')!.total, 1);
  assert.equal(srv.account.mailbox('Drafts')!.total, 0);
  // The literal of a refused command was read: the connection is still in sync.
  await c.cmd('n1 NOOP', /^n1 OK/);
});

test('REPLACE of a message another session expunged: the EXPUNGE, then NO', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const c = await srv.login();
  await c.cmd('s1 SELECT Inbox', /^s1 OK/);
  const other = await srv.login();
  await other.cmd('o1 SELECT Inbox', /^o1 OK/);
  await other.cmd('o2 STORE 1 +FLAGS.SILENT (\\Deleted)', /^o2 OK/);
  await other.cmd('o3 EXPUNGE', /^\* 1 EXPUNGE$/, /^o3 OK/);
  const lines = await c.cmd(`r1 REPLACE 1 Inbox ${lit(draft(1))}`, /^r1 NO /);
  assert.deepEqual(lines, ['* 1 FETCH (UID 1 FLAGS (\\Deleted))', '* 1 EXPUNGE', 'r1 NO message to be replaced has been expunged']);
  assert.equal(srv.account.mailbox('Inbox')!.total, 1);
});
