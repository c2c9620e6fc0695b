// Subscriptions as mox keeps them (names, apart from mailboxes) over sockets: SUBSCRIBE,
// UNSUBSCRIBE, LSUB (RFC 3501 §6.3.9), LIST (SUBSCRIBED) with \NonExistent and RECURSIVEMATCH
// (RFC 5258 §3.1, §3.5), CREATE subscribing as mox does. Two tests replay imaptest's
// `subscribe` and `listext` scripts with mailboxes made without subscriptions, so every line
// of them must hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.js';

/** The LIST or LSUB responses among lines. */
const listed = (lines: string[], kind = 'LIST') => lines.filter((l) => l.startsWith(`* ${kind} `));

test('SUBSCRIBE works without a mailbox; DELETE and RENAME keep subscriptions; UNSUBSCRIBE of an unknown name is NO (as mox)', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  await c.cmd('a1 SUBSCRIBE a/b', /^a1 OK/);
  await c.cmd('a2 SUBSCRIBE a/b', /^a2 OK/);
  assert.deepEqual(listed(await c.cmd('a3 LIST (SUBSCRIBED) "" "a*" RETURN (SUBSCRIBED)')), ['* LIST (\\Subscribed \\NonExistent) "/" a/b']);
  // Without the SUBSCRIBED selection, only mailboxes are listed.
  assert.deepEqual(listed(await c.cmd('a4 LIST "" "a*" RETURN (SUBSCRIBED)')), []);
  await c.cmd('a5 CREATE box/child', /^\* LIST \(\\Subscribed\) "\/" box$/, /^\* LIST \(\\Subscribed\) "\/" box\/child$/, /^a5 OK/);
  await c.cmd('a6 DELETE box/child', /^a6 OK/);
  assert.deepEqual(listed(await c.cmd('a7 LIST (SUBSCRIBED) "" box*')), ['* LIST (\\HasNoChildren \\Subscribed) "/" box', '* LIST (\\Subscribed \\NonExistent) "/" box/child']);
  // RENAME: the subscriptions stay with the old names; new parents are not subscribed.
  await c.cmd('a8 RENAME box top/box', /^a8 OK/);
  assert.deepEqual(listed(await c.cmd('a9 LIST "" * RETURN (SUBSCRIBED)')).filter((l) => / "\/" (top|box)/.test(l)), ['* LIST (\\HasChildren) "/" top', '* LIST (\\HasNoChildren) "/" top/box']);
  assert.deepEqual(listed(await c.cmd('a10 LSUB "" *'), 'LSUB'), [
    '* LSUB () "/" Archive',
    '* LSUB () "/" Drafts',
    '* LSUB () "/" Inbox',
    '* LSUB () "/" Junk',
    '* LSUB () "/" Sent',
    '* LSUB () "/" Trash',
    '* LSUB () "/" a/b',
    '* LSUB () "/" box',
    '* LSUB () "/" box/child',
  ]);
  await c.cmd('a11 UNSUBSCRIBE box', /^a11 OK/);
  await c.cmd('a12 UNSUBSCRIBE box', /^a12 NO mailbox does not exist$/);
  await c.cmd('a13 UNSUBSCRIBE top', /^a13 OK/);
  await c.cmd('a14 SUBSCRIBE "bad//name"', /^a14 NO \[CANNOT\] /);
  await c.cmd('a15 SUBSCRIBE inbox', /^a15 OK/);
  assert.ok(srv.account.isSubscribed('Inbox'));
  assert.ok(!srv.account.isSubscribed('inbox'));
});

