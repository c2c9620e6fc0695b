// Exporting an account's mailboxes as maildirs or mbox files, as mox's `export` does: read
// the account's index.db and message files directly (no running server needed).

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openLibsql } from './db/index.js';
import { FlagBits } from './flags.js';
import { messagePath } from './paths.js';

/** What to export. */
export interface ExportOptions {
  /** Account directory, holding index.db and msg/. */
  readonly accountDir: string;
  /** Destination directory; created when missing. */
  readonly dst: string;
  /** Maildir (one directory per mailbox) or mbox (one file per mailbox). */
  readonly format: 'maildir' | 'mbox';
  /** Only this mailbox, and its children unless `single`. All mailboxes when absent. */
  readonly mailbox?: string;
  /** Leave out the children of `mailbox`. */
  readonly single?: boolean;
}

/** Outcome of an export: counts and per-message problems (messages skipped), as text lines. */
export interface ExportResult {
  mailboxes: number;
  messages: number;
  errors: string[];
}

interface Row {
  id: number;
  flags: number;
  keywords: string[];
  size: number;
  received: number;
  mailfrom: string;
}

const has = (flags: number, name: keyof typeof FlagBits) => (flags & FlagBits[name]) !== 0;

// The well-known keywords that have a flag bit, with their export spelling.
const bitKeywords: [keyof typeof FlagBits, string][] = [
  ['$forwarded', '$Forwarded'],
  ['$junk', '$Junk'],
  ['$notjunk', '$NotJunk'],
  ['$phishing', '$Phishing'],
  ['$mdnsent', '$MDNSent'],
];

/** Message data with CRLF line endings turned into LF, as maildir and mbox files have them. */
function toLF(b: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  for (let p = b.indexOf('\r\n', 0, 'latin1'); p >= 0; p = b.indexOf('\r\n', i, 'latin1')) {
    parts.push(b.subarray(i, p), Buffer.from('\n'));
    i = p + 2;
  }
  parts.push(b.subarray(i));
  return Buffer.concat(parts);
}

