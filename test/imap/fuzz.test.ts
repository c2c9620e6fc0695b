// Seeded, bounded fuzzing of the command reader and the argument parsers: whatever the input,
// they only throw ImapParseError (or the source's own end-of-input error) and always finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReaderClosedError } from '../../src/io/index.js';
import {
  BufferSource,
  ImapParseError,
  parseArguments,
  readCommand,
  ResponseWriter,
  utf7Decode,
  utf7Encode,
  Utf7Error,
} from '../../src/imap/index.js';
import { prng as rng } from '../helpers/prng.js';


const CORPUS = [
  'A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n',
  'a004 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n',
  'A142 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500 15000,22500)))\r\n',
  'a LIST (SUBSCRIBED RECURSIVEMATCH) "" (% "a/*") RETURN (CHILDREN STATUS (MESSAGES UNSEEN) SPECIAL-USE)\r\n',
  'A003 APPEND saved-messages (\\Seen) " 7-Feb-1994 21:52:25 -0800" {5}\r\nhello (\\Draft) ~{3+}\r\na\0b\r\n',
  'a UID FETCH 1:*,7 (UID BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100> BINARY[1]<5.6> PREVIEW (LAZY)) (CHANGEDSINCE 1 VANISHED)\r\n',
  'a SEARCH RETURN (MIN SAVE) CHARSET UTF-8 OR (SEEN NOT UID 1:5) HEADER Subject {4+}\r\ntest MODSEQ "/flags/\\\\draft" all 5\r\n',
  'a UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted $Junk)\r\n',
  'a NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS) MessageExpunge)) (SUBTREE (Lists "a b") NONE)\r\n',
  'a SETMETADATA INBOX (/private/comment "x" /shared/y NIL)\r\n',
  'a GETMETADATA (DEPTH 1 MAXSIZE 10) "" (/shared/comment)\r\n',
  'a ID ("name" "x" "version" NIL)\r\n',
  'a CREATE "&U,BTFw-/x" (USE (\\Drafts))\r\n',
  'a ESEARCH IN (personal subtree-one (a b)) RETURN (COUNT) FROM x\r\n',
  'a UID REPLACE 2000 Drafts (\\Seen) {3+}\r\nabc\r\n',
  'a STATUS x (MESSAGES SIZE HIGHESTMODSEQ)\r\n',
  'a UID SORT RETURN (MIN) (REVERSE DATE SUBJECT) UTF-8 OR SEEN (1:3 NOT FLAGGED)\r\n',
  'a THREAD REFERENCES "UTF-8" SINCE 5-MAR-2000 LARGER 10\r\n',
];
const SPECIALS = ['(', ')', '{', '}', '[', ']', '<', '>', '"', '\\', ' ', '*', '%', '$', ':', ',', '.', '~', '+', '\r\n', '\0', '\xff', '{5}\r\n', '{3+}\r\n', '~{2}\r\n', 'NIL', 'UID ', '0', '9999999999999999999'];
const WORDS = ['FETCH', 'SEARCH', 'LIST', 'SELECT', 'APPEND', 'STORE', 'NOTIFY', 'STATUS', 'LOGIN', 'OR', 'NOT', 'BODY[', 'HEADER.FIELDS', 'CHARSET', 'RETURN'];

function mutate(r: () => number, s: string): string {
  let out = s;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(r() * (out.length + 1));
    const op = Math.floor(r() * 5);
    const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
    if (op === 0) out = out.slice(0, pos) + out.slice(pos + 1 + Math.floor(r() * 5));
    else if (op === 1) out = out.slice(0, pos) + pick(SPECIALS) + out.slice(pos);
    else if (op === 2) out = out.slice(0, pos) + pick(WORDS) + out.slice(pos);
    else if (op === 3) out = out.slice(0, pos) + String.fromCharCode(Math.floor(r() * 256)) + out.slice(pos + 1);
    else out = out.slice(0, pos);
  }
  return out;
}

