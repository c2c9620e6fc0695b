import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer } from './helpers.js';

test('IDLE: a delivery by another component shows up as EXISTS with UID and FLAGS; DONE ends IDLE', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 SELECT Inbox', /^\* 0 EXISTS$/);
  c.send('a2 IDLE');
  await c.expect(/^\+ idling$/);
  await srv.deliver(message(1));
  await c.expect(/^\* 1 EXISTS$/, /^\* 1 FETCH \(UID 1 FLAGS \(\)\)$/);
  await srv.deliver(message(2));
  await srv.deliver(message(3));
  await c.expect(/^\* 3 EXISTS$/);
  c.send('DONE');
  await c.until('a2', /^a2 OK /);
  await c.cmd('a3 FETCH 1:* UID', /^\* 3 FETCH \(UID 3\)$/, /^a3 OK/);
});

test('IDLE without DONE: the connection is closed', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  c.send('a1 IDLE');
  await c.expect(/^\+ /);
  c.send('a2 NOOP');
  await c.expect(/^a1 BAD expected DONE$/, /^\* BYE /);
});

test('sequence numbers after an expunge by another session: EXPUNGE reported at NOOP, not during FETCH/STORE/SEARCH', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 5; i++) await srv.deliver(message(i));
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* 5 EXISTS$/);
  await b.cmd('b1 SELECT Inbox', /^\* 5 EXISTS$/);
  await b.cmd('b2 STORE 2,4 +FLAGS (\\Deleted)', /^\* 2 FETCH \(UID 2 FLAGS \(\\Deleted\)\)$/, /^b2 OK/);
  await b.cmd('b3 EXPUNGE', /^\* 2 EXPUNGE$/, /^\* 3 EXPUNGE$/, /^b3 OK/);
  await b.cmd('b4 FETCH 3 UID', /^\* 3 FETCH \(UID 5\)$/);

  // Session a still sees 5 messages: FETCH must not shift numbers. Expunged messages are left out.
  const f = await a.cmd('a2 FETCH 1:5 UID', /^\* 2 FETCH \(UID 2 FLAGS \(\\Deleted\)\)$/, /^a2 OK \[EXPUNGEISSUED\]/);
  assert.ok(!f.some((l) => /EXPUNGE$/.test(l)), a.transcript.join('\n'));
  assert.ok(f.includes('* 5 FETCH (UID 5)'));
  const s = await a.cmd('a3 SEARCH ALL', /^a3 OK/);
  assert.ok(s.includes('* SEARCH 1 3 5'), a.transcript.join('\n'));
  assert.ok(!s.some((l) => /EXPUNGE$/.test(l)));
  await a.cmd('a4 NOOP', /^\* 2 EXPUNGE$/, /^\* 3 EXPUNGE$/, /^a4 OK/);
  await a.cmd('a5 FETCH 3 UID', /^\* 3 FETCH \(UID 5\)$/);
  // UID commands may get EXPUNGE responses before their tagged response.
  await b.cmd('b5 STORE 1 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b6 EXPUNGE', /^\* 1 EXPUNGE$/);
  await a.cmd('a6 UID FETCH 1:* UID', /^\* 3 FETCH \(UID 5\)$/, /^\* 1 FETCH \(UID 1 FLAGS \(\\Deleted\)\)$/, /^\* 1 EXPUNGE$/, /^a6 OK \[EXPUNGEISSUED\]/);
  await a.cmd('a7 FETCH 2 UID', /^\* 2 FETCH \(UID 5\)$/, /^a7 OK FETCH done$/);
});

test('flag changes by another session are reported, older ones not after a newer own STORE', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox');
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 STORE 1 +FLAGS.SILENT (\\Flagged)');
  await a.cmd('a2 NOOP', /^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged\)\)$/);
  await b.cmd('b3 STORE 1 +FLAGS.SILENT (\\Answered)');
  // a's own change comes after b's; b's older state must not be reported afterwards.
  await a.cmd('a3 STORE 1 +FLAGS (\\Seen)', /^\* 1 FETCH \(UID 1 FLAGS \(\\Seen \\Answered \\Flagged\)\)$/);
  const n = await a.cmd('a4 NOOP', /^a4 OK/);
  assert.equal(n.length, 1, a.transcript.join('\n'));
  await b.cmd('b4 NOOP', /^\* 1 FETCH \(UID 1 FLAGS \(\\Seen \\Answered \\Flagged\)\)$/);
});

test('EXPUNGE by own session is not reported twice; CLOSE expunges silently', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 3; i++) await srv.deliver(message(i));
  const a = await srv.login();
  await a.cmd('a1 SELECT Inbox');
  await a.cmd('a2 STORE 1:2 +FLAGS.SILENT (\\Deleted)');
  await a.cmd('a3 UID EXPUNGE 2', /^\* 2 EXPUNGE$/, /^a3 OK/);
  const n = await a.cmd('a4 NOOP');
  assert.equal(n.length, 1, a.transcript.join('\n'));
  await a.cmd('a5 CLOSE', /^a5 OK/);
  const c = await a.cmd('a6 SELECT Inbox', /^\* 1 EXISTS$/);
  assert.ok(!c.some((l) => l.includes('EXPUNGE')));
});

test('EXAMINE is read-only: STORE and EXPUNGE refused', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const a = await srv.login();
  await a.cmd('a1 EXAMINE Inbox');
  await a.cmd('a2 STORE 1 +FLAGS (\\Deleted)', /^a2 NO \[READ-ONLY\] /);
  await a.cmd('a3 EXPUNGE', /^a3 NO \[READ-ONLY\] /);
});

test('a keyword new to a session is announced in FLAGS and PERMANENTFLAGS before the FETCH that uses it', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* FLAGS \(\\Seen \\Answered \\Flagged \\Deleted \\Draft \$Forwarded \$Junk \$NotJunk \$Phishing \$MDNSent\)$/);
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 STORE 1 +FLAGS (label1)', /^\* FLAGS \(.* label1\)$/, /^\* OK \[PERMANENTFLAGS \(.* label1 \\\*\)\]/, /^\* 1 FETCH \(UID 1 FLAGS \(label1\)\)$/, /^b2 OK/);
  const lines = await a.cmd('a2 NOOP', /^a2 OK/);
  const i = lines.findIndex((l) => /^\* FLAGS \(.* label1\)$/.test(l));
  const j = lines.findIndex((l) => l === '* 1 FETCH (UID 1 FLAGS (label1))');
  assert.ok(i >= 0 && j > i, lines.join('\n'));
  // Known now: not announced again.
  await b.cmd('b3 STORE 1 -FLAGS (label1)');
  await b.cmd('b4 STORE 1 +FLAGS (label1)');
  const again = await a.cmd('a3 NOOP', /^a3 OK/);
  assert.ok(!again.some((l) => l.startsWith('* FLAGS')), again.join('\n'));
});
