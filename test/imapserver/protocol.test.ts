import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapScript } from '../helpers/imap-script.js';
import { message, PASS, startServer, USER } from './helpers.js';

test('synchronising and non-synchronising literals', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  c.send(`a1 LOGIN {${USER.length}}`);
  await c.expect(/^\+ /);
  c.send(`${USER} {${PASS.length}+}`);
  c.send(PASS);
  await c.until('a1', /^a1 OK /);
  // A literal mailbox name.
  c.send('a2 SELECT {5}');
  await c.expect(/^\+ /);
  c.send('INBOX');
  await c.until('a2', /^\* 0 EXISTS$/, /^a2 OK \[READ-WRITE\] /);
});

test('syntax errors are BAD and the session goes on; unknown commands; wrong state', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  await c.cmd('a1 NOOP extra', /^a1 BAD /);
  await c.cmd('a2 SELECT Inbox', /^a2 BAD not authenticated$/);
  await c.cmd('a3 BLURDYBLOOP', /^a3 BAD unknown command BLURDYBLOOP$/);
  // RFC 9051 §7.6: the literal of an unknown command is refused without a continuation.
  c.send('a4 BLURDYBLOOP {1028}');
  await c.expect(/^a4 BAD unknown command BLURDYBLOOP$/);
  await c.cmd(`a5 LOGIN ${USER} ${PASS}`, /^a5 OK /);
  await c.cmd('a6 FETCH 1 FLAGS', /^a6 BAD no mailbox selected$/);
  await c.cmd('a7 SELECT Inbox', /^a7 OK /);
  await c.cmd('a8 FETCH 1 FLAGS', /^a8 BAD msgseq 1 not in mailbox$/);
  await c.cmd('a9 FETCH * FLAGS', /^a9 BAD /);
  await c.cmd('a10 UID FETCH 1:* FLAGS', /^a10 OK /);
  await c.cmd('a11 FETCH 1 (FLAGS', /^a11 BAD /);
  await c.cmd('a12 SEARCH NOSUCHKEY', /^a12 BAD /);
  await c.cmd('a13 SELECT Nonexistent', /^a13 NO \[NONEXISTENT\] /);
  // A failed SELECT leaves the authenticated state.
  await c.cmd('a14 FETCH 1 FLAGS', /^a14 BAD no mailbox selected$/);
  await c.cmd('a15 NOOP', /^a15 OK /);
  // An untagged garbage line after the first command: BAD, not fatal.
  c.send('');
  await c.expect(/^\* BAD /);
  await c.cmd('a16 NOOP', /^a16 OK /);
});

test('a client that does not speak IMAP gets BYE', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  c.send('GET / HTTP/1.1');
  await c.expect(/^GET BAD unknown command \/$/, /^\* BYE please try again speaking imap$/);
  const c2 = await srv.connect();
  c2.send('(garbage');
  await c2.expect(/^\* BAD /, /^\* BYE /);
});

test('oversized literals: sync refused without continuation, non-sync skipped or fatal', async (t) => {
  const srv = await startServer(t, { maxLiteral: 1000 });
  const c = await srv.login();
  c.send('a1 SELECT {5000}');
  await c.expect(/^a1 BAD \[TOOBIG\] /);
  // The client did not send the data: the next command works.
  await c.cmd('a2 NOOP', /^a2 OK /);
  // A non-synchronising literal that is too big is read and thrown away.
  c.write(`a3 SELECT {2000+}\r\n${'x'.repeat(2000)}\r\n`);
  await c.expect(/^a3 BAD \[TOOBIG\] /);
  await c.cmd('a4 NOOP', /^a4 OK /);
});

test('a line over the limit is BAD and closes the connection; other sessions are unaffected', async (t) => {
  const srv = await startServer(t);
  const other = await srv.login();
  const c = await srv.connect();
  // RFC 2971 §3.3 allows 30 pairs of up to 1024 octets: a 31 KB ID line is fine.
  const pairs = Array.from({ length: 30 }, (_, i) => `"k${i}" "${'v'.repeat(1024)}"`).join(' ');
  await c.cmd(`a0 ID (${pairs})`, /^\* ID /, /^a0 OK/);
  c.write(`a1 NOOP ${'x'.repeat(70_000)}\r\n`);
  await c.expect(/BAD .*line too long/, /^\* BYE /);
  await other.cmd('b1 NOOP', /^b1 OK /);
});

