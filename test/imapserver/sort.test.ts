// SORT and UID SORT (RFC 5256 §3) with every sort key, DISPLAYFROM/DISPLAYTO (RFC 5957),
// ESORT (RFC 5267 §3.1), charsets, and the promise that sorting reads no message files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './helpers.js';

const day = (d: number) => Date.UTC(2023, 0, d);

// Four messages; the expected orders below follow from these fields.
const msgs: { data: string; received: number }[] = [
  {
    // Date 22:04:05 UTC on 2 Jan 2006; size middle.
    data:
      'From: Zed <alice@a.example>\r\nTo: carol@c.example\r\nCc: Bob <bob@b.example>\r\nSubject: Re: banana\r\n' +
      `Date: Mon, 2 Jan 2006 15:04:05 -0700\r\nMessage-ID: <1@x>\r\n\r\n${'x'.repeat(1000)}\r\n`,
    received: day(3),
  },
  {
    data:
      'From: "Bob" <bob@b.example>\r\nTo: Al <zoe@z.example>\r\nSubject: Apple\r\n' +
      `Date: Mon, 2 Jan 2006 23:00:00 +0000\r\nMessage-ID: <2@x>\r\n\r\n${'x'.repeat(2000)}\r\n`,
    received: day(1),
  },
  {
    // No Date header: the internal date is the sent date (RFC 5256 §2.2).
    data: `From: carol@c.example\r\nTo: undisclosed-recipients:;\r\nSubject: [list] cherry (fwd)\r\nMessage-ID: <3@x>\r\n\r\n${'x'.repeat(400)}\r\n`,
    received: day(2),
  },
  {
    data:
      'From: =?utf-8?q?=C3=89mile?= <emile@e.example>\r\nTo: bob@b.example\r\nCc: alice@a.example\r\nSubject: Fwd: Banana\r\n' +
      'Date: Sun, 1 Jan 2006 00:00:00 +0000\r\nMessage-ID: <4@x>\r\n\r\n\r\n',
    received: day(4),
  },
];

async function setup(t: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const srv = await startServer(t);
  // A first message, expunged below, so UIDs are sequence numbers plus one.
  await srv.deliver('Subject: gone\r\n\r\nx\r\n');
  for (const m of msgs) await srv.account.deliver({ mailbox: 'Inbox', data: [Buffer.from(m.data)], received: m.received });
  return srv;
}

test('SORT with each sort key, REVERSE, several criteria, search programs', async (t) => {
  const srv = await setup(t);
  const c = await srv.login();
  await c.cmd('a0 SELECT Inbox');
  await c.cmd('a1 STORE 1 +FLAGS.SILENT (\\Deleted)');
  await c.cmd('a2 EXPUNGE', /^\* 1 EXPUNGE$/);
  const cases: [string, string][] = [
    ['(ARRIVAL) UTF-8 ALL', '2 3 1 4'],
    ['(REVERSE ARRIVAL) UTF-8 ALL', '4 1 3 2'],
    ['(DATE) UTF-8 ALL', '4 1 2 3'],
    ['(REVERSE DATE) UTF-8 ALL', '3 2 1 4'],
    ['(SIZE) UTF-8 ALL', '4 3 1 2'],
    // Base subjects: banana, Apple, cherry, Banana; equal ones stay in mailbox order, also reversed.
    ['(SUBJECT) UTF-8 ALL', '2 1 4 3'],
    ['(REVERSE SUBJECT) UTF-8 ALL', '3 1 4 2'],
    ['(SUBJECT DATE) US-ASCII ALL', '2 4 1 3'],
    ['(SUBJECT REVERSE ARRIVAL) UTF-8 ALL', '2 4 1 3'],
    ['(FROM) UTF-8 ALL', '1 2 3 4'],
    ['(TO) UTF-8 ALL', '4 1 3 2'],
    ['(CC) UTF-8 ALL', '2 3 4 1'],
    ['(REVERSE CC) UTF-8 ALL', '1 4 2 3'],
    // RFC 5957: display names (É sorts with E), else the address, else the group name.
    ['(DISPLAYFROM) UTF-8 ALL', '2 3 4 1'],
    ['(DISPLAYTO) UTF-8 ALL', '2 4 1 3'],
    // The search program selects what is sorted.
    ['(ARRIVAL) UTF-8 FROM bob', '2'],
    ['(DATE) UTF-8 OR SUBJECT banana SUBJECT apple', '4 1 2'],
    ['(SIZE) UTF-8 2:3', '3 2'],
    ['(SIZE) "UTF-8" LARGER 900', '1 2'],
    ['(ARRIVAL) UTF-8 SUBJECT "no such subject"', ''],
  ];
  let i = 0;
  for (const [q, want] of cases) {
    const lines = await c.cmd(`s${i++} SORT ${q}`, /^s\d+ OK /);
    assert.equal(lines[0], `* SORT${want ? ` ${want}` : ''}`, `SORT ${q}\n${c.transcript.slice(-4).join('\n')}`);
  }
  // UID SORT answers with UIDs (here sequence number + 1).
  await c.cmd('u1 UID SORT (ARRIVAL) UTF-8 ALL', /^\* SORT 3 4 2 5$/, /^u1 OK /);
  await c.cmd('u2 UID SORT (DATE) UTF-8 UID 2:3', /^\* SORT 2 3$/, /^u2 OK /);
});

