// MULTISEARCH (ESEARCH command, RFC 7377) and INPROGRESS (RFC 9585) over the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../src/clock/index.js';
import { message, startServer, type TestServer } from './helpers.js';

async function fill(srv: TestServer): Promise<Map<string, number>> {
  for (const n of ['Inbox/Sub', 'Inbox/Sub/Deep', 'My Box']) srv.account.createMailbox(n);
  const counts: Array<[string, number]> = [['Inbox', 3], ['Archive', 2], ['Inbox/Sub', 1], ['Inbox/Sub/Deep', 1], ['My Box', 1]];
  for (const [mb, n] of counts) for (let i = 1; i <= n; i++) await srv.deliver(message(i), mb);
  return new Map(srv.account.mailboxes().map((m) => [m.name, m.uidValidity]));
}

/** ESEARCH response lines of a command's responses, as [mailbox, rest]. */
function results(lines: string[], tag: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const l of lines) {
    const m = new RegExp(`^\\* ESEARCH \\(TAG "${tag}" MAILBOX ("[^"]*"|\\S+) UIDVALIDITY \\d+\\) UID(.*)$`).exec(l);
    if (m) out.push([m[1]!, m[2]!.trim()]);
  }
  return out;
}

test('ESEARCH IN (...): one response per mailbox with matches, MAILBOX and UIDVALIDITY, UIDs', async (t) => {
  const srv = await startServer(t);
  const uv = await fill(srv);
  srv.account.setSubscription('Archive', false);
  const c = await srv.login();
  await c.cmd('c0 CAPABILITY', /^\* CAPABILITY .* MULTISEARCH /, /^c0 OK/);

  const all = await c.cmd('e1 ESEARCH IN (PERSONAL) SUBJECT "message"', /^e1 OK/);
  assert.equal(all[0], `* ESEARCH (TAG "e1" MAILBOX Archive UIDVALIDITY ${uv.get('Archive')}) UID ALL 1:2`);
  assert.deepEqual(results(all, 'e1'), [
    ['Archive', 'ALL 1:2'],
    ['Inbox', 'ALL 1:3'],
    ['Inbox/Sub', 'ALL 1'],
    ['Inbox/Sub/Deep', 'ALL 1'],
    ['"My Box"', 'ALL 1'],
  ]);
  const sub = await c.cmd('e2 ESEARCH IN (SUBTREE Inbox) RETURN (COUNT MIN MAX) ALL', /^e2 OK/);
  assert.deepEqual(results(sub, 'e2'), [
    ['Inbox', 'MIN 1 MAX 3 COUNT 3'],
    ['Inbox/Sub', 'MIN 1 MAX 1 COUNT 1'],
    ['Inbox/Sub/Deep', 'MIN 1 MAX 1 COUNT 1'],
  ]);
  const one = await c.cmd('e3 ESEARCH IN (SUBTREE-ONE (INBOX)) ALL', /^e3 OK/);
  assert.deepEqual(results(one, 'e3').map((r) => r[0]), ['Inbox', 'Inbox/Sub']);
  const inboxes = await c.cmd('e4 ESEARCH IN (INBOXES) ALL', /^e4 OK/);
  assert.deepEqual(results(inboxes, 'e4').map((r) => r[0]), ['Inbox', 'Inbox/Sub', 'Inbox/Sub/Deep']);
  const subscribed = await c.cmd('e5 ESEARCH IN (SUBSCRIBED) ALL', /^e5 OK/);
  assert.ok(!results(subscribed, 'e5').some((r) => r[0] === 'Archive'));
  assert.equal(results(subscribed, 'e5').length, 4);
  // Unknown mailboxes are no error; duplicates are searched once.
  const named = await c.cmd('e6 ESEARCH IN (MAILBOXES (Archive Nope) MAILBOXES Archive) 2', /^e6 OK/);
  assert.deepEqual(results(named, 'e6'), [['Archive', 'ALL 2']]);
  // No matches: no ESEARCH response at all.
  const none = await c.cmd('e7 ESEARCH IN (PERSONAL) SUBJECT "nothing like this"', /^e7 OK/);
  assert.deepEqual(none, ['e7 OK ESEARCH done']);
  // "selected" needs a selected mailbox; without IN the selected mailbox is searched.
  await c.cmd('e8 ESEARCH IN (SELECTED) ALL', /^e8 BAD /);
  await c.cmd('e9 ESEARCH ALL', /^e9 BAD /);
  await c.cmd('s1 SELECT Archive', /^s1 OK/);
  const sel = await c.cmd('e10 ESEARCH IN (SELECTED) ALL', /^e10 OK/);
  assert.deepEqual(results(sel, 'e10'), [['Archive', 'ALL 1:2']]);
  const bare = await c.cmd('e11 ESEARCH RETURN (COUNT) ALL', /^e11 OK/);
  assert.deepEqual(results(bare, 'e11'), [['Archive', 'COUNT 2']]);
  // SAVE only for the selected mailbox alone; "$" only there.
  await c.cmd('e12 ESEARCH IN (SELECTED) RETURN (SAVE) 2', /^e12 OK/);
  await c.cmd('f1 UID FETCH $ (UID)', /^\* 2 FETCH \(UID 2\)$/, /^f1 OK/);
  await c.cmd('e13 ESEARCH IN (PERSONAL) RETURN (SAVE) ALL', /^e13 BAD /);
  await c.cmd('e14 ESEARCH IN (MAILBOXES Inbox) UID $', /^e14 NO /);
  // CONDSTORE: the highest modseq of each mailbox's matches.
  const ms = await c.cmd('e15 ESEARCH IN (MAILBOXES (Inbox Archive)) MODSEQ 1', /^e15 OK/);
  const modseqs = results(ms, 'e15').map((r) => /MODSEQ (\d+)$/.exec(r[1])?.[1]);
  assert.equal(modseqs.length, 2);
  assert.ok(modseqs.every((m) => m !== undefined && Number(m) > 0), ms.join('\n'));
});

