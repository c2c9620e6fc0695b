// Seeded fuzzing of a session: random and mutated command lines, each followed by a NOOP
// that must be answered. No crash, no hang, no internal error; a connection the server
// closes (BYE) is reopened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapScript } from '../helpers/imap-script.js';
import { message, PASS, startServer, USER } from './helpers.js';
import { prng } from '../helpers/prng.js';


const SEEDS = [
  'CAPABILITY', 'NOOP', 'ID ("name" "x")', 'ENABLE IMAP4rev2 CONDSTORE', 'NAMESPACE', 'LIST "" *', 'LIST (SUBSCRIBED) "" % RETURN (CHILDREN STATUS (MESSAGES SIZE))',
  'LSUB "" *', 'STATUS Inbox (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ)', 'SELECT Inbox', 'EXAMINE Inbox (CONDSTORE)', 'FETCH 1:* (FLAGS UID)',
  'FETCH 1 (ENVELOPE BODYSTRUCTURE BODY[] BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY[1.MIME] BINARY[1] BINARY.SIZE[1])',
  'UID FETCH 1:* (BODY.PEEK[]<0.10> RFC822.SIZE INTERNALDATE MODSEQ) (CHANGEDSINCE 1)', 'FETCH 2 RFC822', 'FETCH 1:2 FULL',
  'SEARCH OR FROM alice (NOT SUBJECT x) SINCE 1-Jan-2000', 'UID SEARCH RETURN (MIN MAX COUNT SAVE) ALL', 'SEARCH $ TEXT body', 'SEARCH CHARSET UTF-8 BODY "ü"',
  'SORT RETURN (MIN ALL SAVE) (REVERSE SUBJECT DISPLAYFROM) UTF-8 OR FROM a ALL', 'UID THREAD REFERENCES UTF-8 NOT DELETED', 'THREAD ORDEREDSUBJECT US-ASCII 1:*',
  'STORE 1 +FLAGS (\\Seen kw)', 'UID STORE 1:* -FLAGS.SILENT (\\Seen)', 'STORE 2 (UNCHANGEDSINCE 5) FLAGS (\\Flagged)', 'EXPUNGE', 'UID EXPUNGE 1:2',
  'CHECK', 'UNSELECT', 'CLOSE', 'IDLE', 'LOGIN a b', 'AUTHENTICATE PLAIN', 'SELECT {5}', 'LOGIN {3+}', 'FETCH 1 BODY[HEADER.FIELDS ({7}',
  'SEARCH HEADER {4}', 'CREATE Foo/Bar', 'RENAME Foo Baz', 'DELETE Baz', 'SUBSCRIBE Inbox', 'UNSUBSCRIBE Sent',
  'APPEND Inbox (\\Seen) {20}', 'COPY 1 Trash', 'UID MOVE 1 Archive', 'GETQUOTA ""', 'XYZZY',
  'FETCH 1:* (SAVEDATE PREVIEW)', 'UID FETCH 1 (PREVIEW (LAZY))', 'SEARCH SAVEDSINCE 1-Jan-2020 SAVEDATESUPPORTED', 'REPLACE 1 Drafts (\\Draft) {20+}',
  'UID REPLACE * Inbox {12}', 'ESEARCH IN (PERSONAL SUBTREE-ONE Inbox) RETURN (MIN COUNT) ALL', 'ESEARCH IN (SELECTED) RETURN (SAVE) 1:2', 'ESEARCH UID $',
];
const TOKENS = ['(', ')', '[', ']', '{', '}', '"', '\\', '*', '%', '$', '<', '>', ':', ',', ' ', '0', '4294967296', '-1', 'NIL', '~{3}', '{0}', '{2+}', '\x00', 'ü', 'BODY[', 'UID', 'ALL', '1:*'];