test('CREATE subscribes every mailbox it makes and says so in untagged LIST responses, with OLDNAME for IMAP4rev2 (RFC 9051 §6.3.4)', async (t) => {
  const srv = await startServer(t);
  const c = await srv.login();
  assert.deepEqual(await c.cmd('a1 CREATE inbox/a/c'), ['* LIST (\\Subscribed) "/" Inbox/a', '* LIST (\\Subscribed) "/" Inbox/a/c', 'a1 OK CREATE done']);
  assert.deepEqual(await c.cmd('a2 CREATE box/'), ['* LIST (\\Subscribed) "/" box', 'a2 OK CREATE done']);
  await c.cmd('a3 ENABLE IMAP4rev2');
  assert.deepEqual(await c.cmd('a4 CREATE box2/'), ['* LIST (\\Subscribed) "/" box2 ("OLDNAME" (box2/))', 'a4 OK CREATE done']);
  // Already subscribed before it existed: still fine.
  await c.cmd('a5 SUBSCRIBE newbox');
  assert.deepEqual(await c.cmd('a6 CREATE newbox'), ['* LIST (\\Subscribed) "/" newbox', 'a6 OK CREATE done']);
  assert.deepEqual(srv.account.subscriptions().filter((n) => /^(box|newbox|Inbox\/)/.test(n)), ['Inbox/a', 'Inbox/a/c', 'box', 'box2', 'newbox']);
});

test('LSUB "%": unsubscribed parents of subscribed names are \\Noselect, also when they do not exist (RFC 3501 §6.3.9)', async (t) => {
  const srv = await startServer(t);
  srv.account.createMailbox('p/q', { subscribe: false });
  srv.account.setSubscription('p/q', true);
  srv.account.setSubscription('ghost/child', true);
  const c = await srv.login();
  const l = listed(await c.cmd('a1 LSUB "" %'), 'LSUB');
  assert.ok(l.includes('* LSUB (\\Noselect) "/" p'), c.transcript.join('\n'));
  assert.ok(l.includes('* LSUB (\\Noselect) "/" ghost'));
  assert.ok(!l.some((x) => /q|child/.test(x)));
  // Not for "*" patterns.
  const all = listed(await c.cmd('a2 LSUB "" *'), 'LSUB');
  assert.ok(all.includes('* LSUB () "/" ghost/child') && !all.some((x) => x.includes('Noselect')));
  // RFC 5258 §3.5 example A2: a parent that neither exists nor is subscribed.
  assert.deepEqual(listed(await c.cmd('a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" gh%')), ['* LIST (\\NonExistent) "/" ghost ("CHILDINFO" ("SUBSCRIBED"))']);
});

test("imaptest's subscribe script, with mailboxes made without subscriptions: all lines hold", async (t) => {
  const srv = await startServer(t);
  for (const n of ['sx/test', 'sx/test2/test', 'sx/test3/test3']) srv.account.createMailbox(n, { subscribe: false });
  const one = await srv.login();
  const two = await srv.login();
  for (const n of ['sx/test', 'sx/test2/test', 'sx/test3/test3']) await one.cmd(`s SUBSCRIBE ${n}`, /^s OK/);
  assert.deepEqual(listed(await two.cmd('a1 LSUB "" sx/%'), 'LSUB'), ['* LSUB () "/" sx/test', '* LSUB (\\Noselect) "/" sx/test2', '* LSUB (\\Noselect) "/" sx/test3']);
  assert.deepEqual(listed(await two.cmd('a2 LSUB "" *test'), 'LSUB'), ['* LSUB () "/" sx/test', '* LSUB () "/" sx/test2/test']);
  await one.cmd('u1 UNSUBSCRIBE sx/test', /^u1 OK/);
  assert.deepEqual(listed(await two.cmd('a3 LSUB "" sx/%'), 'LSUB'), ['* LSUB (\\Noselect) "/" sx/test2', '* LSUB (\\Noselect) "/" sx/test3']);
  await one.cmd('u2 UNSUBSCRIBE sx/test2/test', /^u2 OK/);
  assert.deepEqual(listed(await two.cmd('a4 LSUB "" sx/*'), 'LSUB'), ['* LSUB () "/" sx/test3/test3']);
  await one.cmd('u3 UNSUBSCRIBE sx/test3/test3', /^u3 OK/);
  assert.deepEqual(listed(await two.cmd('a5 LSUB "" sx/%'), 'LSUB'), []);
});

