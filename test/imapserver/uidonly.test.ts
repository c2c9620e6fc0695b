// UIDONLY (RFC 9586) on the wire: sequence numbers refused with UIDREQUIRED, UIDFETCH instead
// of FETCH, VANISHED instead of EXPUNGE, for the session's own commands and other sessions'
// changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImapScript } from '../helpers/imap-script.js';
import { message, startServer, type TestServer } from './helpers.js';

async function uidonlySession(srv: TestServer, enable = 'UIDONLY'): Promise<ImapScript> {
  const c = await srv.login();
  await c.cmd(`e1 ENABLE ${enable}`, new RegExp(`^\\* ENABLED ${enable}`), /^e1 OK/);
  return c;
}

test('UIDONLY: commands with sequence numbers are BAD [UIDREQUIRED], UID commands work', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 3; i++) await srv.deliver(message(i));
  const c = await uidonlySession(srv);
  await c.cmd('a1 SELECT Inbox', /^\* 3 EXISTS$/, /^a1 OK/);
  for (const [i, cmd] of ['FETCH 1 FLAGS', 'FETCH 1:* (UID)', 'STORE 1 +FLAGS (\\Seen)', 'SEARCH ALL', 'COPY 1 Archive', 'MOVE 1 Archive', 'UID SEARCH 1', 'UID SEARCH NOT 1:2', 'UID SEARCH OR 1 UID 2'].entries()) {
    await c.cmd(`b${i} ${cmd}`, new RegExp(`^b${i} BAD \\[UIDREQUIRED\\] `));
  }
  // Refused before the literal is sent: no continuation request.
  c.send('c1 SEARCH SUBJECT {7}');
  await c.expect(/^c1 BAD \[UIDREQUIRED\] /);
  await c.cmd('c2 UID SEARCH SUBJECT "message 2"', /^\* SEARCH 2$/, /^c2 OK/);
  await c.cmd('c3 UID SEARCH UID 2:*', /^\* SEARCH 2 3$/, /^c3 OK/);
  await c.cmd('c4 UID COPY 1 Archive', /^c4 OK \[COPYUID \d+ 1 1\]/);
  // Nothing was changed by the refused commands.
  await c.cmd('c5 UID FETCH 1:* (FLAGS)', /^\* 1 UIDFETCH \(FLAGS \(\)\)$/, /^\* 2 UIDFETCH \(FLAGS \(\)\)$/, /^\* 3 UIDFETCH \(FLAGS \(\)\)$/, /^c5 OK/);
});

test('UIDONLY: UIDFETCH responses, UID item only when asked, VANISHED for own expunges and moves', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 5; i++) await srv.deliver(message(i));
  const c = await uidonlySession(srv);
  // UNSEEN is a sequence number: left out (IMAP4rev1 sessions get it otherwise).
  const sel = await c.cmd('a1 SELECT Inbox', /^\* 5 EXISTS$/, /^a1 OK/);
  assert.ok(!sel.some((l) => l.includes('UNSEEN')), c.transcript.join('\n'));
  await c.cmd('a2 UID FETCH 2 (UID FLAGS)', /^\* 2 UIDFETCH \(UID 2 FLAGS \(\)\)$/, /^a2 OK/);
  // As mox, FLAGS goes last whatever the order asked for.
  await c.cmd('a3 UID FETCH 2 (FLAGS UID RFC822.SIZE)', /^\* 2 UIDFETCH \(UID 2 RFC822\.SIZE \d+ FLAGS \(\)\)$/, /^a3 OK/);
  await c.cmd('a4 UID FETCH 2 UID', /^\* 2 UIDFETCH \(UID 2\)$/, /^a4 OK/);
  await c.cmd('a5 UID FETCH 3 (RFC822.SIZE)', /^\* 3 UIDFETCH \(RFC822\.SIZE \d+\)$/, /^a5 OK/);
  // Literal data and the implicitly set \Seen flag.
  const body = await c.cmd('a6 UID FETCH 3 (BODY[TEXT])', /^a6 OK/);
  assert.ok(body.some((l) => /^\* 3 UIDFETCH \(BODY\[TEXT\] \{\d+\}body of message 3\r\n FLAGS \(\\Seen\)\)$/.test(l)), c.transcript.join('\n'));
  await c.cmd('a7 UID STORE 1,4 +FLAGS (\\Flagged)', /^\* 1 UIDFETCH \(FLAGS \(\\Flagged\)\)$/, /^\* 4 UIDFETCH \(FLAGS \(\\Flagged\)\)$/, /^a7 OK/);
  const silent = await c.cmd('a8 UID STORE 1,2 +FLAGS.SILENT (\\Deleted)', /^a8 OK/);
  assert.equal(silent.length, 1, c.transcript.join('\n'));
  // RFC 9586 §3: expunges are VANISHED, also without QRESYNC.
  await c.cmd('a9 UID EXPUNGE 1', /^\* VANISHED 1$/, /^a9 OK$|^a9 OK /);
  await c.cmd('a10 EXPUNGE', /^\* VANISHED 2$/, /^a10 OK/);
  await c.cmd('a11 UID MOVE 3:4 Archive', /^\* OK \[COPYUID \d+ 3:4 1:2\] moved$/, /^\* VANISHED 3:4$/, /^a11 OK/);
  await c.cmd('a12 UID FETCH 1:* (FLAGS)', /^\* 5 UIDFETCH \(FLAGS \(\)\)$/, /^a12 OK/);
  await c.cmd('a13 UID SEARCH ALL', /^\* SEARCH 5$/, /^a13 OK/);
});