test('LOGOUT closes; shutdown sends BYE to idle sessions and sessions in IDLE', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 LOGOUT', /^\* BYE /, /^a1 OK /);
  const a = await srv.login();
  const b = await srv.login();
  await b.cmd('b1 SELECT Inbox', /^b1 OK /);
  b.send('b2 IDLE');
  await b.expect(/^\+ idling$/);
  assert.equal(srv.listener.connections >= 2, true);
  const closing = srv.listener.close(5000);
  await a.expect(/^\* BYE mox shutting down$/);
  await b.expect(/^\* BYE mox shutting down$/);
  await closing;
});

test('pipelined commands are answered in order', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const c = await srv.connect();
  c.write(`p1 LOGIN ${USER} ${PASS}\r\np2 SELECT Inbox\r\np3 FETCH 1 UID\r\np4 NOOP\r\n`);
  await c.until('p1', /^p1 OK/);
  await c.until('p2', /^p2 OK/);
  await c.until('p3', /^\* 1 FETCH \(UID 1\)$/, /^p3 OK/);
  await c.until('p4', /^p4 OK/);
});

test('ID, NAMESPACE, ENABLE, CHECK, UNSELECT, CLOSE', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  await c.cmd('a1 ID ("name" "test" "version" "1")', /^\* ID \("name" "mox"\)$/, /^a1 OK /);
  await c.cmd('a2 ID NIL', /^a2 OK /);
  await c.cmd(`a3 LOGIN ${USER} ${PASS}`);
  await c.cmd('a4 NAMESPACE', /^\* NAMESPACE \(\("" "\/"\)\) NIL NIL$/, /^a4 OK /);
  await c.cmd('a5 ENABLE IMAP4rev2 UTF8=ACCEPT X-UNKNOWN', /^\* ENABLED IMAP4rev2 UTF8=ACCEPT$/, /^a5 OK /);
  await c.cmd('a6 ENABLE IMAP4rev2', /^\* ENABLED$/);
  const sel = await c.cmd('a7 SELECT Inbox', /^a7 OK /);
  assert.ok(!sel.some((l) => /RECENT/.test(l)), 'no RECENT for IMAP4rev2');
  await c.cmd('a8 CHECK', /^a8 OK /);
  await c.cmd('a9 UNSELECT', /^a9 OK /);
  await c.cmd('a10 CHECK', /^a10 BAD no mailbox selected$/);
  await c.cmd('a11 EXAMINE Inbox', /^\* OK \[PERMANENTFLAGS \(\)\]/, /^a11 OK \[READ-ONLY\] /);
  await c.cmd('a12 SELECT Inbox', /^\* OK \[CLOSED\] /, /^a12 OK \[READ-WRITE\]/);
  await c.cmd('a13 CLOSE', /^a13 OK /);
  await c.cmd('a14 CLOSE', /^a14 BAD /);
});

test('connections are counted and the port is real', async (t) => {
  const srv = await startServer(t);
  assert.ok(srv.port > 0);
  const c = await ImapScript.connect(t, srv.port);
  await c.expect(/^\* OK /);
  assert.equal(srv.listener.connections, 1);
});

test('listen rejects when the port is in use; an idle connection is logged out', async (t) => {
  const srv = await startServer(t, { idleTimeoutMs: 300 });
  const { ImapListener } = await import('../../src/imapserver/index.js');
  const dup = new ImapListener({ ...srv.listener.config, port: srv.port }, { ports: {} as never, log: srv.deps.log, bus: srv.deps.bus, cids: { next: () => 1 } as never });
  await assert.rejects(dup.listen(), /EADDRINUSE/);
  const c = await srv.connect();
  await c.expect(/^\* BYE autologout/);
});

test('a mailbox deleted by another session: commands on it get NO [NONEXISTENT]', async (t) => {
  const srv = await startServer(t);
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 CREATE Temp');
  await a.cmd(`a2 APPEND Temp {${message(1).length}+}\r\n${message(1)}`, /^a2 OK/);
  await b.cmd('b1 SELECT Temp', /^\* 1 EXISTS$/);
  await a.cmd('a3 DELETE Temp', /^a3 OK/);
  await b.cmd('b2 FETCH 1 BODY.PEEK[]', /^b2 NO \[NONEXISTENT\] /);
  await b.cmd('b3 SEARCH ALL', /^b3 NO \[NONEXISTENT\] /);
  await b.cmd('b4 NOOP', /^b4 OK/);
  await b.cmd('b5 SELECT Inbox', /^b5 OK/);
});