test('SORT errors: charset, syntax, state', async (t) => {
  const srv = await setup(t);
  const c = await srv.login();
  await c.cmd('b0 SORT (ARRIVAL) UTF-8 ALL', /^b0 BAD /);
  await c.cmd('b1 SELECT Inbox');
  await c.cmd('b2 SORT (ARRIVAL) KOI8-R ALL', /^b2 NO \[BADCHARSET \(US-ASCII UTF-8\)\] /);
  await c.cmd('b3 SORT ARRIVAL UTF-8 ALL', /^b3 BAD /);
  await c.cmd('b4 SORT (NAME) UTF-8 ALL', /^b4 BAD /);
  await c.cmd('b5 SORT () UTF-8 ALL', /^b5 BAD /);
  await c.cmd('b6 SORT (DATE) ALL', /^b6 BAD /);
  await c.cmd('b7 SORT (REVERSE) UTF-8 ALL', /^b7 BAD /);
  await c.cmd('b8 SORT (DATE) UTF-8 ALL', /^\* SORT 5 2 3 4 1$/, /^b8 OK /);
});

test('ESORT: SORT RETURN (MIN MAX COUNT ALL), SAVE, MODSEQ', async (t) => {
  const srv = await setup(t);
  const c = await srv.login();
  await c.cmd('e0 SELECT Inbox');
  await c.cmd('e1 STORE 1 +FLAGS.SILENT (\\Deleted)');
  await c.cmd('e2 EXPUNGE');
  // Date order is 4 1 2 3: MIN and MAX are the first and last in sort order.
  await c.cmd('e3 SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL', /^\* ESEARCH \(TAG "e3"\) MIN 4 MAX 3 COUNT 4 ALL 4,1:3$/, /^e3 OK /);
  await c.cmd('e4 UID SORT RETURN (ALL) (REVERSE DATE) UTF-8 ALL', /^\* ESEARCH \(TAG "e4"\) UID ALL 4,3,2,5$/);
  await c.cmd('e5 SORT RETURN () (ARRIVAL) UTF-8 ALL', /^\* ESEARCH \(TAG "e5"\) ALL 2:3,1,4$/);
  await c.cmd('e6 SORT RETURN (COUNT MIN) (ARRIVAL) UTF-8 SUBJECT nothing', /^\* ESEARCH \(TAG "e6"\) COUNT 0$/);
  const saved = await c.cmd('e7 SORT RETURN (SAVE) (SUBJECT) UTF-8 SUBJECT banana', /^e7 OK /);
  assert.equal(saved.length, 1, 'SAVE alone gives no ESEARCH response');
  await c.cmd('e8 SEARCH $', /^\* SEARCH 1 4$/);
  await c.cmd('e9 SORT (REVERSE ARRIVAL) UTF-8 $', /^\* SORT 4 1$/);
  await c.cmd('e10 SORT RETURN (SAVE COUNT) (ARRIVAL) UTF-8 FROM carol', /^\* ESEARCH \(TAG "e10"\) COUNT 1$/);
  await c.cmd('e11 SEARCH $', /^\* SEARCH 3$/);
  await c.cmd('e12 SORT (ARRIVAL) UTF-8 MODSEQ 1', /^\* SORT 2 3 1 4 \(MODSEQ \d+\)$/);
  await c.cmd('e13 SORT RETURN (COUNT) (ARRIVAL) UTF-8 MODSEQ 1', /^\* ESEARCH \(TAG "e13"\) COUNT 4 MODSEQ \d+$/);
  await c.cmd('e14 SORT RETURN (BOGUS) (ARRIVAL) UTF-8 ALL', /^e14 BAD /);
});

test('SORT and THREAD are announced; sorting reads no message files', async (t) => {
  const srv = await setup(t);
  const c = await srv.login();
  const caps = (await c.cmd('c0 CAPABILITY', /^c0 OK/))[0]!;
  for (const cap of ['SORT', 'SORT=DISPLAY', 'ESORT', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES']) {
    assert.ok(caps.split(' ').includes(cap), `${cap} in ${caps}`);
  }
  await c.cmd('c1 SELECT Inbox');
  // Count file reads: sort keys come from the stored envelope.
  const acct = srv.account;
  let reads = 0;
  const readMessage = acct.readMessage.bind(acct);
  const readRange = acct.readRange.bind(acct);
  acct.readMessage = (...a: Parameters<typeof readMessage>) => (reads++, readMessage(...a));
  acct.readRange = (...a: Parameters<typeof readRange>) => (reads++, readRange(...a));
  await c.cmd('c2 SORT (SUBJECT DISPLAYFROM FROM TO CC DATE SIZE ARRIVAL DISPLAYTO) UTF-8 ALL', /^\* SORT 3 5 2 4 1$/);
  await c.cmd('c3 THREAD ORDEREDSUBJECT UTF-8 ALL', /^\* THREAD /);
  assert.equal(reads, 0, 'SORT and THREAD ORDEREDSUBJECT read no message files');
  await c.cmd('c4 THREAD REFERENCES UTF-8 ALL', /^\* THREAD /);
  assert.equal(reads, 5, 'THREAD REFERENCES reads one header per message');
  await c.cmd('c5 SORT (ARRIVAL) UTF-8 BODY xxx', /^\* SORT 3 4 2$/);
  assert.ok(reads > 5, 'a body search key still reads files');
});