function randomInput(r: () => number): string {
  const alphabet = 'aA1 ()[]{}<>"\\*%$:,.~+-/&=\r\n\0\xe9';
  const len = Math.floor(r() * 80);
  let s = r() < 0.7 ? `t${Math.floor(r() * 100)} ${WORDS[Math.floor(r() * WORDS.length)]} ` : '';
  for (let i = 0; i < len; i++) s += r() < 0.3 ? SPECIALS[Math.floor(r() * SPECIALS.length)] : alphabet[Math.floor(r() * alphabet.length)];
  return s + '\r\n';
}

/** Reads and parses every command in `input`; fails on any error that is not ImapParseError. */
async function exercise(input: Buffer, utf8: boolean): Promise<void> {
  const src = new BufferSource(input);
  const limits = { maxLiteralSize: 1000, maxCommandSize: 4000, maxLineLength: 2000, maxAppendSize: 2000, maxDiscardSize: 3000 };
  for (let i = 0; i < 200; i++) {
    try {
      const cmd = await readCommand(src, { limits });
      parseArguments(cmd, { utf8 });
    } catch (err) {
      if (err instanceof ReaderClosedError) return;
      if (!(err instanceof ImapParseError)) {
        assert.fail(`non-parse error ${String(err)} for input ${JSON.stringify(input.toString('latin1'))}`);
      }
      assert.ok(err.text.length > 0);
      assert.ok(err.status === 'BAD' || err.status === 'NO');
      if (err.fatal) return;
    }
    if (src.remaining().length === 0) return;
  }
  assert.fail('too many commands from one input');
}

test('fuzz: mutated RFC example commands only give ImapParseError', async () => {
  const r = rng(0x5eed);
  for (let i = 0; i < 3000; i++) {
    const base = CORPUS[i % CORPUS.length]!;
    await exercise(Buffer.from(mutate(r, base), 'latin1'), r() < 0.5);
  }
});

test('fuzz: random command-like bytes only give ImapParseError', async () => {
  const r = rng(42);
  for (let i = 0; i < 3000; i++) await exercise(Buffer.from(randomInput(r), 'latin1'), r() < 0.5);
});

test('fuzz: the unmutated corpus parses cleanly', async () => {
  for (const c of CORPUS) {
    const cmd = await readCommand(new BufferSource(Buffer.from(c, 'latin1')));
    assert.doesNotThrow(() => parseArguments(cmd), c);
  }
});

test('fuzz: utf7Decode only throws Utf7Error; encode/decode round-trips', () => {
  const r = rng(7);
  const chars = ['&', '-', 'A', 'Jjo', ',', '+', '/', 'a', ' ', '~', 'é', '台', '\u{1F600}', '\ud800'];
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = Math.floor(r() * 12);
    for (let j = 0; j < n; j++) s += chars[Math.floor(r() * chars.length)];
    try {
      utf7Decode(s);
    } catch (err) {
      assert.ok(err instanceof Utf7Error, `${String(err)} for ${JSON.stringify(s)}`);
    }
    if (!s.includes('\ud800')) assert.equal(utf7Decode(utf7Encode(s)), s);
  }
});

test('fuzz: strings written by ResponseWriter are read back unchanged by the parser', async () => {
  const r = rng(99);
  for (let i = 0; i < 1000; i++) {
    const b = Buffer.alloc(Math.floor(r() * 40));
    for (let j = 0; j < b.length; j++) b[j] = r() < 0.8 ? 0x20 + Math.floor(r() * 95) : 1 + Math.floor(r() * 255);
    const w = new ResponseWriter({ utf8: r() < 0.5, maxQuoted: 30 });
    const arg = w.string(b).toBuffer();
    const cmd = await readCommand(new BufferSource(Buffer.concat([Buffer.from('a X '), arg, Buffer.from('\r\n')])));
    const p = cmd.parser();
    p.sp();
    assert.deepEqual(p.string(), b);
    p.end();
  }
});
