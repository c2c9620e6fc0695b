// Reading messages to import from an mbox file (RFC 4155, mboxrd unescaping) or a maildir
// (new/ and cur/, flags in the file name, dovecot-keywords), as mox's import does. Messages
// come out with CRLF line endings, as the store keeps them.

import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FlagBits } from './flags.js';

/** One message read from an mbox or maildir. */
export interface ImportMessage {
  /** Message with CRLF line endings. */
  data: Buffer;
  /** Flag bits (see FlagBits). */
  flags: number;
  /** Other keywords, lower case, sorted. */
  keywords: string[];
  /** Received time (ms since epoch), when the source says. */
  received?: number;
  /** Where the message came from, for error messages. */
  origin: string;
}

const CRLF = Buffer.from('\r\n');

/** Lines of a file, each with its LF (the last may lack one). */
async function* fileLines(path: string): AsyncGenerator<Buffer> {
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(path)) {
    let buf = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let i = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, i)) {
      yield buf.subarray(i, nl + 1);
      i = nl + 1;
    }
    rest = Buffer.from(buf.subarray(i));
    buf = rest;
  }
  if (rest.length > 0) yield rest;
}

/** The line without its line ending. */
function bare(line: Buffer): Buffer {
  let e = line.length;
  if (e > 0 && line[e - 1] === 0x0a) e--;
  if (e > 0 && line[e - 1] === 0x0d) e--;
  return line.subarray(0, e);
}

// Keyword names that map to flag bits, in the spellings seen in the wild.
const keywordBits: Record<string, number> = {
  forwarded: FlagBits.$forwarded,
  $forwarded: FlagBits.$forwarded,
  junk: FlagBits.$junk,
  $junk: FlagBits.$junk,
  notjunk: FlagBits.$notjunk,
  $notjunk: FlagBits.$notjunk,
  nonjunk: FlagBits.$notjunk,
  $nonjunk: FlagBits.$notjunk,
  phishing: FlagBits.$phishing,
  $phishing: FlagBits.$phishing,
  mdnsent: FlagBits.$mdnsent,
  $mdnsent: FlagBits.$mdnsent,
};

