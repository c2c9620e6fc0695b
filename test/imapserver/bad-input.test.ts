import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { message, startServer } from './helpers.js';

/** All paths under a directory, relative. */
function tree(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => {
    const p = base ? `${base}/${e.name}` : e.name;
    return e.isDirectory() ? [p, ...tree(dir, p)] : [p];
  });
}

test('bad input gets BAD or NO with the right code and the session goes on; nothing leaves the account', async (t) => {
  const srv = await startServer(t, { appendLimit: 1000 });
  await srv.deliver(message(1));
  const before = tree(srv.account.dir).filter((p) => !p.startsWith('index.db'));
  const c = await srv.login();
  await c.cmd('a1 SELECT Inbox', /^a1 OK/);
  // Malformed commands.
  await c.cmd('b1 FETCH', /^b1 BAD /);
  await c.cmd('b2 FETCH 1 (FLAGS', /^b2 BAD /);
  await c.cmd('b3 STORE 1 +FLAGS (\\Bogus', /^b3 BAD /);
  await c.cmd('b4 XYZZY', /^b4 BAD /);
  await c.cmd('b5 SEARCH (((', /^b5 BAD /);
  // Deep nesting in SEARCH.
  await c.cmd(`b6 SEARCH ${'NOT '.repeat(200)}SEEN`, /^b6 BAD .*nested too deeply/);
  await c.cmd(`b7 SEARCH ${'('.repeat(100)}SEEN${')'.repeat(100)}`, /^b7 BAD .*nested too deeply/);
  // Unknown charset.
  await c.cmd('b8 SEARCH CHARSET KOI8-R SUBJECT x', /^b8 NO \[BADCHARSET \(US-ASCII UTF-8\)\] /);
  // ... also when its search strings are in that charset, not UTF-8: NO, not BAD (RFC 9051 §6.4.4).
  c.write(Buffer.concat([Buffer.from('b9 SEARCH CHARSET ISO-8859-1 SUBJECT "gr'), Buffer.from([0xfc]), Buffer.from('n"\r\n')]));
  await c.expect(/^b9 NO \[BADCHARSET \(US-ASCII UTF-8\)\] /);
  c.write(Buffer.concat([Buffer.from('b10 SORT (SUBJECT) ISO-8859-1 SUBJECT "gr'), Buffer.from([0xfc]), Buffer.from('n"\r\n')]));
  await c.expect(/^b10 NO \[BADCHARSET \(US-ASCII UTF-8\)\] /);
  // Invalid UTF-8 without a charset stays a syntax error.
  c.write(Buffer.concat([Buffer.from('b11 SEARCH SUBJECT "gr'), Buffer.from([0xfc]), Buffer.from('n"\r\n')]));
  await c.expect(/^b11 BAD /);
  // Mailbox names that could be paths, or are not valid.
  for (const [i, name] of ['../../etc', 'a/../../b', '..', './x', '/abs', 'a//b', '"a\\\\b/.."'].entries()) {
    await c.cmd(`c${i} CREATE ${name.startsWith('"') ? name : `"${name}"`}`, new RegExp(`^c${i} (NO|BAD) `));
  }
  await c.cmd('c9 SELECT "&Jjo"', /^c9 NO \[CANNOT\] /);
  await c.cmd('c10 RENAME Inbox "../../x"', /^c10 NO /);
  // A literal over APPENDLIMIT: refused before the data is sent (no continuation).
  c.send('d1 APPEND Inbox {5000}');
  await c.expect(/^d1 NO \[TOOBIG\] /);
  // A synchronising literal the client never completes, then a new command: the session
  // reads the announced bytes as literal data; a short one ends the command.
  c.send('d2 APPEND Inbox {10}');
  await c.expect(/^\+ /);
  c.write('From: x\r\n\r\n');
  await c.expect(/^d2 (OK|NO|BAD)/);
  await c.cmd('e1 NOOP', /^e1 OK/);
  await c.cmd('e2 FETCH 1 UID', /^\* 1 FETCH \(UID 1\)$/, /^e2 OK/);
  // Nothing was created outside the account's mailboxes and message files.
  const after = tree(srv.account.dir).filter((p) => !p.startsWith('index.db'));
  assert.ok(after.every((p) => p.startsWith('msg')), after.join('\n'));
  assert.ok(before.every((p) => after.includes(p)));
  assert.deepEqual(srv.account.mailboxes().map((m) => m.name).filter((n) => n.includes('..')), []);
});
