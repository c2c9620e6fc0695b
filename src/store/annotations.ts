// Annotations (IMAP METADATA, RFC 5464): entries on a mailbox, or on the account as a whole
// ("server annotations", mailbox id 0). Keys are lowercase entry names ("/private/comment");
// values are bytes, flagged as string or binary (literal8) as the client sent them.
import type { AccountCore } from './account-core.js';
import type { Change } from './changes.js';
import { StoreError } from './types.js';

/** One stored annotation. */
export interface Annotation {
  /** 0 for a server annotation. */
  mailboxId: number;
  /** Entry name, lowercase. */
  key: string;
  /** Sent as a string (true) or as literal8 (false); responses use the same form. */
  isString: boolean;
  value: Buffer;
  createseq: number;
  modseq: number;
}

/** An annotation to set; `value` null removes it (RFC 5464 §4.3). */
export interface AnnotationUpdate {
  key: string;
  value: Buffer | null;
  isString: boolean;
}

/** Account-wide limits on annotations (mox: 1000 entries, 1 MB of keys and values). */
export interface AnnotationLimits {
  maxEntries: number;
  /** Sum of key and value lengths in bytes. */
  maxSize: number;
}

/** The limits mox applies. */
export const defaultAnnotationLimits: AnnotationLimits = { maxEntries: 1000, maxSize: 1000 * 1000 };

/** A SETMETADATA that would pass an account-wide annotation limit; nothing was changed. */
export class AnnotationLimitError extends StoreError {
  constructor(
    readonly limit: 'entries' | 'size',
    readonly max: number,
  ) {
    super('invalid', limit === 'entries' ? `more than ${max} annotations` : `annotations larger than ${max} bytes`);
    this.name = 'AnnotationLimitError';
  }
}

function fromRow(r: Record<string, unknown>): Annotation {
  const v = r.value;
  return {
    mailboxId: Number(r.mailbox_id),
    key: String(r.key),
    isString: Number(r.is_string) === 1,
    value: Buffer.isBuffer(v) ? v : v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(String(v ?? ''), 'utf8'),
    createseq: Number(r.createseq),
    modseq: Number(r.modseq),
  };
}

const columns = 'mailbox_id, key, is_string, value, createseq, modseq';

/** Annotation reads and writes of one account (see Account.annotations). */
export class AccountAnnotations {
  constructor(private readonly core: AccountCore) {}

  /** All annotations of a mailbox (0: server annotations), ordered by key. */
  list(mailboxId: number): Annotation[] {
    return this.core.db.prepare(`SELECT ${columns} FROM annotation WHERE mailbox_id = ? ORDER BY key`).all(mailboxId).map(fromRow);
  }

  /** One annotation by mailbox and (lowercase) key. */
  get(mailboxId: number, key: string): Annotation | undefined {
    const r = this.core.db.prepare(`SELECT ${columns} FROM annotation WHERE mailbox_id = ? AND key = ?`).get(mailboxId, key);
    return r ? fromRow(r) : undefined;
  }

  /**
   * Sets and removes annotations of a mailbox (0: server) in one transaction. Any effective
   * change takes one new modseq, also given to a mailbox's HIGHESTMODSEQ (as mox does; RFC
   * 7162 §3.1.2 counts metadata changes as mailbox changes). Past `limits`, nothing changes
   * and {@link AnnotationLimitError} is thrown (RFC 5464 §4.3: all or nothing).
   */
  set(mailboxId: number, updates: readonly AnnotationUpdate[], limits: AnnotationLimits, origin?: unknown): number {
    const core = this.core;
    const r = core.db.tx(() => {
      const mb = mailboxId === 0 ? undefined : core.mailboxById(mailboxId);
      if (mailboxId !== 0 && !mb) throw new StoreError('notFound', 'no such mailbox');
      const changed: string[] = [];
      let modseq = 0;
      for (const u of updates) {
        const cur = this.get(mailboxId, u.key);
        if (!cur && u.value === null) continue;
        if (!modseq) modseq = core.nextModseq();
        if (u.value === null) {
          core.db.prepare('DELETE FROM annotation WHERE mailbox_id = ? AND key = ?').run(mailboxId, u.key);
        } else if (cur) {
          core.db
            .prepare('UPDATE annotation SET is_string = ?, value = ?, modseq = ? WHERE mailbox_id = ? AND key = ?')
            .run(u.isString ? 1 : 0, u.value, modseq, mailboxId, u.key);
        } else {
          core.db
            .prepare('INSERT INTO annotation (mailbox_id, key, is_string, value, createseq, modseq) VALUES (?, ?, ?, ?, ?, ?)')
            .run(mailboxId, u.key, u.isString ? 1 : 0, u.value, modseq, modseq);
        }
        changed.push(u.key);
      }
      if (!modseq) return { changed, modseq, name: mb?.name ?? '' };
      this.checkLimits(limits);
      if (mb) core.db.prepare('UPDATE mailbox SET modseq = ? WHERE id = ?').run(modseq, mailboxId);
      return { changed, modseq, name: mb?.name ?? '' };
    });
    core.publish(this.changes(mailboxId, r.name, r.changed), origin);
    return r.modseq;
  }

  /**
   * Copies a mailbox's annotations to another mailbox, replacing same-named ones there (mox
   * does this when Inbox is renamed: RFC 5464 §4.1 keeps them with Inbox and the new mailbox).
   * Deviation (simpler): the copy is not refused when it passes the account limits; only later
   * additions are.
   */
  copy(fromMailboxId: number, toMailboxId: number, origin?: unknown): void {
    const core = this.core;
    const r = core.db.tx(() => {
      const dst = core.mailboxById(toMailboxId);
      if (!dst) throw new StoreError('notFound', 'no such mailbox');
      const src = this.list(fromMailboxId);
      if (src.length === 0) return { name: dst.name, keys: [] as string[] };
      const modseq = core.nextModseq();
      for (const a of src) {
        core.db
          .prepare(
            `INSERT INTO annotation (mailbox_id, key, is_string, value, createseq, modseq) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT(mailbox_id, key) DO UPDATE SET is_string = excluded.is_string, value = excluded.value, modseq = excluded.modseq`,
          )
          .run(toMailboxId, a.key, a.isString ? 1 : 0, a.value, modseq, modseq);
      }
      core.db.prepare('UPDATE mailbox SET modseq = ? WHERE id = ?').run(modseq, toMailboxId);
      return { name: dst.name, keys: src.map((a) => a.key) };
    });
    core.publish(this.changes(toMailboxId, r.name, r.keys), origin);
  }

  private changes(mailboxId: number, mailbox: string, keys: readonly string[]): Change[] {
    return keys.map((key) => ({ kind: 'annotation', mailboxId, mailbox, key }));
  }

  // RFC 5464 §4.3: the account-wide count and size limits, after the changes (inside the tx).
  private checkLimits(limits: AnnotationLimits): void {
    const r = this.core.db.prepare('SELECT count(*) AS n, coalesce(sum(length(key) + length(value)), 0) AS size FROM annotation').get()!;
    if (Number(r.n) > limits.maxEntries) throw new AnnotationLimitError('entries', limits.maxEntries);
    if (Number(r.size) > limits.maxSize) throw new AnnotationLimitError('size', limits.maxSize);
  }
}
