import { dirname } from 'node:path';
import { mkdir, open, unlink } from 'node:fs/promises';
import type { Logger } from '../log/index.js';
import { fsyncDir } from '../io/index.js';
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
 * Message files made ahead of deliveries. Ids are reserved in blocks and recorded in the
 * account database, their files created empty and their directories fsynced once per block,
 * so a delivery that takes a prepared one needs only its own file's fsync before the commit,
 * not a directory fsync as well (the directory entry is durable already). Deliveries take ids
 * in order, prepared or not yet, so their ids keep increasing. The first {@link take} starts
 * the pool (an account only read, by IMAP or an export, gets none). Unused files are removed
 * at close and, after a crash, by {@link removeStaleSpares} at the next open.
 */
export class SpareFiles {
  /** Reserved ids not taken yet, ascending. */
  private free: number[] = [];
  /** Ids in `free` whose empty file and directory entry are durable. */
  private readonly ready = new Set<number>();
  private blocks: [number, number][] = [];
  private making: Promise<void> = Promise.resolve();
  private pendingBlocks = 0;
  private closed = false;

  constructor(
    private readonly d: SpareFilesDeps,
    private readonly batch = 64,
  ) {}

  /** The next id for a delivery; `durable` when its file's directory entry needs no fsync. */
  take(): { id: number; durable: boolean } {
    if (this.free.length === 0) this.reserveBlock();
    const id = this.free.shift()!;
    const durable = this.ready.delete(id);
    if (this.free.length <= (this.batch * 3) / 4 && this.pendingBlocks === 0) this.reserveBlock();
    return { id, durable };
  }

  private reserveBlock(): void {
    const first = this.d.reserve(this.batch);
    const ids = Array.from({ length: this.batch }, (_, i) => first + i);
    // Recorded: blocks with free ids, and the two newest others (their ids may be in
    // deliveries not committed yet).
    const n = this.blocks.length;
    this.blocks = this.blocks.filter(([a, b], i) => i >= n - 2 || this.free.some((id) => id >= a && id < b));
    this.blocks.push([first, first + this.batch]);
    this.d.record(JSON.stringify(this.blocks), first + this.batch);
    this.free.push(...ids);
    this.pendingBlocks++;
    this.making = this.making
      .then(() => this.make(ids))
      .catch((err) => this.d.log.error('preparing message files', { err }))
      .then(() => {
        this.pendingBlocks--;
      });
  }

  private async make(ids: number[]): Promise<void> {
    // The record must be durable before files exist that only it accounts for.
    await this.d.db.durable();
    const dirs = new Set<string>();
    const todo: number[] = [];
    for (const id of ids) {
      if (this.closed) return;
      // Taken meanwhile: its delivery writes the file itself.
      if (!this.free.includes(id)) continue;
      const dir = dirname(this.d.path(id));
      if (!dirs.has(dir)) {
        dirs.add(dir);
        // A new message directory's own entry is made durable in its parent.
        if ((await mkdir(dir, { recursive: true, mode: 0o770 })) !== undefined) await fsyncDir(dirname(dir));
      }
      todo.push(id);
    }
    // Append mode never truncates: a delivery that took the id may have written it already.
    const made = await Promise.all(
      todo.map(async (id) => {
        await (await open(this.d.path(id), 'a', 0o660)).close();
        return id;
      }),
    );
    await Promise.all([...dirs].map((dir) => fsyncDir(dir)));
    for (const id of made) if (this.free.includes(id)) this.ready.add(id);
  }

  /** Resolves when no block is being made (for tests). */
  async settled(): Promise<void> {
    await this.making;
  }

  /** Removes the unused files and clears the record; call after the last delivery. */
  async close(): Promise<void> {
    this.closed = true;
    await this.making;
    const unused = this.free;
    this.free = [];
    this.ready.clear();
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
