import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.js';

const msgs = [
  'From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: Quarterly Report\r\nDate: Mon, 2 Jan 2006 15:04:05 -0700\r\nX-Tag: blue\r\n\r\nNumbers are UP this quarter.\r\n',
  'From: =?utf-8?q?J=C3=BCrgen?= <jurgen@example.de>\r\nTo: alice@example.org\r\nCc: carol@example.com\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nDate: Fri, 10 Mar 2023 09:00:00 +0000\r\n\r\nHallo, schöne Grüße.\r\n',
  'From: carol@example.com\r\nTo: bob@example.com\r\nSubject: lunch?\r\nDate: Sat, 11 Mar 2023 23:30:00 -0500\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    Buffer.from('Pizza at noon? Bring the REPORT.\r\n').toString('base64') + '\r\n',
];

test('SEARCH keys: flags, headers, body, text, sizes, dates, sets, OR/NOT/nesting', async (t) => {
  const srv = await startServer(t);
  for (const m of msgs) await srv.deliver(m);
  const c = await srv.login();
  await c.cmd('a0 SELECT Inbox');
  await c.cmd('a00 STORE 2 +FLAGS.SILENT (\\Flagged $Forwarded custom)');
  await c.cmd('a01 STORE 3 +FLAGS.SILENT (\\Seen \\Deleted)');
  const cases: [string, string][] = [
    ['ALL', '1 2 3'],
    ['FLAGGED', '2'],
    ['UNFLAGGED', '1 3'],
    ['SEEN', '3'],
    ['UNSEEN', '1 2'],
    ['DELETED', '3'],
    ['UNDELETED', '1 2'],
    ['ANSWERED', ''],
    ['UNANSWERED', '1 2 3'],
    ['DRAFT', ''],
    ['NEW', ''],
    ['OLD', '1 2 3'],
    ['RECENT', ''],
    ['KEYWORD custom', '2'],
    ['KEYWORD $Forwarded', '2'],
    ['UNKEYWORD custom', '1 3'],
    ['FROM alice', '1'],
    ['FROM "jürgen"', '2'],
    ['FROM "Alice <alice@"', '1'],
    ['FROM jurgen@example.de', '2'],
    ['TO "alice@example.org"', '2'],
    ['TO bob', '1 3'],
    ['CC carol', '2'],
    ['BCC carol', ''],
    ['SUBJECT report', '1'],
    ['SUBJECT "grüße"', '2'],
    ['HEADER X-Tag blue', '1'],
    ['HEADER X-Tag ""', '1'],
    ['HEADER Content-Transfer-Encoding base64', '3'],
    ['BODY report', '3'],
    ['BODY "SCHÖNE"', '2'],
    ['TEXT report', '1 3'],
    ['TEXT example.de', '2'],
    ['NOT TEXT report', '2'],
    ['OR FLAGGED SEEN', '2 3'],
    ['OR (FROM alice) (SUBJECT lunch)', '1 3'],
    ['NOT (OR FLAGGED SEEN)', '1'],
    ['(NOT FLAGGED) (NOT SEEN)', '1'],
    ['2:*', '2 3'],
    ['*', '3'],
    ['1,3', '1 3'],
    ['UID 2:3', '2 3'],
    ['UID 9:*', '3'],
    ['LARGER 10000', ''],
    ['SMALLER 10000', '1 2 3'],
    ['SENTBEFORE 1-Jan-2007', '1'],
    ['SENTON 10-Mar-2023', '2'],
    ['SENTON 11-Mar-2023', '3'],
    ['SENTSINCE 11-Mar-2023', '3'],
    ['SINCE 1-Jan-2000', '1 2 3'],
    ['BEFORE 1-Jan-2000', ''],
    ['YOUNGER 3600', '1 2 3'],
    ['OLDER 3600', ''],
    ['CHARSET UTF-8 SUBJECT report', '1'],
  ];
  let i = 0;
  for (const [q, want] of cases) {
    const lines = await c.cmd(`s${i++} SEARCH ${q}`, /^s\d+ OK/);
    assert.equal(lines[0], `* SEARCH${want ? ` ${want}` : ''}`, `SEARCH ${q}\n${c.transcript.slice(-4).join('\n')}`);
  }
  await c.cmd('b1 SEARCH CHARSET KOI8-R SUBJECT x', /^b1 NO \[BADCHARSET \(US-ASCII UTF-8\)\] /);
  await c.cmd('b2 SEARCH 5', /^b2 OK/);
});

