// NOTIFY (RFC 5465) over sockets, with two sessions: one asks for events, the other (or a
// delivery) makes changes. Responses pushed without a command are read as they come; that
// something was NOT sent is shown by a later event's response arriving first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startServer } from './helpers.js';

const BADEVENT = 'BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange)';

test('NOTIFY is announced; bad event groups are BAD, unknown events NO [BADEVENT] (RFC 5465 §3.1, §5, §6.1)', async (t) => {
  const srv = await startServer(t);
  const c = await srv.connect();
  await c.cmd('a0 CAPABILITY', /^\* CAPABILITY .* NOTIFY /);
  await c.cmd('a1 NOTIFY NONE', /^a1 BAD not authenticated$/);
  await c.cmd('a2 LOGIN mox@localhost pw', /^a2 OK/);
  await c.cmd('b1 NOTIFY', /^b1 BAD /);
  await c.cmd('b2 NOTIFY NONE ', /^b2 BAD /);
  await c.cmd('b3 NOTIFY SET STATUS ()', /^b3 BAD /);
  await c.cmd('b4 NOTIFY SET (PERSONAL MessageNew)', /^b4 BAD /);
  await c.cmd('b5 NOTIFY SET (SELECTED (MessageNew))', /^b5 BAD MessageNew and MessageExpunge must be specified together$/);
  await c.cmd('b6 NOTIFY SET (PERSONAL (MessageExpunge))', /^b6 BAD MessageNew and MessageExpunge/);
  await c.cmd('b7 NOTIFY SET (SELECTED (FlagChange))', /^b7 BAD FlagChange and\/or AnnotationChange requires MessageNew and MessageExpunge$/);
  await c.cmd('b8 NOTIFY SET (SELECTED (MailboxName))', /^b8 BAD selected\/selected-delayed is only allowed with message events/);
  await c.cmd('b9 NOTIFY SET (SELECTED (MessageNew MessageExpunge)) (SELECTED-DELAYED (MessageNew MessageExpunge))', /^b9 BAD cannot have multiple/);
  const no1 = await c.cmd('c1 NOTIFY SET (SELECTED (AnnotationChange))', /^c1 NO /);
  assert.equal(no1.at(-1), `c1 NO [${BADEVENT}] unimplemented event ANNOTATIONCHANGE`);
  const no2 = await c.cmd('c2 NOTIFY SET STATUS (PERSONAL (MessageNew MessageExpunge Bogus))', /^c2 NO /);
  assert.equal(no2.at(-1), `c2 NO [${BADEVENT}] unimplemented event BOGUS`);
  await c.cmd('c3 NOTIFY SET (MAILBOXES "bad//name" (MessageNew MessageExpunge))', /^c3 NO \[CANNOT\] /);
  await c.cmd('c4 NOTIFY SET (MAILBOXES Nope (MessageNew MessageExpunge))', /^c4 OK/);
});

test('NOTIFY SELECTED: new messages (with the asked fetch attributes), flag changes and expunges are pushed without a command (RFC 5465 §5.1-§5.3)', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* 1 EXISTS$/);
  await a.cmd('a2 NOTIFY SET (SELECTED (MessageNew (UID BODY.PEEK[HEADER.FIELDS (Subject)]) MessageExpunge FlagChange))', /^a2 OK/);
  await srv.deliver(message(2));
  const [exists, fetch] = await a.expect(/EXISTS$/, /FETCH/);
  assert.equal(exists, '* 2 EXISTS');
  assert.match(fetch!, /^\* 2 FETCH \(UID 2 BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}Subject: message 2\r\n\r\n\)$/i);
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 UID STORE 1 +FLAGS (\\Flagged)');
  assert.equal((await a.response()), '* 1 FETCH (UID 1 FLAGS (\\Flagged))');
  await b.cmd('b3 UID STORE 2 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b4 EXPUNGE');
  assert.equal(await a.response(), '* 2 FETCH (UID 2 FLAGS (\\Deleted))');
  assert.equal(await a.response(), '* 2 EXPUNGE');
  // Nothing left for the next command.
  const noop = await a.cmd('a3 NOOP', /^a3 OK/);
  assert.deepEqual(noop, ['a3 OK NOOP done']);
  await a.cmd('a4 FETCH 1:* UID', /^\* 1 FETCH \(UID 1\)$/);
});

