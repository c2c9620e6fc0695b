// METADATA (RFC 5464) and LIST-METADATA (RFC 9590) on the wire, after Go mox's metadata tests:
// GETMETADATA with DEPTH and MAXSIZE, SETMETADATA with NIL and literal8, entry name rules,
// TRYCREATE, limits, DELETE and RENAME, HIGHESTMODSEQ, ENABLE METADATA notifications.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.js';

test('GETMETADATA and SETMETADATA: server and mailbox entries, update and removal', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  let r = await c.cmd('a1 GETMETADATA "" /private/comment', /^a1 OK /);
  assert.equal(r.length, 1, 'no untagged METADATA when nothing matches');
  await c.cmd('a2 GETMETADATA inbox (/private/comment)', /^a2 OK /);
  await c.cmd('a3 SETMETADATA "" (/PRIVATE/COMMENT "global value")', /^a3 OK /);
  await c.cmd('a4 SETMETADATA inbox (/private/comment "mailbox value")', /^a4 OK /);
  await c.cmd('a5 GETMETADATA "" ("/private/comment")', /^\* METADATA "" \(\/private\/comment "global value"\)$/, /^a5 OK /);
  await c.cmd('a6 SETMETADATA Inbox (/shared/comment "share")', /^a6 OK /);
  await c.cmd(
    'a7 GETMETADATA INBOX (/private/comment /private/unknown /shared/comment)',
    /^\* METADATA Inbox \(\/private\/comment "mailbox value" \/shared\/comment "share"\)$/,
    /^a7 OK /,
  );
  // Update, then remove with NIL.
  await c.cmd('a8 SETMETADATA "" (/private/comment "global updated")', /^a8 OK /);
  await c.cmd('a9 GETMETADATA "" /private/comment', /^\* METADATA "" \(\/private\/comment "global updated"\)$/, /^a9 OK /);
  await c.cmd('b1 SETMETADATA "" (/private/comment NIL)', /^b1 OK /);
  await c.cmd('b2 SETMETADATA inbox (/private/comment NIL /private/never NIL)', /^b2 OK /);
  r = await c.cmd('b3 GETMETADATA "" /private/comment', /^b3 OK /);
  assert.equal(r.length, 1);
  await c.cmd('b4 GETMETADATA inbox (/private/comment /shared/comment)', /^\* METADATA Inbox \(\/shared\/comment "share"\)$/, /^b4 OK /);
  // Values that cannot be quoted come back as literals; literal8 values as literal8.
  await c.cmd('b5 SETMETADATA inbox (/private/comment ~{4+}\r\nte\0t)', /^b5 OK /);
  await c.cmd('b6 GETMETADATA inbox /private/comment', /^\* METADATA Inbox \(\/private\/comment ~\{4\}te\0t\)$/, /^b6 OK /);
  c.write('b7 SETMETADATA inbox (/private/comment {6+}\r\nline\r\n)\r\n');
  await c.until('b7', /^b7 OK /);
  await c.cmd('b8 GETMETADATA inbox /private/comment', /^\* METADATA Inbox \(\/private\/comment \{6\}line\r\n\)$/, /^b8 OK /);
  // Empty string values are kept (they are not NIL).
  await c.cmd('b9 SETMETADATA inbox (/private/empty "")', /^b9 OK /);
  await c.cmd('c1 GETMETADATA inbox /private/empty', /^\* METADATA Inbox \(\/private\/empty ""\)$/, /^c1 OK /);
});

test('SETMETADATA and GETMETADATA errors: names, mailboxes, syntax', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 SETMETADATA doesnotexist (/private/comment "x")', /^a1 NO \[TRYCREATE\] /);
  await c.cmd('a2 GETMETADATA doesnotexist /private/comment', /^a2 NO \[TRYCREATE\] /);
  await c.cmd('a3 SETMETADATA inbox (/badprefix/comment "")', /^a3 NO only \/private\/\* and \/shared\/\* entry names allowed$/);
  await c.cmd('a4 SETMETADATA inbox (/private/vendor "")', /^a4 NO /);
  await c.cmd('a5 SETMETADATA inbox (/shared/vendor/stillbad "")', /^a5 NO /);
  await c.cmd('a6 SETMETADATA inbox (/private/vendor/a/b "")', /^a6 OK /);
  // One bad entry refuses the whole command.
  await c.cmd('a7 SETMETADATA inbox (/private/ok "x" /other "y")', /^a7 NO /);
  const r = await c.cmd('a8 GETMETADATA inbox /private/ok', /^a8 OK /);
  assert.equal(r.length, 1);
  for (const bad of ['/private/no*', '/private/no%', '/private/trailing/', '/private//dup', '/private/\x01', '/private/\x7f']) {
    await c.cmd(`b1 SETMETADATA inbox (${JSON.stringify(bad)} "")`, /^b1 BAD /);
  }
  await c.cmd('b2 GETMETADATA (DEPTH 0 DEPTH 0) inbox (/private/a)', /^b2 BAD /);
  await c.cmd('b3 GETMETADATA (DEPTH badvalue) inbox (/private/a)', /^b3 BAD /);
  await c.cmd('b4 GETMETADATA (MAXSIZE invalid) inbox (/private/a)', /^b4 BAD /);
  await c.cmd('b5 GETMETADATA (BADOPTION) inbox (/private/a)', /^b5 BAD /);
  await c.cmd('b6 SETMETADATA inbox ()', /^b6 BAD /);
  const anon = await srv.connect();
  await anon.cmd('c1 GETMETADATA "" /private/a', /^c1 BAD /);
});

