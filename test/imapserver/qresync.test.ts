// QRESYNC (RFC 7162 §3.2) on the wire: ENABLE, SELECT/EXAMINE with QRESYNC parameters, UID
// FETCH (CHANGEDSINCE VANISHED), VANISHED instead of EXPUNGE, CLOSED. One session changes the
// mailbox, another resynchronises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImapScript } from '../helpers/imap-script.js';
import { message, startServer, type TestServer } from './helpers.js';

/** The value of a response code in the responses, e.g. HIGHESTMODSEQ. */
function code(lines: string[], name: string): number {
  for (const l of lines) {
    const m = new RegExp(`\\[${name} (\\d+)\\]`).exec(l);
    if (m) return Number(m[1]);
  }
  throw new assert.AssertionError({ message: `no ${name} in ${lines.join('\n')}` });
}

/** A logged-in session with QRESYNC enabled. */
async function qresyncSession(srv: TestServer): Promise<ImapScript> {
  const c = await srv.login();
  await c.cmd('e1 ENABLE QRESYNC', /^\* ENABLED QRESYNC CONDSTORE$/, /^e1 OK/);
  return c;
}

/** Inbox with messages 1..n; returns its UIDVALIDITY and HIGHESTMODSEQ as a client saw them. */
async function filled(srv: TestServer, n: number): Promise<{ uv: number; modseq: number }> {
  for (let i = 1; i <= n; i++) await srv.deliver(message(i));
  const c = await qresyncSession(srv);
  const r = await c.cmd('s0 SELECT Inbox', /^s0 OK \[READ-WRITE\]/);
  c.close();
  return { uv: code(r, 'UIDVALIDITY'), modseq: code(r, 'HIGHESTMODSEQ') };
}

test('QRESYNC is announced; ENABLE QRESYNC enables CONDSTORE too; parameters need it enabled', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const c = await srv.login();
  await c.cmd('a1 CAPABILITY', /^\* CAPABILITY .* CONDSTORE QRESYNC .*UIDONLY/, /^a1 OK/);
  // RFC 7162 §3.2.5, §3.2.6: BAD without ENABLE QRESYNC.
  await c.cmd('a2 SELECT Inbox (QRESYNC (1 1))', /^a2 BAD QRESYNC must first be enabled$/);
  await c.cmd('a3 SELECT Inbox', /^a3 OK/);
  await c.cmd('a4 UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)', /^a4 BAD /);
  // In a selected mailbox, enabling CONDSTORE implicitly sends HIGHESTMODSEQ (RFC 7162 §3.1).
  const r = await c.cmd('a5 ENABLE QRESYNC', /^\* OK \[HIGHESTMODSEQ \d+\]/, /^\* ENABLED QRESYNC CONDSTORE$/, /^a5 OK/);
  assert.equal(r.length, 3);
  await c.cmd('a6 ENABLE QRESYNC CONDSTORE', /^\* ENABLED$/, /^a6 OK/);
  // VANISHED is for UID FETCH only (RFC 7162 §3.2.6), and needs CHANGEDSINCE.
  await c.cmd('a7 FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)', /^a7 BAD /);
  await c.cmd('a8 UID FETCH 1 FLAGS (VANISHED)', /^a8 BAD /);
  await c.cmd('a9 UID FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)', /^\* 1 FETCH \(UID 1 FLAGS \(\) MODSEQ \(\d+\)\)$/, /^a9 OK/);
  // CLOSED when another mailbox is selected (RFC 7162 §3.2.11), not on CLOSE/UNSELECT.
  await c.cmd('a10 EXAMINE Archive', /^\* OK \[CLOSED\] /, /^a10 OK \[READ-ONLY\]/);
  const u = await c.cmd('a11 UNSELECT', /^a11 OK/);
  assert.equal(u.length, 1);
  const s = await c.cmd('a12 SELECT Inbox', /^a12 OK/);
  assert.ok(!s.some((l) => l.includes('CLOSED')), c.transcript.join('\n'));
});