test('UIDONLY: other sessions\' changes come as UIDFETCH, VANISHED and EXISTS', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 4; i++) await srv.deliver(message(i));
  const w = await uidonlySession(srv, 'UIDONLY CONDSTORE');
  await w.cmd('w1 SELECT Inbox');
  const o = await srv.login();
  await o.cmd('o1 SELECT Inbox');
  await o.cmd('o2 STORE 1 +FLAGS (\\Flagged)');
  await o.cmd('o3 STORE 4 +FLAGS (\\Deleted)');
  await o.cmd('o4 EXPUNGE', /^\* 4 EXPUNGE$/);
  await srv.deliver(message(5));
  const r = await w.cmd(
    'w2 NOOP',
    /^\* 1 UIDFETCH \(FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/,
    /^\* 4 UIDFETCH \(FLAGS \(\\Deleted\) MODSEQ \(\d+\)\)$/,
    /^\* VANISHED 4$/,
    /^\* 4 EXISTS$/,
    /^\* 5 UIDFETCH \(FLAGS \(\) MODSEQ \(\d+\)\)$/,
    /^w2 OK/,
  );
  assert.ok(!r.some((l) => /^\* \d+ (FETCH|EXPUNGE)/.test(l)), w.transcript.join('\n'));
  w.send('w3 IDLE');
  await w.expect(/^\+ idling$/);
  await o.cmd('o5 UID STORE 2 +FLAGS.SILENT (\\Deleted)');
  await o.cmd('o6 UID EXPUNGE 2');
  await w.expect(/^\* 2 UIDFETCH \(FLAGS \(\\Deleted\) MODSEQ \(\d+\)\)$/, /^\* VANISHED 2$/);
  w.send('DONE');
  await w.until('w3', /^w3 OK/);
});

test('UIDONLY with QRESYNC: resync as UIDFETCH; sequence match data is UIDREQUIRED after CLOSED', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 4; i++) await srv.deliver(message(i));
  const c = await uidonlySession(srv, 'UIDONLY QRESYNC');
  const sel = await c.cmd('a1 SELECT Inbox', /^a1 OK/);
  const uv = Number(/UIDVALIDITY (\d+)/.exec(sel.join('\n'))![1]);
  const hm = Number(/HIGHESTMODSEQ (\d+)/.exec(sel.join('\n'))![1]);
  const o = await srv.login();
  await o.cmd('o1 SELECT Inbox');
  await o.cmd('o2 STORE 2 +FLAGS (\\Seen)');
  await o.cmd('o3 STORE 3 +FLAGS (\\Deleted)');
  await o.cmd('o4 EXPUNGE');
  await c.cmd(`a2 SELECT Inbox (QRESYNC (${uv} ${hm}))`, /^\* OK \[CLOSED\]/, /^\* VANISHED \(EARLIER\) 3$/, /^\* 2 UIDFETCH \(FLAGS \(\\Seen\) MODSEQ \(\d+\)\)$/, /^a2 OK/);
  await c.cmd(`a3 SELECT Inbox (QRESYNC (${uv} ${hm} 1:4 (1 1)))`, /^\* OK \[CLOSED\]/, /^a3 BAD \[UIDREQUIRED\] /);
  // As mox, the mailbox was closed before the refusal.
  await c.cmd('a4 UID FETCH 1 FLAGS', /^a4 BAD no mailbox selected$/);
  await c.cmd(`a5 UID FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)`, /^a5 BAD /);
  await c.cmd('a6 SELECT Inbox', /^a6 OK/);
  await c.cmd(`a7 UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${hm} VANISHED)`, /^\* VANISHED \(EARLIER\) 3$/, /^\* 2 UIDFETCH \(FLAGS \(\\Seen\) MODSEQ \(\d+\)\)$/, /^a7 OK/);
});