test('NOTIFY SELECTED with QRESYNC: VANISHED and MODSEQ; a MODSEQ fetch attribute enables CONDSTORE', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* 1 EXISTS$/);
  const r = await a.cmd('a2 NOTIFY SET (SELECTED (MessageNew (UID MODSEQ) MessageExpunge FlagChange))', /^a2 OK/);
  assert.match(r[0]!, /^\* OK \[HIGHESTMODSEQ \d+\] after condstore-enabling command$/);
  await srv.deliver(message(2));
  const m = srv.account.messageByUid(srv.account.mailbox('Inbox')!.id, 2)!;
  assert.deepEqual(await a.expect(/FETCH/), ['* 2 EXISTS', `* 2 FETCH (UID 2 MODSEQ (${m.modseq}))`]);
  await a.cmd('a3 ENABLE QRESYNC', /^\* ENABLED QRESYNC$/);
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 UID STORE 1 +FLAGS.SILENT (\\Deleted)');
  assert.match(await a.response(), /^\* 1 FETCH \(UID 1 FLAGS \(\\Deleted\) MODSEQ \(\d+\)\)$/);
  await b.cmd('b3 EXPUNGE');
  assert.equal(await a.response(), '* VANISHED 1');
});

test('NOTIFY for other mailboxes: STATUS for new, expunged and flagged messages, HIGHESTMODSEQ with CONDSTORE (RFC 5465 §5.1-§5.3)', async (t) => {
  const srv = await startServer(t);
  const a = await srv.login();
  const b = await srv.login();
  const uv = srv.account.mailbox('Archive')!.uidValidity;
  await a.cmd('a1 NOTIFY SET (PERSONAL (MessageNew MessageExpunge FlagChange))', /^a1 OK/);
  await srv.deliver(message(1), 'Archive');
  assert.equal(await a.response(), '* STATUS Archive (UIDNEXT 2 MESSAGES 1 UNSEEN 1)');
  await b.cmd('b1 SELECT Archive');
  await b.cmd('b2 STORE 1 +FLAGS (\\Seen \\Deleted)');
  assert.equal(await a.response(), `* STATUS Archive (UIDVALIDITY ${uv} UNSEEN 0)`);
  await b.cmd('b3 EXPUNGE');
  assert.equal(await a.response(), '* STATUS Archive (UIDNEXT 2 MESSAGES 0 UNSEEN 0)');
  await a.cmd('a2 ENABLE CONDSTORE', /^a2 OK/);
  await srv.deliver(message(2), 'Archive');
  const mb = srv.account.mailbox('Archive')!;
  assert.equal(await a.response(), `* STATUS Archive (UIDNEXT 3 MESSAGES 1 HIGHESTMODSEQ ${mb.modseq} UNSEEN 1)`);
  await b.cmd('b4 NOOP', /^\* 1 EXISTS$/);
  await b.cmd('b5 STORE 1 +FLAGS (\\Answered)');
  assert.equal(await a.response(), `* STATUS Archive (HIGHESTMODSEQ ${srv.account.mailbox('Archive')!.modseq} UIDVALIDITY ${uv} UNSEEN 1)`);
  // Messages a session adds itself are not announced to it.
  const own = await a.cmd('a3 APPEND Archive {5+}\r\nx\r\n\r\n', /^a3 OK/);
  assert.equal(own.length, 1, a.transcript.join('\n'));
  await srv.deliver(message(3), 'Junk');
  assert.match(await a.response(), /^\* STATUS Junk \(UIDNEXT 2 MESSAGES 1 HIGHESTMODSEQ \d+ UNSEEN 1\)$/);
});