test('UID SEARCH, ESEARCH (RETURN and IMAP4rev2), SAVE and $, MODSEQ', async (t) => {
  const srv = await startServer(t);
  for (const m of msgs) await srv.deliver(m);
  const c = await srv.login();
  await c.cmd('a0 SELECT Inbox');
  await c.cmd('a1 UID SEARCH TO bob', /^\* SEARCH 1 3$/);
  await c.cmd('a2 SEARCH RETURN (MIN MAX COUNT) TO bob', /^\* ESEARCH \(TAG "a2"\) MIN 1 MAX 3 COUNT 2$/);
  await c.cmd('a3 UID SEARCH RETURN () ALL', /^\* ESEARCH \(TAG "a3"\) UID ALL 1:3$/);
  await c.cmd('a4 SEARCH RETURN (COUNT) SUBJECT nothing', /^\* ESEARCH \(TAG "a4"\) COUNT 0$/);
  const saved = await c.cmd('a5 SEARCH RETURN (SAVE) TO bob', /^a5 OK/);
  assert.equal(saved.length, 1, 'SAVE alone gives no ESEARCH response');
  await c.cmd('a6 FETCH $ (UID)', /^\* 1 FETCH \(UID 1\)$/, /^\* 3 FETCH \(UID 3\)$/, /^a6 OK/);
  await c.cmd('a7 SEARCH $ SUBJECT lunch', /^\* SEARCH 3$/);
  await c.cmd('a8 UID SEARCH UID $', /^\* SEARCH 1 3$/);
  await c.cmd('a9 SEARCH MODSEQ 1', /^\* OK \[HIGHESTMODSEQ \d+\]/, /^\* SEARCH 1 2 3 \(MODSEQ \d+\)$/);
  await c.cmd('a10 ENABLE IMAP4rev2');
  await c.cmd('a11 SEARCH FROM carol', /^\* ESEARCH \(TAG "a11"\) ALL 3$/);
  await c.cmd('a12 SEARCH FROM nobody', /^\* ESEARCH \(TAG "a12"\)$/);
  // RFC 7162 §3.1.5: MODSEQ of the returned messages only (MIN/MAX), else of all matches.
  const ms: number[] = [];
  for (const n of [1, 3, 2]) {
    const r = await c.cmd(`s${n} STORE ${n} +FLAGS (\\Seen)`, /^s\d OK/);
    ms[n] = Number(/MODSEQ \((\d+)\)/.exec(r.join('\n'))![1]);
  }
  await c.cmd('m1 SEARCH RETURN (MIN) 1:3 MODSEQ 1', new RegExp(`^\\* ESEARCH \\(TAG "m1"\\) MIN 1 MODSEQ ${ms[1]}$`));
  await c.cmd('m2 SEARCH RETURN (MAX) 1:3 MODSEQ 1', new RegExp(`^\\* ESEARCH \\(TAG "m2"\\) MAX 3 MODSEQ ${ms[3]}$`));
  await c.cmd('m3 SEARCH RETURN (MIN MAX) 1:3 MODSEQ 1', new RegExp(`^\\* ESEARCH \\(TAG "m3"\\) MIN 1 MAX 3 MODSEQ ${ms[3]}$`));
  await c.cmd('m4 SEARCH RETURN (ALL) 1:3 MODSEQ 1', new RegExp(`^\\* ESEARCH \\(TAG "m4"\\) ALL 1:3 MODSEQ ${ms[2]}$`));
});