test('GETMETADATA MAXSIZE reports LONGENTRIES; DEPTH 0, 1 and infinity', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 SETMETADATA inbox (/private/comment "test" /private/another "longer")', /^a1 OK /);
  await c.cmd(
    'a2 GETMETADATA (MAXSIZE 4) inbox (/private/comment /private/another)',
    /^\* METADATA Inbox \(\/private\/comment "test"\)$/,
    /^a2 OK \[METADATA LONGENTRIES 6\] /,
  );
  const r = await c.cmd('a3 GETMETADATA (MAXSIZE 2) inbox (/private/comment)', /^a3 OK \[METADATA LONGENTRIES 4\] /);
  assert.equal(r.length, 1);
  await c.cmd('a4 SETMETADATA inbox (/private/a "x" /private/a/b "x" /private/a/b/c "x" /private/a/b/c/d "x")', /^a4 OK /);
  await c.cmd('b1 GETMETADATA (DEPTH 0) inbox (/private/a)', /^\* METADATA Inbox \(\/private\/a "x"\)$/, /^b1 OK /);
  await c.cmd('b2 GETMETADATA (DEPTH 1) inbox (/private/a)', /^\* METADATA Inbox \(\/private\/a "x" \/private\/a\/b "x"\)$/, /^b2 OK /);
  await c.cmd(
    'b3 GETMETADATA (DEPTH infinity MAXSIZE 100) inbox (/private/a)',
    /^\* METADATA Inbox \(\/private\/a "x" \/private\/a\/b "x" \/private\/a\/b\/c "x" \/private\/a\/b\/c\/d "x"\)$/,
    /^b3 OK /,
  );
  // Everything below the root.
  await c.cmd(
    'b4 GETMETADATA (DEPTH infinity) inbox ("")',
    /^\* METADATA Inbox \(\/private\/a "x" \/private\/a\/b "x" \/private\/a\/b\/c "x" \/private\/a\/b\/c\/d "x" \/private\/another "longer" \/private\/comment "test"\)$/,
    /^b4 OK /,
  );
  await c.cmd('b5 GETMETADATA (DEPTH 1) inbox (/private)', /^\* METADATA Inbox \(\/private\/a "x" \/private\/another "longer" \/private\/comment "test"\)$/, /^b5 OK /);
});

test('SETMETADATA limits: METADATA TOOMANY and METADATA MAXSIZE', async (t) => {
  const srv = await startServer(t, { maxLiteral: 2 * 1024 * 1024 });
  const c = await srv.login();
  const big = 'x'.repeat(1_000_001);
  c.write(`a1 SETMETADATA inbox (/private/large ~{${big.length}+}\r\n${big})\r\n`);
  await c.until('a1', /^a1 NO \[METADATA MAXSIZE 1000000\] /);
  for (let n = 0; n < 1000; n += 100) {
    const entries = Array.from({ length: 100 }, (_, i) => `/private/key${n + i} "v"`).join(' ');
    await c.cmd(`a2 SETMETADATA inbox (${entries})`, /^a2 OK /);
  }
  await c.cmd('a3 SETMETADATA "" (/private/toomany "v")', /^a3 NO \[METADATA TOOMANY\] /);
  // Replacing and removing still work at the limit.
  await c.cmd('a4 SETMETADATA inbox (/private/key1 "w" /private/key2 NIL)', /^a4 OK /);
  await c.cmd('a5 SETMETADATA "" (/private/fits "v")', /^a5 OK /);
});

