// Backups of a data directory, as mox's backup: consistent copies of the SQLite databases
// (VACUUM INTO, which reads one snapshot), message files hard-linked (or copied), other
// files copied with a warning when they are not recognised. The config directory is copied
// too. Never overwrites files in the destination.

import { copyFile, link, lstat, mkdir, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { openLibsql } from './db/index.js';
import { messagePath } from './paths.js';
import { recordedSpareIds } from './spare-files.js';

/** What to back up and where. */
export interface BackupOptions {
  /** The data directory of the instance. */
  readonly dataDir: string;
  /** The config directory (of mox.conf). */
  readonly configDir: string;
  /** Destination; gets "config" and "data" subdirectories. */
  readonly dstDir: string;
  /** Version text written to data/moxversion. */
  readonly version: string;
  /** Receives output lines: warnings and errors always, progress when verbose. */
  readonly output: (line: string) => void;
  readonly verbose?: boolean;
  /** Current time in ms, for durations in verbose output. */
  readonly now: () => number;
}

/** Known files at the top of a data directory. */
const knownDataFiles = new Set(['auth.db', 'receivedid.key', 'ctl', 'moxversion']);
/** SQLite's side files, never copied (the snapshot includes their content). */
const sqliteSide = /\.db-(wal|shm|journal)$/;

async function walk(dir: string, fn: (rel: string, isDir: boolean) => Promise<boolean | void>, base = dir): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    const rel = relative(base, p);
    if (e.isDirectory()) {
      if ((await fn(rel, true)) !== false) await walk(p, fn, base);
    } else await fn(rel, false);
  }
}

/**
 * Makes a backup. Returns true when complete; false when errors were reported (the backup
 * is then incomplete). Problems are written to `output` as "warning: …" and "error: …" lines.
 */