test("imaptest's listext script, with mailboxes made without subscriptions: all lines hold (RFC 5258 §3.1, §3.5)", async (t) => {
  const srv = await startServer(t);
  const names = ['lx/test1', 'lx/test2/test1', 'lx/test3', 'lx/test4/test5', 'lx/test4/test52', 'lx/test6', 'lx/test7/test7', 'lx/test8/test8', 'lx/test8/test9'];
  for (const n of names) srv.account.createMailbox(n, { subscribe: false });
  const c = await srv.login();
  for (const n of ['lx/test1', 'lx/test2/test1', 'lx/test6', 'lx/test7/test7', 'lx/test8/test8', 'lx/test8/test9']) await c.cmd(`s SUBSCRIBE ${n}`, /^s OK/);
  await c.cmd('d DELETE lx/test6', /^d OK/);
  const names2 = (lines: string[]) => listed(lines).map((l) => l.replace(/^\* LIST \([^)]*\) "\/" /, ''));

  assert.deepEqual(names2(await c.cmd('a1 LIST "" (lx/*2 lx/test3)')), ['lx/test2', 'lx/test3', 'lx/test4/test52']);
  await c.cmd('a2 LIST (imaptest) "" ""', /^a2 BAD/);
  await c.cmd('a3 LIST (recursivematch) "" ""', /^a3 BAD/);
  await c.cmd('a4 LIST (recursivematch remote) "" ""', /^a4 BAD/);
  await c.cmd('a5 LIST "" "" return (imaptest)', /^a5 BAD/);
  await c.cmd('a6 LIST (remote) "" %', /^a6 OK/);
  assert.deepEqual(listed(await c.cmd('a7 LIST (subscribed) "" lx/*')), [
    '* LIST (\\HasNoChildren \\Subscribed) "/" lx/test1',
    '* LIST (\\HasNoChildren \\Subscribed) "/" lx/test2/test1',
    '* LIST (\\Subscribed \\NonExistent) "/" lx/test6',
    '* LIST (\\HasNoChildren \\Subscribed) "/" lx/test7/test7',
    '* LIST (\\HasNoChildren \\Subscribed) "/" lx/test8/test8',
    '* LIST (\\HasNoChildren \\Subscribed) "/" lx/test8/test9',
  ]);
  assert.deepEqual(listed(await c.cmd('a8 LIST (subscribed recursivematch) "" lx/test2% return (children)')), ['* LIST (\\HasChildren) "/" lx/test2 ("CHILDINFO" ("SUBSCRIBED"))']);
  // The subscribed child is listed itself, so lx/test7 is not (RFC 5258 §3.5: no redundant CHILDINFO).
  assert.deepEqual(listed(await c.cmd('a9 LIST (subscribed recursivematch) "" lx*test7')), ['* LIST (\\HasNoChildren \\Subscribed) "/" lx/test7/test7']);
  assert.deepEqual(listed(await c.cmd('a10 LIST (subscribed recursivematch) "" lx*test8')), [
    '* LIST (\\HasChildren) "/" lx/test8 ("CHILDINFO" ("SUBSCRIBED"))',
    '* LIST (\\HasNoChildren \\Subscribed) "/" lx/test8/test8',
  ]);
  assert.deepEqual(listed(await c.cmd('a11 LIST (subscribed recursivematch) "" (lx/test2)')), ['* LIST (\\HasChildren) "/" lx/test2 ("CHILDINFO" ("SUBSCRIBED"))']);
  assert.deepEqual(listed(await c.cmd('a12 LIST (subscribed recursivematch) "" (lx/test2 lx/test2/test1)')), ['* LIST (\\HasNoChildren \\Subscribed) "/" lx/test2/test1']);
  assert.deepEqual(names2(await c.cmd('a13 LIST "" (lx/test7 lx/test7/test7)')), ['lx/test7', 'lx/test7/test7']);
  // A subscribed name with subscribed children carries CHILDINFO too (RFC 5258 §5 example 9, "eps2").
  await c.cmd('s2 SUBSCRIBE lx/test8');
  assert.deepEqual(listed(await c.cmd('a14 LIST (subscribed recursivematch) "" lx/test8')), ['* LIST (\\HasChildren \\Subscribed) "/" lx/test8 ("CHILDINFO" ("SUBSCRIBED"))']);
});