test('annotations go with DELETE, are copied when Inbox is renamed, and bump HIGHESTMODSEQ', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 CREATE testbox', /^a1 OK /);
  await c.cmd('a2 SETMETADATA testbox (/private/a "x")', /^a2 OK /);
  await c.cmd('a3 DELETE testbox', /^a3 OK /);
  await c.cmd('a4 CREATE testbox', /^a4 OK /);
  const r = await c.cmd('a5 GETMETADATA testbox (/private/a)', /^a5 OK /);
  assert.equal(r.length, 1, 'a new mailbox of the same name has no annotations');
  await c.cmd('a6 SETMETADATA testbox (/private/a "y")', /^a6 OK /);
  await c.cmd('a7 RENAME testbox other', /^a7 OK /);
  await c.cmd('a8 GETMETADATA other (/private/a)', /^\* METADATA other \(\/private\/a "y"\)$/, /^a8 OK /);
  await c.cmd('b1 SETMETADATA inbox (/private/a "x")', /^b1 OK /);
  await c.cmd('b2 RENAME inbox newbox', /^b2 OK /);
  await c.cmd('b3 GETMETADATA newbox (/private/a)', /^\* METADATA newbox \(\/private\/a "x"\)$/, /^b3 OK /);
  await c.cmd('b4 GETMETADATA inbox (/private/a)', /^\* METADATA Inbox \(\/private\/a "x"\)$/, /^b4 OK /);
  const [st1] = await c.cmd('c1 STATUS inbox (HIGHESTMODSEQ)', /^\* STATUS Inbox \(HIGHESTMODSEQ \d+\)$/);
  await c.cmd('c2 SETMETADATA inbox (/private/a "z")', /^c2 OK /);
  const [st2] = await c.cmd('c3 STATUS inbox (HIGHESTMODSEQ)', /^\* STATUS Inbox \(HIGHESTMODSEQ \d+\)$/);
  const ms = (l: string) => Number(/HIGHESTMODSEQ (\d+)/.exec(l)![1]);
  assert.ok(ms(st2!) > ms(st1!), 'a mailbox annotation change is a mailbox change (RFC 7162)');
});

test('LIST RETURN (METADATA (...)): a METADATA response after each LIST response', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 SETMETADATA inbox (/shared/comment "Shared comment" /private/comment ~{3+}\r\nbin)', /^a1 OK /);
  await c.cmd('a2 SETMETADATA Sent (/private/comment "My comment")', /^a2 OK /);
  const lines = await c.cmd('a3 LIST "" % RETURN (METADATA (/shared/comment /private/comment) STATUS (MESSAGES))', /^a3 OK /);
  const i = lines.findIndex((l) => /^\* LIST .* Inbox$/.test(l));
  assert.match(lines[i + 1]!, /^\* STATUS Inbox \(MESSAGES 0\)$/);
  assert.equal(lines[i + 2], '* METADATA Inbox (/shared/comment "Shared comment" /private/comment ~{3}bin)');
  const j = lines.findIndex((l) => /^\* LIST .* Sent$/.test(l));
  assert.equal(lines[j + 2], '* METADATA Sent (/shared/comment NIL /private/comment "My comment")');
  const k = lines.findIndex((l) => /^\* LIST .* Trash$/.test(l));
  assert.equal(lines[k + 2], '* METADATA Trash (/shared/comment NIL /private/comment NIL)');
  assert.equal(lines.filter((l) => l.startsWith('* METADATA ')).length, lines.filter((l) => l.startsWith('* LIST ')).length);
  await c.cmd('a4 LIST "" Inbox RETURN (METADATA (/bad*))', /^a4 BAD /);
});

test('ENABLE METADATA: other sessions\' changes as unsolicited METADATA responses', async (t) => {
  const srv = await startServer(t);
  const a = await srv.login();
  const b = await srv.login();
  // Without ENABLE METADATA, IDLE is not woken by annotation changes.
  await b.cmd('b1 SELECT inbox', /^b1 OK /);
  b.send('b2 IDLE');
  await b.expect(/^\+ /);
  await a.cmd('a1 SETMETADATA inbox (/private/a "y")', /^a1 OK /);
  await srv.deliver('Subject: wake\r\n\r\nhi\r\n');
  const [first] = await b.expect(/^\* 1 EXISTS$/);
  assert.equal(first, '* 1 EXISTS', 'no METADATA response before EXISTS');
  b.send('DONE');
  await b.until('b2', /^b2 OK /);

  await b.cmd('b3 ENABLE METADATA', /^\* ENABLED METADATA$/, /^b3 OK /);
  b.send('b4 IDLE');
  await b.expect(/^\+ /);
  await a.cmd('a2 SETMETADATA inbox (/private/a "z")', /^a2 OK /);
  await b.expect(/^\* METADATA Inbox \/private\/a$/);
  b.send('DONE');
  await b.until('b4', /^b4 OK /);
  // Also in the authenticated state, for server annotations, before a tagged response.
  await b.cmd('b5 UNSELECT', /^b5 OK /);
  await a.cmd('a3 SETMETADATA "" (/shared/motd "hello")', /^a3 OK /);
  await a.cmd('a4 NOOP', /^a4 OK /);
  await b.cmd('b6 NOOP', /^\* METADATA "" \/shared\/motd$/, /^b6 OK /);
  // The session's own changes are not echoed.
  const own = await b.cmd('b7 SETMETADATA "" (/shared/motd NIL)', /^b7 OK /);
  assert.equal(own.length, 1);
  const after = await b.cmd('b8 NOOP', /^b8 OK /);
  assert.equal(after.length, 1);
});
