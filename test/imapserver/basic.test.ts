import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer, USER, PASS } from './helpers.js';

test('greeting, CAPABILITY, LOGIN, SELECT, FETCH, LOGOUT', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const c = await srv.connect();
  const caps = await c.cmd('a1 CAPABILITY', /^\* CAPABILITY IMAP4rev2 IMAP4rev1 .* STARTTLS AUTH=PLAIN$/, /^a1 OK /);
  assert.ok(caps[0]!.includes('IDLE'));
  await c.cmd(`a2 LOGIN ${USER} ${PASS}`, /^a2 OK \[CAPABILITY IMAP4rev2 .*\] login done$/);
  await c.cmd('a3 SELECT INBOX', /^\* FLAGS \(/, /^\* OK \[PERMANENTFLAGS /, /^\* 2 EXISTS$/, /^\* 0 RECENT$/, /^\* OK \[UNSEEN 1\]/, /^\* OK \[UIDVALIDITY \d+\]/, /^\* OK \[UIDNEXT 3\]/, /^\* LIST \(\) "\/" Inbox$/, /^a3 OK \[READ-WRITE\] /);
  const r = await c.cmd('a4 FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])', /^\* 1 FETCH \(UID 1 RFC822\.SIZE \d+ BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}Subject: message 1\r\n\r\n FLAGS \(\)\)$/, /^\* 2 FETCH /, /^a4 OK /);
  assert.equal(r.length, 3);
  await c.cmd('a5 LOGOUT', /^\* BYE /, /^a5 OK /);
});