test('SELECT (QRESYNC): VANISHED (EARLIER) for expunged and moved UIDs, then FETCH for changed ones', async (t) => {
  const srv = await startServer(t);
  const { uv, modseq } = await filled(srv, 10);

  // Another session changes the mailbox while the client is away.
  const b = await srv.login();
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 UID STORE 3 +FLAGS.SILENT (\\Flagged)');
  await b.cmd('b3 UID STORE 2,4 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b4 EXPUNGE', /^\* 2 EXPUNGE$/, /^\* 3 EXPUNGE$/);
  await b.cmd('b5 UID MOVE 6 Archive', /^b5 OK/);
  await srv.deliver(message(11));

  const a = await qresyncSession(srv);
  const r = await a.cmd(
    `a1 SELECT Inbox (QRESYNC (${uv} ${modseq}))`,
    /^\* 8 EXISTS$/,
    /^\* OK \[HIGHESTMODSEQ \d+\]/,
    /^\* VANISHED \(EARLIER\) 2,4,6$/,
    /^\* 2 FETCH \(UID 3 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/,
    /^\* 8 FETCH \(UID 11 FLAGS \(\) MODSEQ \(\d+\)\)$/,
    /^a1 OK \[READ-WRITE\]/,
  );
  assert.equal(r.filter((l) => /^\* \d+ FETCH /.test(l)).length, 2, a.transcript.join('\n'));
  const now = code(r, 'HIGHESTMODSEQ');
  assert.ok(now > modseq);

  // Known UIDs restrict both the removals and the flag changes (RFC 7162 §3.2.5.1).
  const k = await a.cmd(`a2 EXAMINE Inbox (QRESYNC (${uv} ${modseq} 1:3))`, /^\* OK \[CLOSED\]/, /^\* VANISHED \(EARLIER\) 2$/, /^\* 2 FETCH \(UID 3 /, /^a2 OK/);
  assert.equal(k.filter((l) => /^\* (\d+ FETCH|VANISHED)/.test(l)).length, 2, a.transcript.join('\n'));
  // Up to date: nothing to report.
  const u = await a.cmd(`a3 SELECT Inbox (QRESYNC (${uv} ${now} 1:20))`, /^a3 OK/);
  assert.ok(!u.some((l) => /^\* (\d+ FETCH|VANISHED)/.test(l)), a.transcript.join('\n'));
  // Another UIDVALIDITY: the parameters are ignored (RFC 7162 §3.2.5).
  const w = await a.cmd(`a4 SELECT Inbox (QRESYNC (${uv + 1} ${modseq}))`, /^a4 OK/);
  assert.ok(!w.some((l) => /^\* (\d+ FETCH|VANISHED)/.test(l)), a.transcript.join('\n'));
  // The destination of the move has its own history: nothing vanished there.
  const arch = await a.cmd('a5 SELECT Archive', /^a5 OK/);
  const auv = code(arch, 'UIDVALIDITY');
  await a.cmd(`a6 SELECT Archive (QRESYNC (${auv} 1))`, /^\* 1 FETCH \(UID 1 FLAGS \(\) MODSEQ/, /^a6 OK/);
});

test('SELECT (QRESYNC) with sequence match data; inconsistency alert; bad match data', async (t) => {
  const srv = await startServer(t);
  const { uv, modseq } = await filled(srv, 10);
  const b = await srv.login();
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 UID STORE 2,4 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b3 UID EXPUNGE 2');
  const a = await qresyncSession(srv);
  const sel = await a.cmd('a0 SELECT Inbox', /^a0 OK/);
  const afterFirst = code(sel, 'HIGHESTMODSEQ');
  await b.cmd('b5 UID EXPUNGE 4');

  // The client knows seq 2 is UID 3 (so UID 2 went before): only UID 4 is reported.
  await a.cmd(`a1 SELECT Inbox (QRESYNC (${uv} ${modseq} 1:10 (2 3)))`, /^\* VANISHED \(EARLIER\) 4$/, /^a1 OK/);
  // A pair that no longer matches stops the comparison; removals above the last match count.
  await a.cmd(`a2 SELECT Inbox (QRESYNC (${uv} ${modseq} 1:10 (1,2 1,2)))`, /^\* VANISHED \(EARLIER\) 2,4$/, /^a2 OK/);
  // The client claims UID 2 at a modseq after UID 2's removal: it missed changes (as mox: ALERT,
  // and everything from before UID 2's removal).
  const al = await a.cmd(
    `a3 SELECT Inbox (QRESYNC (${uv} ${afterFirst} 1:10 (1,2 1,2)))`,
    /^\* OK \[ALERT\] Synchronization inconsistency in client detected\./,
    /^\* VANISHED \(EARLIER\) 2,4$/,
    /^a3 OK/,
  );
  assert.ok(al.some((l) => /^\* \d+ FETCH \(UID 4 /.test(l)) === false);
  // Match data must be ascending (NO, as mox) and of equal length (BAD).
  await a.cmd(`a4 SELECT Inbox (QRESYNC (${uv} ${modseq} 1:10 (2,1 3,1)))`, /^a4 NO QRESYNC known message sequence set must be numeric and strictly increasing$/);
  await a.cmd(`a5 SELECT Inbox (QRESYNC (${uv} ${modseq} 1:10 (1,2 3,1)))`, /^a5 NO QRESYNC known uid set must be numeric and strictly increasing$/);
  await a.cmd(`a6 SELECT Inbox (QRESYNC (${uv} ${modseq} 1:10 (1:2 1)))`, /^a6 BAD invalid combination of known sequence set and uid set/);
  await a.cmd('a7 FETCH 1 UID', /^a7 BAD no mailbox selected$/);
  // Syntax errors leave the mailbox as it was (no CLOSED).
  await a.cmd('a8 SELECT Inbox', /^a8 OK/);
  const bad = await a.cmd(`a9 SELECT Inbox (QRESYNC (${uv}))`, /^a9 BAD /);
  assert.equal(bad.length, 1);
});

test('UID FETCH (CHANGEDSINCE VANISHED): VANISHED (EARLIER) for removed UIDs of the set, before the FETCH responses', async (t) => {
  const srv = await startServer(t);
  const { modseq } = await filled(srv, 6);
  const a = await qresyncSession(srv);
  await a.cmd('a1 SELECT Inbox');
  const b = await srv.login();
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 UID STORE 2,3,5 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b3 UID EXPUNGE 2,5');
  const r = await a.cmd(`a2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`, /^\* VANISHED \(EARLIER\) 2,5$/, /^\* 3 FETCH \(UID 3 FLAGS \(\\Deleted\) MODSEQ \(\d+\)\)$/, /^a2 OK/);
  // The removals are then reported to the session as they happen (VANISHED without EARLIER).
  assert.ok(r.includes('* VANISHED 2,5'), a.transcript.join('\n').slice(-3000));
  assert.ok(r.indexOf('* VANISHED (EARLIER) 2,5') < r.findIndex((l) => /^\* \d+ FETCH /.test(l)));
  await a.cmd(`a3 UID FETCH 3:4 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`, /^\* 2 FETCH \(UID 3 /, /^a3 OK/);
  const n = await a.cmd(`a4 UID FETCH 4:10 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`, /^\* VANISHED \(EARLIER\) 5$/, /^a4 OK/);
  assert.ok(!n.some((l) => /^\* \d+ FETCH /.test(l)), n.join('\n'));
  // Without VANISHED, only the changed messages; with QRESYNC, UID FETCH always has MODSEQ.
  const plain = await a.cmd(`a5 UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq})`, /^a5 OK/);
  assert.ok(!plain.some((l) => l.includes('VANISHED')));
  await a.cmd('a6 UID FETCH 1 (FLAGS)', /^\* 1 FETCH \(UID 1 FLAGS \(\) MODSEQ \(\d+\)\)$/, /^a6 OK/);
  await a.cmd('a7 FETCH 1 (FLAGS)', /^\* 1 FETCH \(UID 1 FLAGS \(\)\)$/, /^a7 OK/);
});

test('with QRESYNC every expunge is VANISHED: own EXPUNGE, UID EXPUNGE, MOVE, other sessions at NOOP and IDLE', async (t) => {
  const srv = await startServer(t);
  await filled(srv, 8);
  const a = await qresyncSession(srv);
  await a.cmd('a1 SELECT Inbox', /^\* 8 EXISTS$/);
  const plain = await srv.login();
  await plain.cmd('p1 SELECT Inbox');

  await a.cmd('a2 UID STORE 1,2 +FLAGS.SILENT (\\Deleted)');
  const ex = await a.cmd('a3 EXPUNGE', /^\* VANISHED 1:2$/, /^a3 OK \[HIGHESTMODSEQ \d+\]/);
  assert.ok(!ex.some((l) => / EXPUNGE$/.test(l)), a.transcript.join('\n'));
  await a.cmd('a4 UID STORE 3 +FLAGS.SILENT (\\Deleted)');
  await a.cmd('a5 UID EXPUNGE 3:4', /^\* VANISHED 3$/, /^a5 OK \[HIGHESTMODSEQ \d+\]/);
  const mv = await a.cmd('a6 UID MOVE 4 Archive', /^\* OK \[COPYUID \d+ 4 1\] moved$/, /^\* VANISHED 4$/, /^a6 OK \[HIGHESTMODSEQ \d+\] move$/);
  const afterMove = code(mv, 'HIGHESTMODSEQ');
  await a.cmd('a7 STATUS Inbox (HIGHESTMODSEQ)', new RegExp(`^\\* STATUS "?Inbox"? \\(HIGHESTMODSEQ ${afterMove}\\)$`));
  // A session without QRESYNC still gets EXPUNGE responses.
  await plain.cmd('p2 NOOP', /^\* 1 EXPUNGE$/, /^\* 1 EXPUNGE$/, /^\* 1 EXPUNGE$/, /^\* 1 EXPUNGE$/, /^p2 OK/);

  // Another session's expunge: VANISHED at NOOP, not during FETCH (RFC 7162 §3.2.10.2).
  await plain.cmd('p3 UID STORE 5,6 +FLAGS.SILENT (\\Deleted)');
  await plain.cmd('p4 EXPUNGE', /^\* 1 EXPUNGE$/, /^\* 1 EXPUNGE$/);
  const f = await a.cmd('a8 FETCH 1:4 (UID)', /^a8 OK \[EXPUNGEISSUED\]/);
  assert.ok(!f.some((l) => l.includes('VANISHED')), a.transcript.join('\n'));
  await a.cmd('a9 NOOP', /^\* VANISHED 5:6$/, /^a9 OK/);
  await a.cmd('a10 FETCH 1:* (UID)', /^\* 1 FETCH \(UID 7\)$/, /^\* 2 FETCH \(UID 8\)$/, /^a10 OK FETCH done$/);

  // While idling.
  a.send('a11 IDLE');
  await a.expect(/^\+ idling$/);
  await plain.cmd('p5 UID STORE 8 +FLAGS.SILENT (\\Deleted)');
  await plain.cmd('p6 UID EXPUNGE 8');
  await a.expect(/^\* 2 FETCH \(UID 8 FLAGS \(\\Deleted\) MODSEQ \(\d+\)\)$/, /^\* VANISHED 8$/);
  a.send('DONE');
  await a.until('a11', /^a11 OK/);

  // CLOSE expunges silently, but the removal is recorded for the next resync.
  const st = await a.cmd('a12 SELECT Inbox', /^a12 OK/);
  const before = code(st, 'HIGHESTMODSEQ');
  const uv = code(st, 'UIDVALIDITY');
  await a.cmd('a13 UID STORE 7 +FLAGS.SILENT (\\Deleted)');
  const cl = await a.cmd('a14 CLOSE', /^a14 OK/);
  assert.equal(cl.length, 1, a.transcript.join('\n'));
  await a.cmd(`a15 SELECT Inbox (QRESYNC (${uv} ${before}))`, /^\* 0 EXISTS$/, /^\* VANISHED \(EARLIER\) 7$/, /^a15 OK/);
});

test('removals from before history was kept: every known UID not in the mailbox is VANISHED (EARLIER)', async (t) => {
  const srv = await startServer(t);
  const { uv, modseq } = await filled(srv, 12);
  const b = await srv.login();
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 UID STORE 2,3,5,8,11 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b3 UID EXPUNGE 2,3,5');
  await b.cmd('b5 UID EXPUNGE 8,11');
  // Forget the records of UIDs 2 and 8, as an account from before schema 2 would lack them.
  const { openLibsql } = await import('../../src/store/index.js');
  const { join } = await import('node:path');
  const db = openLibsql(join(srv.account.dir, 'index.db'));
  db.tx(() => db.prepare('DELETE FROM message_expunged WHERE uid IN (2, 8)').run());
  db.close();

  const a = await qresyncSession(srv);
  // Removals of 3 and 5 are known to be after modseq; 2 and 8 have no record, so they are
  // reported too; existing messages never are.
  await a.cmd(`a1 SELECT Inbox (QRESYNC (${uv} ${modseq}))`, /^\* VANISHED \(EARLIER\) 2:3,5,8,11$/, /^a1 OK/);
  // The sequence match data bounds the report: seq 3 is UID 6, so nothing at or below 6.
  await a.cmd(`a2 SELECT Inbox (QRESYNC (${uv} ${modseq} 1:12 (1,3 1,6)))`, /^\* VANISHED \(EARLIER\) 8,11$/, /^a2 OK/);
  const sel = await a.cmd('a3 SELECT Inbox', /^a3 OK/);
  const now = code(sel, 'HIGHESTMODSEQ');
  // Up to date, but the unrecorded removals cannot be ruled out.
  await a.cmd(`a4 UID FETCH 1:20 (FLAGS) (CHANGEDSINCE ${now} VANISHED)`, /^\* VANISHED \(EARLIER\) 2,8$/, /^a4 OK/);
  await a.cmd(`a5 UID FETCH 4:7 (FLAGS) (CHANGEDSINCE ${now} VANISHED)`, /^a5 OK/);
});