test('NOTIFY SET STATUS: STATUS for each watched mailbox but the selected one; NOTIFY NONE drops queued changes and stops even EXISTS', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1), 'Archive');
  const a = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* 0 EXISTS$/);
  const mb = srv.account.mailbox('Archive')!;
  const junk = srv.account.mailbox('Junk')!;
  const r = await a.cmd('a2 NOTIFY SET STATUS (SELECTED (MessageNew MessageExpunge)) (MAILBOXES (Archive Junk Inbox Nope) (MessageNew MessageExpunge)) (PERSONAL (MailboxName))', /^a2 OK/);
  assert.deepEqual(r, [
    `* STATUS Archive (MESSAGES 1 UIDNEXT 2 UIDVALIDITY ${mb.uidValidity} UNSEEN 1)`,
    `* STATUS Junk (MESSAGES 0 UIDNEXT 1 UIDVALIDITY ${junk.uidValidity} UNSEEN 0)`,
    'a2 OK NOTIFY done',
  ]);
  // Without STATUS, or without message events: no STATUS responses (imaptest's notify script).
  assert.deepEqual(await a.cmd('a3 NOTIFY SET (MAILBOXES Archive (MessageNew MessageExpunge FlagChange))'), ['a3 OK NOTIFY done']);
  assert.deepEqual(await a.cmd('a4 NOTIFY SET STATUS (PERSONAL (MailboxName SubscriptionChange))'), ['a4 OK NOTIFY done']);
  await a.cmd('a5 ENABLE CONDSTORE');
  const s = await a.cmd('a6 NOTIFY SET STATUS (MAILBOXES Archive (MessageNew MessageExpunge))', /^a6 OK/);
  assert.equal(s[0], `* STATUS Archive (MESSAGES 1 UIDNEXT 2 UIDVALIDITY ${mb.uidValidity} UNSEEN 1 HIGHESTMODSEQ ${mb.modseq})`);

  // Queued changes of the selected mailbox are dropped by NOTIFY NONE (as mox), and nothing
  // is reported afterwards, not even EXISTS at NOOP.
  const b = await srv.login();
  await a.cmd('a7 NOTIFY SET (SELECTED-DELAYED (MessageNew MessageExpunge))');
  await b.cmd('b1 APPEND Inbox {5+}\r\nx\r\n\r\n', /^b1 OK/);
  assert.deepEqual(await a.cmd('a8 NOTIFY NONE'), ['a8 OK NOTIFY done']);
  await srv.deliver(message(2));
  await b.cmd('b2 CREATE NewBox');
  assert.deepEqual(await a.cmd('a9 NOOP'), ['a9 OK NOOP done']);
  // A new NOTIFY SET reports the selected mailbox's events again (the session knows no
  // messages yet, so the new one is number 1).
  await a.cmd('a10 NOTIFY SET (SELECTED (MessageNew MessageExpunge))', /^a10 OK/);
  await srv.deliver(message(3));
  assert.deepEqual(await a.expect(/FETCH/), ['* 1 EXISTS', `* 1 FETCH (UID 3 FLAGS () MODSEQ (${srv.account.mailbox('Inbox')!.modseq}))`]);
});

