// Checking a data directory, typically a backup, as mox's verifydata: databases open and
// pass SQLite's integrity check, every message has its file (with the right size), no
// unrecognised files in message directories, and UID/modseq bookkeeping is consistent.

import { existsSync, type Dirent } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { openLibsql, type SqlDb } from './db/index.js';
import { messagePath } from './paths.js';
import { recordedSpareIds } from './spare-files.js';

/** Options for {@link verifyDataDir}. */
export interface VerifyDataOptions {
  readonly dataDir: string;
  /** Move unrecognised message files away to <dataDir>/moved/. */
  readonly fix?: boolean;
  /** Do not compare message sizes with the database. */
  readonly skipSizeCheck?: boolean;
  /** Receives "error: …" and "warning: …" lines. */
  readonly output: (line: string) => void;
}

/** Result: whether errors were found, and the mox version the directory was made with. */
export interface VerifyDataResult {
  ok: boolean;
  moxversion?: string;
}

const sqliteSide = /\.db-(wal|shm|journal)$/;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const rec = async (d: string) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await rec(p);
      else out.push(relative(dir, p));
    }
  };
  await rec(dir);
  return out.sort();
}

/** Checks a data directory; problems go to `output`. */
export async function verifyDataDir(o: VerifyDataOptions): Promise<VerifyDataResult> {
  let ok = true;
  const dataDir = o.dataDir;
  const checkf = (path: string, what: string, err: unknown) => {
    ok = false;
    o.output(`error: ${path}: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };
  const warn = (text: string) => o.output(`warning: ${text}`);

  /** Opens a database and runs SQLite's integrity check; undefined when it fails. */
  const openDB = (rel: string, required: boolean): SqlDb | undefined => {
    const path = join(dataDir, rel);
    if (!existsSync(path)) {
      if (required) checkf(path, 'checking if database file exists', new Error('file does not exist'));
      return undefined;
    }
    try {
      const db = openLibsql(path);
      const r = db.prepare('PRAGMA integrity_check').all();
      const msgs = r.map((x) => String(Object.values(x)[0]));
      if (msgs.length !== 1 || msgs[0] !== 'ok') {
        checkf(path, 'checking database file', new Error(msgs.join('; ')));
      }
      return db;
    } catch (e) {
      checkf(path, 'open database', e);
      return undefined;
    }
  };

  const checkFile = async (dbpath: string, path: string, size: number) => {
    try {
      const st = await stat(path);
      if (!o.skipSizeCheck && st.size !== size) {
        checkf(dbpath, 'checking message size', new Error(`${path}: message size is ${size}, should be ${st.size}, see "mox fixmsgsize"`));
      }
    } catch (e) {
      checkf(path, 'checking if file exists', e);
    }
  };

  /** Reports files in `dir` not in `known`; with fix, moves them to moved/<rel>. */
  const strays = async (dir: string, known: Set<string>, what: string, skip: (rel: string) => boolean) => {
    for (const rel of await filesUnder(join(dataDir, dir))) {
      if (known.has(rel) || skip(rel)) continue;
      const path = join(dataDir, dir, rel);
      if (!o.fix) {
        checkf(path, `unrecognized file in ${what} directory (use the -fix flag to move it away)`, new Error(what === 'queue' ? 'may interfere with messages enqueued in the future' : 'may interfere with future account messages'));
        continue;
      }
      const npath = join(dataDir, 'moved', dir, rel);
      try {
        await mkdir(dirname(npath), { recursive: true });
        if (existsSync(npath)) throw new Error('destination already exists');
        await rename(path, npath);
        warn(`moved ${path} to ${npath}`);
      } catch (e) {
        checkf(path, `moving ${what} message file away`, e);
      }
    }
  };

  const auth = openDB('auth.db', false);
  auth?.close();

  // Queue: each message's file, size including the stored prefix.
  const qdb = openDB(join('queue', 'index.db'), false);
  if (qdb) {
    const dbpath = join(dataDir, 'queue', 'index.db');
    const known = new Set<string>();
    try {
      for (const r of qdb.prepare('SELECT id, size, length(msg_prefix) AS plen FROM msg').all()) {
        const mp = messagePath(Number(r.id));
        known.add(mp);
        await checkFile(dbpath, join(dataDir, 'queue', mp), Number(r.size) - Number(r.plen ?? 0));
      }
    } catch (e) {
      checkf(dbpath, 'reading messages in queue database to check files', e);
    } finally {
      qdb.close();
    }
    await strays('queue', known, 'queue', (rel) => rel === 'index.db' || sqliteSide.test(rel));
  }

  // Accounts.
  let accounts: string[] = [];
  try {
    for (const e of await readdir(join(dataDir, 'accounts'), { withFileTypes: true })) {
      if (e.isDirectory()) accounts.push(e.name);
      else warn(`${join('accounts', e.name)}: unrecognized file in accounts directory, ignoring`);
    }
  } catch (e) {
    // As mox: a data directory has an accounts directory; its absence usually means the
    // wrong directory was given (e.g. the backup's top instead of its data/).
    checkf(join(dataDir, 'accounts'), 'reading accounts directory', e);
  }
  accounts = accounts.sort();
  for (const name of accounts) {
    const rel = join('accounts', name, 'index.db');
    const db = openDB(rel, true);
    if (!db) continue;
    const dbpath = join(dataDir, rel);
    const known = new Set<string>();
    try {
      const mailboxes = new Map<number, { name: string; uidnext: number }>();
      for (const r of db.prepare('SELECT id, name, uidnext FROM mailbox').all()) mailboxes.set(Number(r.id), { name: String(r.name), uidnext: Number(r.uidnext) });
      for (const r of db.prepare('SELECT id, mailbox_id, uid, modseq, createseq, size FROM message ORDER BY id').all()) {
        const id = Number(r.id);
        const mb = mailboxes.get(Number(r.mailbox_id));
        if (!mb) checkf(dbpath, `message id ${id} has unknown mailbox id ${Number(r.mailbox_id)}`, new Error('message without mailbox'));
        else if (Number(r.uid) >= mb.uidnext) {
          checkf(dbpath, `message id ${id} in mailbox ${JSON.stringify(mb.name)} has uid ${Number(r.uid)} >= mailbox uidnext ${mb.uidnext}`, new Error('inconsistent uidnext for message/mailbox, see "mox fixuidmeta"'));
        }
        if (Number(r.modseq) < Number(r.createseq)) {
          checkf(dbpath, `message id ${id} has modseq ${Number(r.modseq)} < createseq ${Number(r.createseq)}`, new Error('inconsistent modseq/createseq for message'));
        }
        const mp = join('msg', messagePath(id));
        known.add(mp);
        await checkFile(dbpath, join(dataDir, 'accounts', name, mp), Number(r.size));
      }
      // Files prepared for coming deliveries of a running instance: empty, no row yet.
      for (const id of recordedSpareIds(db)) known.add(join('msg', messagePath(id)));
    } catch (e) {
      checkf(dbpath, 'reading messages in account database to check files', e);
    } finally {
      db.close();
    }
    const accRel = join('accounts', name);
    // Only the msg directory holds message files; other files there are left alone.
    await strays(accRel, known, 'account message', (r) => !r.startsWith(`msg${sep}`));
  }

  // Other files at the top.
  let moxversion: string | undefined;
  let top: Dirent[] = [];
  try {
    top = await readdir(dataDir, { withFileTypes: true });
  } catch (e) {
    checkf(dataDir, 'walking data directory', e);
  }
  for (const e of top) {
    if (['acme', 'queue', 'accounts', 'tmp', 'moved'].includes(e.name)) continue;
    if (e.name === 'moxversion') {
      try {
        moxversion = (await readFile(join(dataDir, e.name), 'utf8')).trim();
      } catch (err) {
        checkf(join(dataDir, e.name), 'reading moxversion', err);
      }
      continue;
    }
    if (['auth.db', 'receivedid.key', 'ctl'].includes(e.name) || sqliteSide.test(e.name)) continue;
    if (e.isDirectory() || !(await lstat(join(dataDir, e.name))).isFile()) continue;
    warn(`${e.name}: unrecognized other file, ignoring`);
  }
  return { ok, ...(moxversion !== undefined ? { moxversion } : {}) };
}
