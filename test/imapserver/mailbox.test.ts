import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer } from './helpers.js';

test('LIST: all, patterns, reference, special-use, children, subscribed, status', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const c = await srv.login();
  const all = await c.cmd('a1 LIST "" *', /^a1 OK/);
  assert.deepEqual(all.slice(0, -1), [
    '* LIST (\\HasNoChildren \\Archive) "/" Archive',
    '* LIST (\\HasNoChildren \\Drafts) "/" Drafts',
    '* LIST (\\HasNoChildren) "/" Inbox',
    '* LIST (\\HasNoChildren \\Junk) "/" Junk',
    '* LIST (\\HasNoChildren \\Sent) "/" Sent',
    '* LIST (\\HasNoChildren \\Trash) "/" Trash',
  ]);
  await c.cmd('a2 LIST "" ""', /^\* LIST \(\\Noselect\) "\/" ""$/);
  const inbox = await c.cmd('a3 LIST "" inbox', /^a3 OK/);
  assert.deepEqual(inbox.slice(0, -1), ['* LIST (\\HasNoChildren) "/" Inbox']);
  const t1 = await c.cmd('a4 LIST "" T%', /^a4 OK/);
  assert.deepEqual(t1.slice(0, -1), ['* LIST (\\HasNoChildren \\Trash) "/" Trash']);
  const su = await c.cmd('a5 LIST (SPECIAL-USE) "" *', /^a5 OK/);
  assert.equal(su.length, 6);
  const sub = await c.cmd('a6 LIST (SUBSCRIBED) "" * RETURN (CHILDREN)', /^a6 OK/);
  assert.ok(sub.includes('* LIST (\\HasNoChildren \\Subscribed) "/" Inbox'), c.transcript.join('\n'));
  const st = await c.cmd('a7 LIST "" (Inbox Sent) RETURN (STATUS (MESSAGES UNSEEN SIZE))', /^a7 OK/);
  assert.equal(st[0], '* LIST (\\HasNoChildren) "/" Inbox');
  assert.match(st[1]!, /^\* STATUS Inbox \(MESSAGES 1 UNSEEN 1 SIZE \d+\)$/);
  assert.equal(st[2], '* LIST (\\HasNoChildren \\Sent) "/" Sent');
  assert.equal(st[3], '* STATUS Sent (MESSAGES 0 UNSEEN 0 SIZE 0)');
  const lsub = await c.cmd('a8 LSUB "" *', /^a8 OK/);
  assert.ok(lsub.includes('* LSUB () "/" Inbox'));
  await c.cmd('a9 LIST (BOGUS) "" *', /^a9 BAD /);
});

test('STATUS and NAMESPACE', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  const c = await srv.login();
  await c.cmd('a1 STATUS Inbox (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT)', /^\* STATUS Inbox \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+ UNSEEN 2 DELETED 0 SIZE \d+ RECENT 0\)$/);
  await c.cmd('a2 STATUS Nope (MESSAGES)', /^a2 NO \[NONEXISTENT\] /);
});

test('STORE: +FLAGS, -FLAGS, FLAGS, .SILENT, keywords, UNCHANGEDSINCE', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 3; i++) await srv.deliver(message(i));
  const c = await srv.login();
  await c.cmd('a1 SELECT Inbox');
  await c.cmd('a2 STORE 1:2 +FLAGS (\\Seen Work)', /^\* 1 FETCH \(UID 1 FLAGS \(\\Seen work\)\)$/, /^\* 2 FETCH \(UID 2 FLAGS \(\\Seen work\)\)$/);
  await c.cmd('a3 STORE 1 -FLAGS (work)', /^\* 1 FETCH \(UID 1 FLAGS \(\\Seen\)\)$/);
  await c.cmd('a4 UID STORE 3 FLAGS (\\Draft $Junk)', /^\* 3 FETCH \(UID 3 FLAGS \(\\Draft \$Junk\)\)$/);
  const silent = await c.cmd('a5 STORE 1:3 FLAGS.SILENT (\\Answered)', /^a5 OK/);
  assert.equal(silent.length, 1);
  // Unchanged messages still get a FETCH response without .SILENT.
  await c.cmd('a6 STORE 1 +FLAGS (\\Answered)', /^\* 1 FETCH \(UID 1 FLAGS \(\\Answered\)\)$/);
  const sel = await c.cmd('a7 SELECT Inbox (CONDSTORE)', /^\* OK \[HIGHESTMODSEQ (\d+)\]/);
  const high = Number(/HIGHESTMODSEQ (\d+)/.exec(sel.find((l) => l.includes('HIGHESTMODSEQ'))!)![1]);
  await c.cmd(`a8 STORE 1 (UNCHANGEDSINCE ${high}) +FLAGS (\\Flagged)`, /^\* 1 FETCH \(UID 1 FLAGS \(\\Answered \\Flagged\) MODSEQ \(\d+\)\)$/, /^a8 OK STORE done$/);
  await c.cmd('a9 STORE 1,2 (UNCHANGEDSINCE 1) +FLAGS (\\Deleted)', /^\* 1 FETCH \(UID 1 FLAGS \(\\Answered \\Flagged\) MODSEQ/, /^a9 OK \[MODIFIED 1:2\] /);
  await c.cmd('a10 STORE 3 +FLAGS.SILENT (Later)');
  const kw = await c.cmd('a11 SELECT Inbox', /^a11 OK/);
  assert.equal(kw[0], '* OK [CLOSED] x');
  assert.match(kw[1]!, /^\* FLAGS \(.* \$MDNSent later\)$/);
});
