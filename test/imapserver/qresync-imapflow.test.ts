// imapflow with `qresync: true` (an independent QRESYNC client, RFC 7162 §3.2): it reconnects
// with its last UIDVALIDITY and HIGHESTMODSEQ and learns of removals (VANISHED) and flag
// changes since, then follows live expunges as VANISHED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapFlow, type MailboxObject } from 'imapflow';
import { message, PASS, startServer, USER } from './helpers.js';

interface ExpungeEvent {
  uid?: number;
  seq?: number;
  vanished: boolean;
  earlier?: boolean;
}
interface FlagsEvent {
  uid?: number;
  flags: Set<string>;
  modseq?: bigint;
}

function client(port: number): ImapFlow {
  return new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: USER, pass: PASS }, tls: { rejectUnauthorized: false }, logger: false, qresync: true });
}

test('imapflow (qresync): resync after reconnect gets VANISHED (EARLIER) and changed flags; live expunges are VANISHED', async (t) => {
  const srv = await startServer(t);
  for (let i = 1; i <= 6; i++) await srv.deliver(message(i));

  const first = client(srv.port);
  await first.connect();
  assert.ok(first.enabled.has('QRESYNC'), 'QRESYNC enabled');
  assert.ok(first.enabled.has('CONDSTORE'), 'CONDSTORE enabled');
  const mb1 = await first.mailboxOpen('INBOX');
  assert.equal(mb1.exists, 6);
  const { uidValidity, highestModseq } = mb1;
  assert.ok(highestModseq);
  await first.logout();

  // Meanwhile another client flags, expunges and moves.
  const other = await srv.login();
  await other.cmd('o1 SELECT Inbox');
  await other.cmd('o2 UID STORE 1 +FLAGS.SILENT (\\Flagged)');
  await other.cmd('o3 UID STORE 2,4 +FLAGS.SILENT (\\Deleted)');
  await other.cmd('o4 EXPUNGE');
  await other.cmd('o5 UID MOVE 5 Archive');

  const second = client(srv.port);
  t.after(() => second.close());
  const expunged: ExpungeEvent[] = [];
  const flagged: FlagsEvent[] = [];
  let wake: (() => void) | undefined;
  second.on('expunge', (e: ExpungeEvent) => {
    expunged.push(e);
    wake?.();
  });
  second.on('flags', (e: FlagsEvent) => flagged.push(e));
  await second.connect();
  // imapflow's select takes these QRESYNC options, though its typings do not list them.
  const resyncOpts = { readOnly: false, changedSince: highestModseq, uidValidity };
  const mb2: MailboxObject & { qresync?: boolean } = await second.mailboxOpen('INBOX', resyncOpts);
  assert.equal(mb2.exists, 3);
  assert.equal(mb2.qresync, true, 'server answered the QRESYNC select');
  assert.ok(mb2.highestModseq! > highestModseq);
  assert.deepEqual(
    expunged.map((e) => [e.uid, e.vanished, e.earlier]),
    [
      [2, true, true],
      [4, true, true],
      [5, true, true],
    ],
  );
  assert.deepEqual(flagged.map((f) => f.uid), [1]);
  assert.ok(flagged[0]!.flags.has('\\Flagged'));
  assert.ok(typeof flagged[0]!.modseq === 'bigint' && flagged[0]!.modseq > highestModseq);

  // A live expunge by the other client arrives as VANISHED (without EARLIER).
  expunged.length = 0;
  await other.cmd('o6 UID STORE 3 +FLAGS.SILENT (\\Deleted)');
  await other.cmd('o7 UID EXPUNGE 3');
  if (expunged.length === 0) {
    const arrived = new Promise<void>((resolve) => (wake = resolve));
    await second.noop();
    if (expunged.length === 0) await arrived;
  }
  assert.deepEqual(expunged.map((e) => [e.uid, e.vanished, e.earlier]), [[3, true, false]]);
  assert.deepEqual(await second.search({ all: true }, { uid: true }), [1, 6]);

  // UID FETCH with CHANGEDSINCE adds VANISHED: removals since the modseq come as EARLIER.
  expunged.length = 0;
  const msgs: number[] = [];
  for await (const m of second.fetch('1:*', { flags: true }, { uid: true, changedSince: highestModseq })) msgs.push(m.uid);
  assert.deepEqual(msgs, [1]);
  assert.deepEqual(expunged.map((e) => [e.uid, e.earlier]), [
    [2, true],
    [3, true],
    [4, true],
    [5, true],
  ]);
  await second.logout();
});