/** "Mon Jan  2 15:04:05 2006" (Go's time.ANSIC), in UTC. */
export function ansicDate(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const mons = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${mons[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * One message in mboxrd form (RFC 4155 §2, mboxrd escaping): the "From " line, flag headers
 * (Status, X-Status, X-Keywords) replacing any in the message, lines matching ">*From " get
 * one more ">", and an empty line after.
 */
export function mboxEntry(data: Buffer, m: { flags: number; keywords: readonly string[]; received: number; mailfrom: string }): Buffer {
  const out: Buffer[] = [Buffer.from(`From ${m.mailfrom || 'mox'} ${ansicDate(m.received)}\n`)];
  if (has(m.flags, '\\seen')) out.push(Buffer.from('Status: R\n'));
  let xs = '';
  if (has(m.flags, '\\answered')) xs += 'A';
  if (has(m.flags, '\\flagged')) xs += 'F';
  if (has(m.flags, '\\draft')) xs += 'T';
  if (has(m.flags, '\\deleted')) xs += 'D';
  if (xs) out.push(Buffer.from(`X-Status: ${xs}\n`));
  const kw = bitKeywords.filter(([b]) => has(m.flags, b)).map(([, n]) => n);
  // Deviation (mox exports only the flag-bit keywords): other keywords are kept too.
  kw.push(...m.keywords);
  if (kw.length > 0) out.push(Buffer.from(`X-Keywords: ${kw.join(',')}\n`));
  const text = toLF(data);
  let header = true;
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf(0x0a, i);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.subarray(i, end);
    i = end;
    if (header && (line.length === 1 || line.length === 0)) header = false;
    if (header) {
      const name = line.subarray(0, Math.max(line.indexOf(0x3a), 0)).toString('latin1').toLowerCase();
      // Stale flag headers and a Content-Length that no longer matches are left out.
      if (name === 'status' || name === 'x-status' || name === 'x-keywords' || name === 'content-length') continue;
    }
    let j = 0;
    while (j < line.length && line[j] === 0x3e) j++;
    if (line.subarray(j, j + 5).toString('latin1') === 'From ') out.push(Buffer.from('>'));
    out.push(line);
    if (nl < 0) out.push(Buffer.from('\n'));
  }
  out.push(Buffer.from('\n'));
  return Buffer.concat(out);
}

/** Maps keywords to dovecot-keywords letters a-z, in order of first use (at most 26). */
class DovecotKeywords {
  readonly list: string[] = [];
  letter(k: string): string {
    let i = this.list.indexOf(k);
    if (i < 0) {
      if (this.list.length >= 26) return '';
      i = this.list.push(k) - 1;
    }
    return String.fromCharCode(0x61 + i);
  }
  text(): string {
    return this.list.map((k, i) => `${i} ${k}\n`).join('');
  }
}

/** The maildir file name for a message: "<received>.<id>.mox:2,<flags>". */
function maildirName(m: Row, kw: DovecotKeywords): string {
  let name = `${Math.floor(m.received / 1000)}.${m.id}.mox:2,`;
  // Info flags in ASCII order (maildir spec): Draft, Flagged, Replied, Seen, Trashed.
  if (has(m.flags, '\\draft')) name += 'D';
  if (has(m.flags, '\\flagged')) name += 'F';
  if (has(m.flags, '\\answered')) name += 'R';
  if (has(m.flags, '\\seen')) name += 'S';
  if (has(m.flags, '\\deleted')) name += 'T';
  for (const [b, n] of bitKeywords) if (has(m.flags, b)) name += kw.letter(n);
  // Deviation (mox exports only the flag-bit keywords): other keywords are kept too.
  for (const k of m.keywords) name += kw.letter(k);
  return name;
}

async function writeNew(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Never overwrite: the destination should be fresh.
  await writeFile(path, data, { flag: 'wx' });
}

/**
 * Exports mailboxes of an account. Each maildir gets new/, cur/ and tmp/ (seen messages in
 * cur/) and a dovecot-keywords file when keywords are used; each mbox is "<mailbox>.mbox".
 * Mailbox names with "/" become nested directories. A message whose file is missing or
 * unreadable is skipped and reported in `errors`.
 */
export async function exportMailboxes(o: ExportOptions): Promise<ExportResult> {
  const dbPath = join(o.accountDir, 'index.db');
  if (!existsSync(dbPath)) throw new Error(`open database ${JSON.stringify(dbPath)}: no such file`);
  const db = openLibsql(dbPath);
  const result: ExportResult = { mailboxes: 0, messages: 0, errors: [] };
  try {
    const mailboxes = db.prepare('SELECT id, name FROM mailbox ORDER BY name').all().map((r) => ({ id: Number(r.id), name: String(r.name) }));
    const selected = mailboxes.filter((mb) => o.mailbox === undefined || mb.name === o.mailbox || (!o.single && mb.name.startsWith(`${o.mailbox}/`)));
    if (o.mailbox !== undefined && selected.length === 0) throw new Error(`mailbox ${JSON.stringify(o.mailbox)} not found`);
    for (const mb of selected) {
      const rows: Row[] = db
        .prepare('SELECT id, flags, keywords, size, received, mailfrom FROM message WHERE mailbox_id = ? ORDER BY uid')
        .all(mb.id)
        .map((r) => ({
          id: Number(r.id),
          flags: Number(r.flags),
          keywords: String(r.keywords) === '' ? [] : String(r.keywords).split(' '),
          size: Number(r.size),
          received: Number(r.received),
          mailfrom: String(r.mailfrom),
        }));
      result.mailboxes++;
      const kw = new DovecotKeywords();
      const mboxPath = join(o.dst, `${mb.name}.mbox`);
      if (o.format === 'maildir') {
        for (const sub of ['new', 'cur', 'tmp']) await mkdir(join(o.dst, mb.name, sub), { recursive: true });
      } else {
        await writeNew(mboxPath, '');
      }
      const mboxFile = o.format === 'mbox' ? await open(mboxPath, 'a') : undefined;
      try {
        for (const m of rows) {
          const file = join(o.accountDir, 'msg', messagePath(m.id));
          let data: Buffer;
          try {
            data = await readFile(file);
          } catch (e) {
            result.errors.push(`open message file for id ${m.id}, path ${file}: ${(e as Error).message} (message skipped)`);
            continue;
          }
          if (data.length !== m.size) result.errors.push(`message size mismatch for message id ${m.id}, database has ${m.size}, size is ${data.length}, using file size`);
          if (mboxFile) await mboxFile.write(mboxEntry(data, m));
          else await writeNew(join(o.dst, mb.name, has(m.flags, '\\seen') ? 'cur' : 'new', maildirName(m, kw)), toLF(data));
          result.messages++;
        }
      } finally {
        await mboxFile?.close();
      }
      if (o.format === 'maildir' && kw.list.length > 0) await writeNew(join(o.dst, mb.name, 'dovecot-keywords'), kw.text());
    }
  } finally {
    db.close();
  }
  return result;
}