function mutate(rnd: () => number, line: string): string {
  let s = line;
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(rnd() * (s.length + 1));
    switch (Math.floor(rnd() * 6)) {
      case 0:
        s = s.slice(0, pos) + TOKENS[Math.floor(rnd() * TOKENS.length)] + s.slice(pos);
        break;
      case 1:
        s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(rnd() * 5));
        break;
      case 2:
        s = s.slice(0, pos);
        break;
      case 3:
        s = s.slice(0, pos) + String.fromCharCode(32 + Math.floor(rnd() * 95)) + s.slice(pos + 1);
        break;
      case 4:
        s = s.slice(0, pos) + s.slice(Math.floor(rnd() * s.length)) ;
        break;
      default:
        s = s.slice(0, pos) + String(Math.floor(rnd() * 100000)) + s.slice(pos);
    }
  }
  // Keep announced literals small so the client can send them.
  return s.replace(/[\r\n]/g, ' ').replace(/\{(\d+)(\+?)\}$/, (_m, d: string, p: string) => `{${Number(d) % 300}${p}}`);
}

function randomLine(rnd: () => number): string {
  const len = Math.floor(rnd() * 60);
  let s = '';
  for (let i = 0; i < len; i++) s += rnd() < 0.5 ? TOKENS[Math.floor(rnd() * TOKENS.length)] : String.fromCharCode(32 + Math.floor(rnd() * 95));
  return s.replace(/[\r\n]/g, ' ');
}

test('fuzz: random and mutated command lines never crash or hang a session', async (t) => {
  const srv = await startServer(t, { maxLiteral: 200 });
  for (let i = 1; i <= 4; i++) await srv.deliver(message(i));
  const rnd = prng(0x5eed1);
  let c: ImapScript | undefined;
  let reconnects = 0;
  let marker = 0;
  const open = async () => {
    c?.close();
    c = await srv.connect();
    await c.cmd(`l LOGIN ${USER} ${PASS}`, /^l OK/);
    await c.cmd('s SELECT Inbox', /^s OK/);
  };
  await open();
  const iterations = 400;
  for (let i = 0; i < iterations; i++) {
    const seed = SEEDS[Math.floor(rnd() * SEEDS.length)]!;
    const r = rnd();
    const line = r < 0.15 ? randomLine(rnd) : r < 0.3 ? `f${i} ${seed}` : `f${i} ${mutate(rnd, seed)}`;
    if (/STARTTLS|COMPRESS/i.test(line)) continue;
    const conn = c!;
    try {
      conn.write(`${line}\r\n`);
      const lit = /(~?)\{(\d+)(\+?)\}$/.exec(line);
      if (lit && lit[3] === '+') conn.write(`${'x'.repeat(Number(lit[2]))}\r\n`);
      const tag = `z${marker++}`;
      let sentMarker = false;
      const sendMarker = () => {
        if (!sentMarker) conn.send(`${tag} NOOP`);
        sentMarker = true;
      };
      if (!lit || lit[3] === '+') sendMarker();
      for (;;) {
        const resp = await conn.response();
        assert.ok(!resp.includes('[SERVERBUG]'), `internal error for ${JSON.stringify(line)}\n${conn.transcript.slice(-10).join('\n')}`);
        if (resp.startsWith('+ ')) {
          if (lit && lit[3] !== '+') conn.write(`${'y'.repeat(Number(lit[2]))}\r\n`);
          else conn.send(/IDLE/i.test(line) ? 'DONE' : '*');
          sendMarker();
          continue;
        }
        if (lit && !sentMarker && /^\S+ (OK|NO|BAD) /.test(resp)) sendMarker();
        if (resp.startsWith(`${tag} `)) break;
      }
    } catch (e) {
      if (!conn.isClosed && !(e instanceof assert.AssertionError && /connection closed/.test(e.message))) throw e;
      reconnects++;
      await open();
    }
  }
  // The server stayed healthy: no session failed with an unexpected error.
  const failures = srv.deps.sink.records.filter((r) => r.level === 'error');
  assert.deepEqual(failures.map((r) => `${r.msg} ${String((r.attrs.err as Error)?.stack ?? '')}`), []);
  assert.ok(reconnects < iterations / 4, `too many reconnects: ${reconnects}`);
  await c!.cmd("e NOOP", /^e OK/);
  t.diagnostic(`reconnects ${reconnects}`);
});
