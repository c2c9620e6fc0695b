import { fsyncDir } from './durable.js';

interface Pending<T, R> {
  item: T;
  dir: string | undefined;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: items whose files are already written and fsynced are collected for one
 * event-loop turn, then each distinct directory is fsynced once and one `commit` call (a
 * database transaction) records them all. `durable` then makes the commit itself durable
 * (the database's WAL fsync). `after` runs once that is done (change feeds, events); only
 * then do the callers' promises resolve, so an acknowledgement never precedes durability.
 * Commits run one at a time, in order; while one batch waits for its sync, the next can
 * already commit (syncs complete in order, so batches resolve in order).
 */
export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  private readonly syncing = new Set<Promise<void>>();

  constructor(
    private readonly commit: (items: T[]) => R[],
    private readonly after: (items: T[], results: R[]) => void = () => undefined,
    private readonly durable: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * Queues an item whose file lives in `dir` (undefined: its directory entry is durable
   * already); resolves with its commit result.
   */
  add(item: T, dir: string | undefined): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, dir, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /** Waits until everything queued so far is committed or failed. */
  async drain(): Promise<void> {
    while (this.scheduled || this.pending.length || this.syncing.size) {
      await new Promise((r) => setImmediate(r));
      await this.running;
      await Promise.all([...this.syncing]);
    }
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let results: R[];
    try {
      const dirs = new Set<string>();
      for (const p of batch) if (p.dir !== undefined) dirs.add(p.dir);
      await Promise.all([...dirs].map((d) => fsyncDir(d)));
      results = this.commit(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    const done = this.durable().then(
      () => {
        try {
          this.after(batch.map((p) => p.item), results);
        } finally {
          batch.forEach((p, i) => p.resolve(results[i]!));
        }
      },
      (err) => {
        for (const p of batch) p.reject(err);
      },
    );
    this.syncing.add(done);
    void done.finally(() => this.syncing.delete(done));
  }
}
