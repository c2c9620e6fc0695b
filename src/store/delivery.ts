import { dirname, join } from 'node:path';
import { open } from 'node:fs/promises';
import { ensureDir, fsyncDir } from '../io/index.js';
import type { Change } from './changes.js';
import type { DeliverRequest, MessageInfo } from './types.js';

/** A delivery whose file is written and fsynced, waiting for the batch's commit. */
export interface PendingDelivery {
  id: number;
  /** Absolute path of the message file. */
  path: string;
  req: DeliverRequest;
  size: number;
  summary: MessageSummary;
  resolve: (m: MessageInfo) => void;
  reject: (e: unknown) => void;
}

/** What the store extracts from a message at delivery (parsed once). */
export interface MessageSummary {
  parsed: string | null;
  subject: string;
  messageIdHeader: string;
}

/** Hooks of the account that the batcher drives. */
export interface BatchTarget {
  /** Commits the batch's rows in one transaction; returns rows and changes in request order. */
  commit(batch: PendingDelivery[]): { infos: MessageInfo[]; changes: Change[] };
  /** Called after the commit with what was stored (change feed, events). */
  committed(batch: PendingDelivery[], infos: MessageInfo[], changes: Change[]): void;
}

/**
 * Group commit for deliveries. Each message file is written and fsynced on its own (in
 * parallel on libuv's thread pool); deliveries that finish writing in the same event-loop
 * turn share one directory fsync and one database commit. Durability order per message:
 * file fsync → directory fsync → row commit → change feed/events → caller's acknowledgement.
 */
export class DeliveryBatcher {
  private pending: PendingDelivery[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly msgDir: string,
    private readonly target: BatchTarget,
  ) {}

  /** Writes the file for `id` and queues its row for the next commit. */
  async deliver(id: number, relPath: string, req: DeliverRequest, summary: MessageSummary): Promise<MessageInfo> {
    const path = join(this.msgDir, relPath);
    const size = await writeFileSynced(path, req.data);
    return new Promise<MessageInfo>((resolve, reject) => {
      this.pending.push({ id, path, req, size, summary, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /** Waits until all queued deliveries are committed (or failed). */
  async drain(): Promise<void> {
    while (this.scheduled || this.pending.length) {
      await new Promise((r) => setImmediate(r));
      await this.running;
    }
    await this.running;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      // One directory fsync per distinct directory in the batch makes the new entries durable.
      const dirs = new Set(batch.map((p) => dirname(p.path)));
      await Promise.all([...dirs].map((d) => fsyncDir(d)));
      const { infos, changes } = this.target.commit(batch);
      batch.forEach((p, i) => p.resolve(infos[i]!));
      this.target.committed(batch, infos, changes);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}

/** Writes chunks to a new file (replacing a stale one from a crash), fsyncs, returns the size. */
async function writeFileSynced(path: string, chunks: Buffer[]): Promise<number> {
  let fh;
  try {
    fh = await open(path, 'w', 0o660);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await ensureDir(dirname(path));
    await fsyncDir(dirname(dirname(path)));
    fh = await open(path, 'w', 0o660);
  }
  try {
    const r = await fh.writev(chunks);
    await fh.sync();
    return r.bytesWritten;
  } finally {
    await fh.close();
  }
}
