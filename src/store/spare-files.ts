import { dirname } from 'node:path';
import { open, unlink } from 'node:fs/promises';
import type { Logger } from '../log/index.js';
import { ensureDir, fsyncDir } from '../io/index.js';
import type { SqlDb } from './db/index.js';

/** Meta key holding the id blocks `[first, end)` whose files may exist without a message row. */
export const spareMetaKey = 'spareids';

/** What the pool needs of its account. */
export interface SpareFilesDeps {
  db: SqlDb;
  log: Logger;
  /** Takes `n` new ids off the account's counter; returns the first. */
  reserve(n: number): number;
  /** Records the outstanding blocks and that ids below `next` are used; one transaction. */
  record(blocksJson: string, next: number): void;
  path(id: number): string;
}

/**
 * Message files made ahead of deliveries. Ids are reserved in the account database, their
 * files created empty, and their directories fsynced once per batch, so a delivery that takes
 * one needs only its own file's fsync before the commit, not a directory fsync as well (the
 * directory entry is already durable). The first {@link take} starts the pool (an account only
 * read, by IMAP or export, gets none). Unused files are removed at close and, after a crash,
 * by {@link removeStaleSpares} at the next open (the blocks are recorded in meta first).
 */
export class SpareFiles {
  private ready: number[] = [];
  private blocks: [number, number][] = [];
  private filling: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly d: SpareFilesDeps,
    private readonly batch = 64,
  ) {}

  /** An id whose empty file and directory entry are durable, or undefined when none is ready. */
  take(): number | undefined {
    const id = this.ready.shift();
    if (this.ready.length <= this.batch / 2) this.refill();
    return id;
  }

  /** Starts making a batch in the background, unless one is being made. */
  refill(): void {
    if (this.filling || this.closed) return;
    this.filling = this.fill()
      .catch((err) => this.d.log.error('preparing message files', { err }))
      .finally(() => {
        this.filling = undefined;
      });
  }

  private async fill(): Promise<void> {
    const first = this.d.reserve(this.batch);
    const end = first + this.batch;
    // Blocks still holding ready ids stay recorded, plus the newest exhausted one (its ids
    // may be in deliveries not committed yet).
    const live = this.blocks.filter(([a, b]) => this.ready.some((id) => id >= a && id < b));
    const last = this.blocks.at(-1);
    if (last && !live.includes(last)) live.push(last);
    this.blocks = [...live, [first, end]];
    this.d.record(JSON.stringify(this.blocks), end);
    // The record must be durable before files exist that only it accounts for.
    await this.d.db.durable();
    const dirs = new Set<string>();
    for (let id = first; id < end; id++) {
      const path = this.d.path(id);
      const dir = dirname(path);
      if (!dirs.has(dir)) {
        dirs.add(dir);
        await ensureDir(dir);
        // A new message directory's own entry is made durable in its parent.
        await fsyncDir(dirname(dir));
      }
      await (await open(path, 'w', 0o660)).close();
    }
    await Promise.all([...dirs].map((dir) => fsyncDir(dir)));
    if (this.closed) {
      await removeFiles(Array.from({ length: this.batch }, (_, i) => this.d.path(first + i)));
      return;
    }
    this.ready.push(...Array.from({ length: this.batch }, (_, i) => first + i));
  }

  /** Resolves when no batch is being made (for tests). */
  async settled(): Promise<void> {
    await this.filling;
  }

  /** Removes the unused files and clears the record; call after the last delivery. */
  async close(): Promise<void> {
    this.closed = true;
    await this.filling;
    const unused = this.ready;
    this.ready = [];
    await removeFiles(unused.map((id) => this.d.path(id)));
    this.blocks = [];
    this.d.record('[]', 0);
  }
}

/** Ids in the recorded spare blocks of an account database (for verifydata and cleanup). */
export function recordedSpareIds(db: SqlDb): number[] {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').get(spareMetaKey)?.value;
  if (typeof v !== 'string') return [];
  let blocks: unknown;
  try {
    blocks = JSON.parse(v);
  } catch {
    return [];
  }
  const ids: number[] = [];
  if (!Array.isArray(blocks)) return ids;
  for (const b of blocks) {
    if (!Array.isArray(b) || !Number.isSafeInteger(b[0]) || !Number.isSafeInteger(b[1]) || b[1] - b[0] > 100_000) continue;
    for (let id = b[0] as number; id < (b[1] as number); id++) ids.push(id);
  }
  return ids;
}

/**
 * After a crash: removes the files of recorded spare ids that have no message row (empty, or
 * written for a delivery that was never committed, so never acknowledged), then clears the
 * record.
 */
export async function removeStaleSpares(db: SqlDb, path: (id: number) => string): Promise<void> {
  const ids = recordedSpareIds(db);
  if (ids.length === 0) return;
  const used = new Set(db.prepare('SELECT id FROM message WHERE id >= ? AND id <= ?').all(Math.min(...ids), Math.max(...ids)).map((r) => Number(r.id)));
  await removeFiles(ids.filter((id) => !used.has(id)).map(path));
  db.tx(() => {
    db.prepare('DELETE FROM meta WHERE key = ?').run(spareMetaKey);
  });
}

async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => unlink(p).catch(() => undefined)));
}