test('NOTIFY MailboxName, SubscriptionChange, MailboxMetadataChange, ServerMetadataChange: LIST and METADATA responses (RFC 5465 §5.4-§5.7)', async (t) => {
  const srv = await startServer(t);
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 NOTIFY SET (PERSONAL (MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange))', /^a1 OK/);
  await b.cmd('b1 CREATE a/b');
  assert.equal(await a.response(), '* LIST (\\Subscribed) "/" a');
  assert.equal(await a.response(), '* LIST (\\Subscribed) "/" a/b');
  // Renamed with a child and a new parent: one LIST with OLDNAME, none for the child (RFC
  // 5465 §5.4); the next response is already the DELETE's.
  await b.cmd('b2 RENAME a c/d');
  assert.equal(await a.response(), '* LIST () "/" c');
  assert.equal(await a.response(), '* LIST () "/" c/d ("OLDNAME" (a))');
  await b.cmd('b3 DELETE c/d/b');
  assert.equal(await a.response(), '* LIST (\\NonExistent) "/" c/d/b');
  await b.cmd('b4 SUBSCRIBE nothere');
  assert.equal(await a.response(), '* LIST (\\Subscribed \\NonExistent) "/" nothere');
  await b.cmd('b5 UNSUBSCRIBE nothere');
  assert.equal(await a.response(), '* LIST (\\NonExistent) "/" nothere');
  await b.cmd('b6 UNSUBSCRIBE Sent');
  assert.equal(await a.response(), '* LIST () "/" Sent');
  await b.cmd('b7 SETMETADATA Archive (/private/comment "x")');
  assert.equal(await a.response(), '* METADATA Archive /private/comment');
  await b.cmd('b8 SETMETADATA "" (/private/vendor/x/y "z")');
  assert.equal(await a.response(), '* METADATA "" /private/vendor/x/y');
  // The session's own changes are not announced (RFC 5465 §5): only CREATE's own response.
  assert.deepEqual(await a.cmd('a2 CREATE mine'), ['* LIST (\\Subscribed) "/" mine', 'a2 OK CREATE done']);
  assert.deepEqual(await a.cmd('a3 SUBSCRIBE other'), ['a3 OK SUBSCRIBE done']);
  // Without NOTIFY, other sessions' mailbox and subscription changes are not reported.
  await b.cmd('b9 NOOP');
  const before = b.transcript.length;
  await a.cmd('a4 CREATE more');
  assert.deepEqual(await b.cmd('b10 NOOP'), ['b10 OK NOOP done']);
  assert.equal(b.transcript.length, before + 2);
});

test('NOTIFY mailbox filters: INBOXES, SUBSCRIBED, SUBTREE, SUBTREE-ONE, MAILBOXES, and NONE ends the search (RFC 5465 §6, RFC 7377 §2)', async (t) => {
  const srv = await startServer(t, { inboxMailboxes: () => ['Archive'] });
  srv.account.createMailbox('Inbox/x');
  srv.account.createMailbox('other/a/b');
  srv.account.setSubscription('other/a/b', false);
  const c = await srv.login();
  const next = async (set: string, skip: string, want: string) => {
    await c.cmd(`n NOTIFY SET ${set}`, /^n OK/);
    await srv.deliver(message(1), skip);
    await srv.deliver(message(2), want);
    const l = await c.response();
    assert.match(l, new RegExp(`^\\* STATUS ${want.replace('/', '\\/')} \\(`), `${set}: ${l}`);
  };
  await next('(INBOXES (MessageNew MessageExpunge))', 'other/a/b', 'Inbox/x');
  await next('(INBOXES (MessageNew MessageExpunge))', 'Junk', 'Archive');
  await next('(SUBSCRIBED (MessageNew MessageExpunge))', 'other/a/b', 'other/a');
  await next('(SUBTREE (Nope other) (MessageNew MessageExpunge))', 'Inbox/x', 'other/a/b');
  await next('(SUBTREE-ONE other/a (MessageNew MessageExpunge))', 'other', 'other/a/b');
  await next('(SUBTREE-ONE other (MessageNew MessageExpunge))', 'other/a/b', 'other/a');
  await next('(MAILBOXES other/a/b (MessageNew MessageExpunge))', 'other/a', 'other/a/b');
  await next('(MAILBOXES Archive NONE) (PERSONAL (MessageNew MessageExpunge))', 'Archive', 'Junk');
  await next('(PERSONAL (MailboxName)) (PERSONAL (MessageNew MessageExpunge))', 'Sent', 'Sent');
});