/** Whether a keyword is a valid IMAP atom (RFC 9051 §9 flag-keyword) that may be stored. */
function validKeyword(k: string): boolean {
  return k !== '' && /^[\x21-\x7e]+$/.test(k) && !/[(){%*"\\\]]/.test(k);
}

function addKeyword(k: string, acc: { flags: number; keywords: Set<string> }): void {
  const w = k.trim().toLowerCase();
  const bit = keywordBits[w];
  if (bit) acc.flags |= bit;
  else if (validKeyword(w)) acc.keywords.add(w);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses the date of a "From sender date" line: ANSIC, or Unix date with a zone name (taken as UTC). */
export function parseFromLineDate(s: string): number | undefined {
  const m = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?: [A-Za-z]+| [+-]\d{4})? (\d{4})\s*$/.exec(s);
  if (!m) return undefined;
  const mon = months.indexOf(m[1]!);
  if (mon < 0) return undefined;
  return Date.UTC(Number(m[6]), mon, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/**
 * Reads the messages of an mbox file. A message starts at a "From " line that is the first
 * line or follows an empty line (RFC 4155 §2); the empty line before it separates messages
 * and is not part of them. mboxrd escaping is undone (">From " loses one ">"). Status,
 * X-Status and X-Keywords headers set flags (dovecot's conventions).
 */
export async function* readMbox(path: string): AsyncGenerator<ImportMessage> {
  let cur: { lines: Buffer[]; flags: number; keywords: Set<string>; header: boolean; received?: number; n: number } | undefined;
  let prevEmpty = false;
  let lineNo = 0;
  let count = 0;
  const finish = (): ImportMessage | undefined => {
    if (!cur) return undefined;
    const lines = cur.lines;
    // The separator line before the next "From " (or written at the end) is not message data.
    if (lines.length > 0 && lines[lines.length - 1]!.equals(CRLF)) lines.pop();
    const m: ImportMessage = { data: Buffer.concat(lines), flags: cur.flags, keywords: [...cur.keywords].sort(), origin: `${path}, message ${cur.n}` };
    if (cur.received !== undefined) m.received = cur.received;
    return m;
  };
  for await (const raw of fileLines(path)) {
    lineNo++;
    const line = bare(raw);
    const isFrom = line.subarray(0, 5).toString('latin1') === 'From ';
    if (!cur && !isFrom) throw new Error(`${path}:${lineNo}: first line does not start with "From "`);
    if (isFrom && (!cur || prevEmpty)) {
      const done = finish();
      if (done) yield done;
      const rest = line.toString('latin1').slice(5).trim();
      const sp = rest.indexOf(' ');
      const received = sp < 0 ? undefined : parseFromLineDate(rest.slice(sp + 1).trim());
      cur = { lines: [], flags: 0, keywords: new Set(), header: true, n: ++count, ...(received !== undefined ? { received } : {}) };
      prevEmpty = false;
      continue;
    }
    const c = cur!;
    if (c.header) {
      if (line.length === 0) c.header = false;
      else {
        const colon = line.indexOf(0x3a);
        const name = colon < 0 ? '' : line.subarray(0, colon).toString('latin1').toLowerCase();
        const value = colon < 0 ? '' : line.subarray(colon + 1).toString('latin1').trim();
        if (name === 'status') {
          if (value.includes('R')) c.flags |= FlagBits['\\seen'];
        } else if (name === 'x-status') {
          for (const ch of value) {
            if (ch === 'A') c.flags |= FlagBits['\\answered'];
            else if (ch === 'F') c.flags |= FlagBits['\\flagged'];
            else if (ch === 'T') c.flags |= FlagBits['\\draft'];
            else if (ch === 'D') c.flags |= FlagBits['\\deleted'];
          }
        } else if (name === 'x-keywords') {
          for (const k of value.split(/[, ]+/)) addKeyword(k, c);
        }
      }
    }
    // mboxrd: one ">" of ">*From " lines was added on export.
    let out = line;
    let j = 0;
    while (j < line.length && line[j] === 0x3e) j++;
    if (j > 0 && line.subarray(j, j + 5).toString('latin1') === 'From ') out = line.subarray(1);
    c.lines.push(out, CRLF);
    prevEmpty = line.length === 0;
  }
  const done = finish();
  if (done) yield done;
}

/** Parses a dovecot-keywords file: "<index> <keyword>" lines; returns keywords by index, lower case. */
export function parseDovecotKeywords(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\S+)\s*$/.exec(line);
    if (!m) continue;
    const i = Number(m[1]);
    if (i < 26) out[i] = m[2]!.toLowerCase();
  }
  return out;
}

/**
 * Reads the messages of a maildir: new/ first, then cur/ (cr.yp.to/proto/maildir.html).
 * Flags come from the ":2," info of the file name (D draft, F flagged, R answered, S seen,
 * T deleted; a-z keywords of dovecot-keywords); the received time from the leading number
 * of the name, or the file's modification time.
 */
export async function* readMaildir(dir: string): AsyncGenerator<ImportMessage> {
  let keywords: string[] = [];
  try {
    keywords = parseDovecotKeywords(await readFile(join(dir, 'dovecot-keywords'), 'utf8'));
  } catch {
    // Best effort: no keywords file, no keywords.
  }
  for (const sub of ['new', 'cur']) {
    const names = (await readdir(join(dir, sub))).sort();
    for (const name of names) {
      const path = join(dir, sub, name);
      const st = await stat(path);
      if (!st.isFile()) continue;
      const raw = await readFile(path);
      const parts: Buffer[] = [];
      let i = 0;
      for (let nl = raw.indexOf(0x0a); nl >= 0; nl = raw.indexOf(0x0a, i)) {
        parts.push(bare(raw.subarray(i, nl + 1)), CRLF);
        i = nl + 1;
      }
      if (i < raw.length) parts.push(raw.subarray(i));
      const acc = { flags: 0, keywords: new Set<string>() };
      const info = name.split(':2,')[1];
      for (const ch of info ?? '') {
        if (ch === 'R') acc.flags |= FlagBits['\\answered'];
        else if (ch === 'S') acc.flags |= FlagBits['\\seen'];
        else if (ch === 'T') acc.flags |= FlagBits['\\deleted'];
        else if (ch === 'D') acc.flags |= FlagBits['\\draft'];
        else if (ch === 'F') acc.flags |= FlagBits['\\flagged'];
        else if (ch >= 'a' && ch <= 'z') {
          const k = keywords[ch.charCodeAt(0) - 0x61];
          if (k !== undefined) addKeyword(k, acc);
        }
      }
      const t = basename(name).split('.');
      const secs = t.length >= 3 && /^\d+$/.test(t[0]!) ? Number(t[0]) * 1000 : st.mtimeMs;
      yield { data: Buffer.concat(parts), flags: acc.flags, keywords: [...acc.keywords].sort(), received: Math.floor(secs), origin: path };
    }
  }
}
