// THREAD and UID THREAD (RFC 5256 §3) over a socket: REFERENCES with In-Reply-To,
// References, missing parents and subject merging; ORDEREDSUBJECT; errors. Also Python's
// imaplib sort() and thread() as an independent client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runPython } from '../helpers/python.js';
import { PASS, startServer, USER, type TestServer } from './helpers.js';

const hasPython = spawnSync('python3', ['-c', 'import imaplib'], { stdio: 'ignore' }).status === 0;

function mail(id: string, subject: string, date: string, extra = ''): string {
  return `From: a@x.example\r\nSubject: ${subject}\r\nDate: ${date}\r\nMessage-ID: <${id}>\r\n${extra}\r\nbody\r\n`;
}

// Expected REFERENCES threads: (7)((1 2 3)(6))(4 5) — see the test for why.
const msgs = [
  mail('a@x', 'Meeting', 'Mon, 2 Jan 2023 10:00:00 +0000'),
  mail('b@x', 'Re: Meeting', 'Tue, 3 Jan 2023 10:00:00 +0000', 'In-Reply-To: <a@x>\r\n'),
  // A quoted local part is the same Message ID (RFC 5256 §3).
  mail('c@x', 'Re: Meeting', 'Wed, 4 Jan 2023 10:00:00 +0000', 'References: <"a"@x>\r\n <b@x>\r\n'),
  mail('d@x', 'Lunch', 'Thu, 5 Jan 2023 10:00:00 +0000'),
  mail('e@x', 'Re: Lunch', 'Fri, 6 Jan 2023 10:00:00 +0000', 'References: <gone@x>\r\nIn-Reply-To: <d@x>\r\n'),
  mail('f@x', 'meeting', 'Sat, 7 Jan 2023 10:00:00 +0000'),
  mail('g@x', 'Unrelated', 'Sun, 1 Jan 2023 10:00:00 +0000'),
];

async function setup(t: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const srv = await startServer(t);
  await srv.deliver('Subject: gone\r\n\r\nx\r\n');
  for (const m of msgs) await srv.deliver(m);
  return srv;
}

test('THREAD REFERENCES and ORDEREDSUBJECT, UID THREAD, search programs', async (t) => {
  const srv = await setup(t);
  const c = await srv.login();
  await c.cmd('a0 SELECT Inbox');
  await c.cmd('a1 STORE 1 +FLAGS.SILENT (\\Deleted)');
  await c.cmd('a2 EXPUNGE', /^\* 1 EXPUNGE$/);
  // 2 replies to 1 (In-Reply-To), 3 to 2 (References); 5's References name a message we do
  // not have, so it heads its own thread until step 5 puts the reply under "Lunch" (4);
  // 6 has the subject of 1 and is no reply: a dummy holds both; 7 is oldest, so first.
  await c.cmd('r1 THREAD REFERENCES UTF-8 ALL', /^\* THREAD \(7\)\(\(1 2 3\)\(6\)\)\(4 5\)$/, /^r1 OK /);
  await c.cmd('r2 UID THREAD REFERENCES UTF-8 ALL', /^\* THREAD \(8\)\(\(2 3 4\)\(7\)\)\(5 6\)$/, /^r2 OK /);
  // Without 1, its replies hang under a dummy that is pruned; "meeting" (6) then adopts them.
  await c.cmd('r3 THREAD REFERENCES UTF-8 NOT 1', /^\* THREAD \(7\)\(4 5\)\(6 2 3\)$/);
  await c.cmd('r4 THREAD REFERENCES US-ASCII SUBJECT lunch', /^\* THREAD \(4 5\)$/);
  await c.cmd('r5 THREAD REFERENCES UTF-8 SUBJECT nothing', /^\* THREAD$/, /^r5 OK /);
  await c.cmd('o1 THREAD ORDEREDSUBJECT UTF-8 ALL', /^\* THREAD \(7\)\(1 \(2\)\(3\)\(6\)\)\(4 5\)$/, /^o1 OK /);
  await c.cmd('o2 UID THREAD ORDEREDSUBJECT UTF-8 1:3', /^\* THREAD \(2 \(3\)\(4\)\)$/);
  await c.cmd('o3 THREAD orderedsubject UTF-8 4', /^\* THREAD \(4\)$/);
});

test('THREAD errors: algorithm, charset, syntax, state', async (t) => {
  const srv = await setup(t);
  const c = await srv.login();
  await c.cmd('b0 THREAD REFERENCES UTF-8 ALL', /^b0 BAD /);
  await c.cmd('b1 SELECT Inbox');
  await c.cmd('b2 THREAD FOO UTF-8 ALL', /^b2 BAD .*thread algorithm/);
  await c.cmd('b3 THREAD REFERENCES KOI8-R ALL', /^b3 NO \[BADCHARSET \(US-ASCII UTF-8\)\] /);
  await c.cmd('b4 THREAD REFERENCES ALL', /^b4 BAD /);
  await c.cmd('b5 THREAD', /^b5 BAD /);
  await c.cmd('b6 THREAD REFERENCES UTF-8 ALL', /^\* THREAD \(8\)\(\(2 3 4\)\(7\)\)\(5 6\)\(1\)$/, /^b6 OK /);
});

const script = `
import imaplib, sys, json
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
m = imaplib.IMAP4('127.0.0.1', port)
m.login(user, pw)
m.select('INBOX')
out = {}
out['caps'] = [c for c in m.capabilities if c.startswith(('SORT', 'THREAD', 'ESORT'))]
typ, data = m.sort('(REVERSE DATE)', 'UTF-8', 'ALL')
out['sort'] = [typ, data[0].decode()]
typ, data = m.uid('SORT', '(SUBJECT DATE)', 'UTF-8', 'NOT', 'SUBJECT', 'gone')
out['uidsort'] = [typ, data[0].decode()]
typ, data = m.thread('REFERENCES', 'UTF-8', 'ALL')
out['thread'] = [typ, data[0].decode()]
typ, data = m.uid('THREAD', 'ORDEREDSUBJECT', 'UTF-8', 'SUBJECT', 'meeting')
out['uidthread'] = [typ, data[0].decode()]
try:
    m.thread('NOSUCH', 'UTF-8', 'ALL')
    out['bad'] = 'accepted'
except imaplib.IMAP4.error as e:
    out['bad'] = 'error'
m.logout()
print(json.dumps(out))
`;

test('python imaplib: sort() and thread()', { skip: !hasPython && 'python3 not available' }, async (t) => {
  const srv = await setup(t);
  const out = JSON.parse(await runPython(script, [String(srv.port), USER, PASS])) as Record<string, unknown>;
  assert.deepEqual((out.caps as string[]).sort(), ['ESORT', 'SORT', 'SORT=DISPLAY', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES']);
  // Sequence numbers: 1 is "gone" (no Date: its internal date, now, is the latest).
  assert.deepEqual(out.sort, ['OK', '1 7 6 5 4 3 2 8']);
  // UIDs by base subject (lunch, meeting, unrelated), then date.
  assert.deepEqual(out.uidsort, ['OK', '5 6 2 3 4 7 8']);
  // "gone" (1) has no Date: its internal date (now) makes it the newest thread.
  assert.deepEqual(out.thread, ['OK', '(8)((2 3 4)(7))(5 6)(1)']);
  assert.deepEqual(out.uidthread, ['OK', '(2 (3)(4)(7))']);
  assert.equal(out.bad, 'error');
});