test('NOTIFY SELECTED-DELAYED: held until a command allows expunges, sent at once in IDLE (RFC 5465 §4, §6.1.2)', async (t) => {
  const srv = await startServer(t);
  await srv.deliver(message(1));
  const a = await srv.login();
  const b = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* 1 EXISTS$/);
  await a.cmd('a2 NOTIFY SET (SELECTED-DELAYED (MessageNew MessageExpunge FlagChange)) (PERSONAL (MessageNew MessageExpunge))', /^a2 OK/);
  await srv.deliver(message(2));
  await srv.deliver(message(3), 'Archive');
  // The Inbox delivery came first, but only the Archive one is pushed.
  assert.equal(await a.response(), '* STATUS Archive (UIDNEXT 2 MESSAGES 1 UNSEEN 1)');
  assert.deepEqual(await a.cmd('a3 NOOP'), ['* 2 EXISTS', '* 2 FETCH (UID 2 FLAGS ())', 'a3 OK NOOP done']);
  // FETCH does not report what SELECTED-DELAYED holds (as mox; RFC 9051 §7.5.1 forbids the
  // expunge anyway); NOOP does.
  await b.cmd('b1 SELECT Inbox');
  await b.cmd('b2 STORE 1 +FLAGS.SILENT (\\Deleted)');
  await b.cmd('b3 EXPUNGE');
  assert.deepEqual(await a.cmd('a4 FETCH 2 UID'), ['* 2 FETCH (UID 2)', 'a4 OK FETCH done']);
  assert.deepEqual(await a.cmd('a5 NOOP'), ['* 1 FETCH (UID 1 FLAGS (\\Deleted))', '* 1 EXPUNGE', 'a5 OK NOOP done']);
  // In IDLE, held and new changes go out at once.
  await srv.deliver(message(4));
  a.send('a6 IDLE');
  await a.expect(/^\+ idling$/);
  assert.deepEqual(await a.expect(/FETCH/), ['* 2 EXISTS', '* 2 FETCH (UID 3 FLAGS ())']);
  await srv.deliver(message(5));
  assert.deepEqual(await a.expect(/FETCH/), ['* 3 EXISTS', '* 3 FETCH (UID 4 FLAGS ())']);
  a.send('DONE');
  await a.until('a6', /^a6 OK/);
});

test('NOTIFICATIONOVERFLOW: too many held SELECTED-DELAYED changes, or too many queued changes also without NOTIFY (RFC 5465 §5.8)', async (t) => {
  const srv = await startServer(t, { maxDelayedChanges: 1, maxPendingChanges: 3 });
  const a = await srv.login();
  await a.cmd('a1 SELECT Inbox', /^\* 0 EXISTS$/);
  await a.cmd('a2 NOTIFY SET (SELECTED-DELAYED (MessageNew MessageExpunge))', /^a2 OK/);
  await srv.deliver(message(1));
  await srv.deliver(message(2));
  assert.equal(await a.response(), '* OK [NOTIFICATIONOVERFLOW] out of sync after too many pending changes for selected mailbox');
  // Then as after NOTIFY NONE.
  await srv.deliver(message(3));
  assert.deepEqual(await a.cmd('a3 NOOP'), ['a3 OK NOOP done']);

  const b = await srv.login();
  await b.cmd('b1 SELECT Inbox', /^\* 3 EXISTS$/);
  for (let i = 4; i <= 7; i++) await srv.deliver(message(i));
  assert.deepEqual(await b.cmd('b2 NOOP'), ['* OK [NOTIFICATIONOVERFLOW] out of sync after too many pending changes', 'b2 OK NOOP done']);
  await srv.deliver(message(8));
  assert.deepEqual(await b.cmd('b3 NOOP'), ['b3 OK NOOP done']);
  // A new NOTIFY turns reports on again; SELECT brings the session up to date.
  await b.cmd('b4 NOTIFY SET (SELECTED (MessageNew MessageExpunge))', /^b4 OK/);
  await b.cmd('b5 SELECT Inbox', /^\* 8 EXISTS$/);
  await srv.deliver(message(9));
  assert.deepEqual(await b.expect(/FETCH/), ['* 9 EXISTS', '* 9 FETCH (UID 9 FLAGS ())']);
});