/** A clock that moves 11 seconds on every reading: every search step is "long". */
class JumpingClock implements Clock {
  private t = Date.UTC(2024, 0, 1);
  now(): number {
    this.t += 11_000;
    return this.t;
  }
  sleep(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
}

test('INPROGRESS: slow searches report progress with tag, count and goal', async (t) => {
  const srv = await startServer(t, { clock: new JumpingClock() });
  for (let i = 1; i <= 3; i++) await srv.deliver(message(i));
  await srv.deliver(message(1), 'Archive');
  const c = await srv.login();
  await c.cmd('c0 CAPABILITY', /^\* CAPABILITY .* INPROGRESS /, /^c0 OK/);
  await c.cmd('s1 SELECT Inbox', /^s1 OK/);
  const lines = await c.cmd('t1 SEARCH UNDRAFT', /^t1 OK/);
  assert.deepEqual(lines, [
    '* OK [INPROGRESS ("t1" 0 3)] still searching',
    '* OK [INPROGRESS ("t1" 1 3)] still searching',
    '* OK [INPROGRESS ("t1" 2 3)] still searching',
    '* SEARCH 1 2 3',
    't1 OK SEARCH done',
  ]);
  // A tag with "]" would end the response code early: NIL instead.
  const odd = await c.cmd('t]2 UID SEARCH RETURN (COUNT) SUBJECT "message 2"', /^t\]2 OK/);
  assert.equal(odd[0], '* OK [INPROGRESS (NIL 0 3)] still searching');
  assert.equal(odd[odd.length - 2], '* ESEARCH (TAG "t]2") UID COUNT 1');
  // Over several mailboxes the goal is their total.
  const multi = await c.cmd('t3 ESEARCH IN (MAILBOXES (Inbox Archive)) ALL', /^t3 OK/);
  assert.deepEqual(
    multi.filter((l) => l.includes('INPROGRESS')),
    [0, 1, 2, 3].map((n) => `* OK [INPROGRESS ("t3" ${n} 4)] still searching`),
  );
  // An empty mailbox: nothing to report.
  await c.cmd('s2 SELECT Drafts', /^s2 OK/);
  assert.deepEqual(await c.cmd('t4 SEARCH ALL', /^t4 OK/), ['* SEARCH', 't4 OK SEARCH done']);
});