export async function backupDataDir(o: BackupOptions): Promise<boolean> {
  let incomplete = false;
  const t0 = o.now();
  const warn = (text: string, attrs = '') => o.output(`warning: ${text}${attrs}`);
  const fail = (text: string, err: unknown, attrs = '') => {
    incomplete = true;
    o.output(`error: ${text}: ${err instanceof Error ? err.message : String(err)}${attrs}`);
  };
  const vlog = (text: string) => {
    if (o.verbose) o.output(text);
  };
  const srcData = resolve(o.dataDir);
  const srcConfig = resolve(o.configDir);
  const dstConfig = join(o.dstDir, 'config');
  const dstData = join(o.dstDir, 'data');
  if (existsSync(dstConfig)) warn('destination config directory already exists', `; configdir=${dstConfig}`);
  if (existsSync(dstData)) warn('destination data directory already exists', `; datadir=${dstData}`);
  await mkdir(dstConfig, { recursive: true });
  await mkdir(dstData, { recursive: true });

  const copyOne = async (src: string, dst: string) => {
    await mkdir(dirname(dst), { recursive: true });
    // COPYFILE_EXCL: never overwrite.
    await copyFile(src, dst, 1);
  };
  const backupFile = async (rel: string) => {
    try {
      await copyOne(join(srcData, rel), join(dstData, rel));
      vlog(`backed up file; path=${rel}`);
    } catch (e) {
      fail('backing up file', e, `; path=${rel}`);
    }
  };

  // The config directory, leaving out the data directory when it is inside it.
  try {
    await walk(srcConfig, async (rel, isDir) => {
      const p = join(srcConfig, rel);
      if (p === srcData) return false;
      if (srcData === srcConfig) {
        // Data and config share a directory (as localserve has): only the config's own files.
        const top = rel.split(sep)[0]!;
        if (isDir || knownDataFiles.has(top) || sqliteSide.test(top) || top.endsWith('.db')) return false;
      }
      const st = await lstat(p);
      if (isDir) await mkdir(join(dstConfig, rel), { recursive: true });
      else if (st.isSymbolicLink()) await symlink(await readlink(p), join(dstConfig, rel));
      else if (st.isFile()) await copyOne(p, join(dstConfig, rel));
      else warn('skipping non-regular/dir/symlink file in config dir', `; path=${p}`);
      return undefined;
    });
  } catch (e) {
    fail('copying config directory', e);
  }

  try {
    await writeFile(join(dstData, 'moxversion'), o.version, { flag: 'wx' });
  } catch (e) {
    fail('writing moxversion', e);
  }

  /** Snapshots a database; returns the path of the copy, or undefined. */
  const backupDB = (rel: string): string | undefined => {
    const src = join(srcData, rel);
    if (!existsSync(src)) return undefined;
    const dst = join(dstData, rel);
    const start = o.now();
    try {
      if (existsSync(dst)) throw new Error('destination file already exists');
      mkdirSync(dirname(dst), { recursive: true });
      const db = openLibsql(src);
      try {
        db.exec(`VACUUM INTO '${dst.replace(/'/g, "''")}'`);
      } finally {
        db.close();
      }
      vlog(`backed up database file; path=${rel}; duration=${o.now() - start}ms`);
      return dst;
    } catch (e) {
      fail('copying database', e, `; path=${rel}`);
      return undefined;
    }
  };

  let linkFailed = false;
  const linkOrCopy = async (src: string, dst: string): Promise<'ok' | 'gone'> => {
    await mkdir(dirname(dst), { recursive: true });
    if (!linkFailed) {
      try {
        await link(src, dst);
        return 'ok';
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return 'gone';
        if (code === 'EEXIST') throw e;
        linkFailed = true;
        warn(`creating hardlink to message failed, will be doing regular file copies and not warn again: ${(e as Error).message}`, `; srcpath=${src}; dstpath=${dst}`);
      }
    }
    try {
      await copyFile(src, dst, 1);
      return 'ok';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw e;
    }
  };

  /** Links the message files a database snapshot lists; then backs up stray files with a warning. */
  const backupMessages = async (dir: string, snapshot: string, query: string, expectedTop: Set<string>, strayNote: (rel: string) => string) => {
    const known = new Set<string>();
    const db = openLibsql(snapshot);
    try {
      for (const r of db.prepare(query).all()) {
        const mp = messagePath(Number(r.id));
        const prefix = dir === 'queue' ? '' : 'msg';
        const rel = join(prefix, mp);
        known.add(rel);
        try {
          // A message removed after the snapshot is just gone; not an error.
          await linkOrCopy(join(srcData, dir, rel), join(dstData, dir, rel));
        } catch (e) {
          fail('linking/copying message file', e, `; path=${join(dir, rel)}`);
        }
      }
      // Files prepared for coming deliveries (empty, no row yet) are neither copied nor strays.
      if (dir !== 'queue') for (const id of recordedSpareIds(db)) known.add(join('msg', messagePath(id)));
    } finally {
      db.close();
    }
    await walk(join(srcData, dir), async (rel, isDir) => {
      if (isDir) return undefined;
      if (known.has(rel) || expectedTop.has(rel) || sqliteSide.test(rel)) return undefined;
      warn(strayNote(rel), `; path=${join(dir, rel)}`);
      await backupFile(join(dir, rel));
      return undefined;
    });
  };

  backupDB('auth.db');
  if (existsSync(join(srcData, 'receivedid.key'))) await backupFile('receivedid.key');
  if (existsSync(join(srcData, 'acme'))) {
    await walk(join(srcData, 'acme'), async (rel, isDir) => {
      if (!isDir) await backupFile(join('acme', rel));
    });
  }

  const queueSnap = backupDB(join('queue', 'index.db'));
  if (queueSnap) await backupMessages('queue', queueSnap, 'SELECT id FROM msg', new Set(['index.db']), () => 'backing up unrecognized file in queue directory');

  let accounts: string[] = [];
  try {
    accounts = (await readdir(join(srcData, 'accounts'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fail('reading accounts directory', e);
  }
  for (const acc of accounts) {
    const dir = join('accounts', acc);
    const snap = backupDB(join(dir, 'index.db'));
    if (!snap) continue;
    await backupMessages(dir, snap, 'SELECT id FROM message', new Set(['index.db', 'junkfilter.db', 'junkfilter.bloom']), (rel) =>
      rel.startsWith(`msg${sep}`) ? 'backing up unrecognized file in account message directory (should be moved away)' : 'backing up unrecognized file in account directory',
    );
    vlog(`account backup finished; dir=${dir}`);
  }

  // Everything else at the top of the data directory.
  await walk(srcData, async (rel, isDir) => {
    const top = rel.split(sep)[0]!;
    if (['queue', 'acme', 'tmp', 'accounts', 'moved'].includes(top)) return false;
    if (srcData === srcConfig && (await configFile(srcConfig, rel))) return isDir ? false : undefined;
    if (isDir) return undefined;
    if (knownDataFiles.has(rel) || sqliteSide.test(rel)) return undefined;
    const st = await lstat(join(srcData, rel));
    if (!st.isFile()) return undefined;
    warn('backing up unrecognized file', `; path=${rel}`);
    await backupFile(rel);
    return undefined;
  });
  vlog(`backup finished; duration=${o.now() - t0}ms`);
  return !incomplete;
}

/** Whether a path in a shared config+data directory is a config file (copied with the config). */
async function configFile(configDir: string, rel: string): Promise<boolean> {
  if (rel.includes(sep)) return false;
  if (knownDataFiles.has(rel) || sqliteSide.test(rel) || rel.endsWith('.db')) return false;
  const st = await lstat(join(configDir, rel));
  return st.isFile() || st.isSymbolicLink();
}
