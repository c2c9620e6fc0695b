import type { SqlDb } from '../store/index.js';
import { hookOrder, hookWhere } from './filter.js';
import type { Hook, HookFilter, HookResult, HookRetired, HookRetiredFilter, HookSort, OutgoingEvent } from './types.js';

/** mox's placeholder error of an attempt in progress. */
export const hookDelivering = 'delivering...';

/** A hook to queue: a {@link Hook} without the id and the delivery state. */
export type NewHook = Pick<Hook, 'queueMsgId' | 'fromId' | 'messageId' | 'subject' | 'extra' | 'account' | 'url' | 'authorization' | 'isIncoming' | 'outgoingEvent' | 'payload'> & {
  /** Makes queueing idempotent: a second hook with the same key is not queued. */
  dedupKey?: string;
};

/** What {@link HookStore.insert} did. */
export interface Inserted {
  hook: Hook;
  /** A pending hook for the same queue message that this one replaced (retired). */
  superseded?: Hook;
}

function hookFromRow(r: Record<string, unknown>): Hook {
  return {
    id: Number(r.id),
    queueMsgId: Number(r.queue_msg_id),
    fromId: r.fromid as string,
    messageId: r.message_id as string,
    subject: r.subject as string,
    extra: JSON.parse(r.extra as string) as Record<string, string>,
    account: r.account as string,
    url: r.url as string,
    authorization: r.authz as string,
    isIncoming: Number(r.is_incoming) === 1,
    outgoingEvent: r.outgoing_event as OutgoingEvent | '',
    payload: r.payload as string,
    submitted: Number(r.submitted),
    attempts: Number(r.attempts),
    nextAttempt: Number(r.next_attempt),
    results: JSON.parse(r.results as string) as HookResult[],
  };
}

function retiredFromRow(r: Record<string, unknown>): HookRetired {
  const { authorization: _a, nextAttempt: _n, ...h } = hookFromRow({ ...r, authz: '', next_attempt: 0 });
  return {
    ...h,
    authorization: Number(r.authz) === 1,
    supersededById: Number(r.superseded_by_id),
    success: Number(r.success) === 1,
    lastActivity: Number(r.last_activity),
    keepUntil: Number(r.keep_until),
  };
}

/**
 * The webhook queue's tables in the queue database (mox keeps Hook and HookRetired in the
 * queue's database too). Methods that change rows run in the caller's transaction when one
 * is open (SQLite nests nothing: callers outside a transaction use {@link SqlDb.tx}).
 */
export class HookStore {
  constructor(readonly db: SqlDb) {}

  /** Whether a hook with this dedup key is queued or retired. */
  seen(dedupKey: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM hook WHERE dedup_key = ?').get(dedupKey) !== undefined ||
      this.db.prepare('SELECT 1 FROM hook_retired WHERE dedup_key = ?').get(dedupKey) !== undefined
    );
  }

  /**
   * Queues a hook, due now. As mox, only the newest event of a queue message is kept: a
   * pending hook for the same message is retired, marked as superseded by the new one (kept
   * when `keepMs` > 0). Call inside a transaction.
   */
  insert(h: NewHook, now: number, keepMs: number): Inserted {
    const row = this.db
      .prepare(
        `INSERT INTO hook (queue_msg_id, fromid, message_id, subject, extra, account, url, authz, is_incoming, outgoing_event, payload,
           submitted, next_attempt, dedup_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        h.queueMsgId, h.fromId, h.messageId, h.subject, JSON.stringify(h.extra), h.account, h.url, h.authorization,
        h.isIncoming ? 1 : 0, h.outgoingEvent, h.payload, now, now, h.dedupKey ?? '',
      )!;
    const hook = hookFromRow(row);
    if (h.queueMsgId === 0) return { hook };
    const old = this.db.prepare('SELECT * FROM hook WHERE queue_msg_id = ? AND id != ? ORDER BY id LIMIT 1').get(h.queueMsgId, hook.id);
    if (!old) return { hook };
    const superseded = hookFromRow(old);
    // It may be being delivered right now; its result is then added to the retired record.
    if (keepMs > 0) this.insertRetired(superseded, false, now, now + keepMs, hook.id);
    this.db.prepare('DELETE FROM hook WHERE id = ?').run(superseded.id);
    return { hook, superseded };
  }

  private insertRetired(h: Hook, success: boolean, lastActivity: number, keepUntil: number, supersededBy = 0): void {
    this.db
      .prepare(
        `INSERT INTO hook_retired (id, queue_msg_id, fromid, message_id, subject, extra, account, url, authz, is_incoming, outgoing_event,
           payload, submitted, superseded_by_id, attempts, results, success, last_activity, keep_until, dedup_key)
         SELECT id, queue_msg_id, fromid, message_id, subject, extra, account, url, authz != '', is_incoming, outgoing_event,
           payload, submitted, ?, ?, ?, ?, ?, ?, dedup_key FROM hook WHERE id = ?`,
      )
      .run(supersededBy, h.attempts, JSON.stringify(h.results), success ? 1 : 0, lastActivity, keepUntil, h.id);
  }

  /** A queued hook. */
  get(id: number): Hook | undefined {
    const r = this.db.prepare('SELECT * FROM hook WHERE id = ?').get(id);
    return r ? hookFromRow(r) : undefined;
  }

  /** Number of queued hooks. */
  count(): number {
    return Number(this.db.prepare('SELECT count(*) AS n FROM hook').get()!.n);
  }

  /** Queued hooks matching a filter, sorted (default: next attempt, descending). */
  list(f: HookFilter = {}, s: HookSort = {}, now: number): Hook[] {
    const w = hookWhere(f, now, false);
    const o = hookOrder(s, false);
    const cond = o.cond ? (w.sql ? `${w.sql} AND ${o.cond}` : `WHERE ${o.cond}`) : w.sql;
    const limit = f.max ? ` LIMIT ${Math.floor(f.max)}` : '';
    return this.db.prepare(`SELECT * FROM hook ${cond} ${o.order}${limit}`).all(...w.params, ...o.params).map(hookFromRow);
  }

  /** A retired hook. */
  retired(id: number): HookRetired | undefined {
    const r = this.db.prepare('SELECT * FROM hook_retired WHERE id = ?').get(id);
    return r ? retiredFromRow(r) : undefined;
  }

  /** Retired hooks matching a filter (default: last activity, descending). */
  retiredList(f: HookRetiredFilter = {}, s: HookSort = {}, now: number): HookRetired[] {
    const w = hookWhere(f, now, true);
    const o = hookOrder(s, true);
    const cond = o.cond ? (w.sql ? `${w.sql} AND ${o.cond}` : `WHERE ${o.cond}`) : w.sql;
    const limit = f.max ? ` LIMIT ${Math.floor(f.max)}` : '';
    return this.db.prepare(`SELECT * FROM hook_retired ${cond} ${o.order}${limit}`).all(...w.params, ...o.params).map(retiredFromRow);
  }

  /**
   * Due hooks to start, oldest next attempt first, at most one per URL and none for a busy
   * URL (mox delivers one hook per URL at a time, which keeps events of a message in order).
   */
  due(now: number, busyUrls: ReadonlySet<string>, max: number): Hook[] {
    const out: Hook[] = [];
    const seen = new Set(busyUrls);
    for (const r of this.db.prepare('SELECT * FROM hook WHERE next_attempt <= ? ORDER BY next_attempt, id LIMIT 1000').all(now)) {
      if (out.length >= max) break;
      const url = r.url as string;
      if (seen.has(url)) continue;
      seen.add(url);
      out.push(hookFromRow(r));
    }
    return out;
  }

  /** The earliest next attempt of a hook whose URL is not busy, or undefined. */
  nextDue(busyUrls: ReadonlySet<string>): number | undefined {
    const urls = [...busyUrls];
    const cond = urls.length ? `WHERE url NOT IN (${urls.map(() => '?').join(',')})` : '';
    const r = this.db.prepare(`SELECT min(next_attempt) AS t FROM hook ${cond}`).get(...urls);
    return r && r.t !== null ? Number(r.t) : undefined;
  }

  /**
   * Records the start of an attempt before any HTTP (mox): attempts + 1, the next attempt
   * after `backoffMs`, and a "delivering..." result. Returns the updated hook, or undefined
   * when it is gone or not due anymore. Call inside a transaction.
   */
  startAttempt(id: number, now: number, backoffMs: number): Hook | undefined {
    const h = this.get(id);
    if (!h || h.nextAttempt > now) return undefined;
    h.attempts++;
    h.nextAttempt = now + backoffMs;
    h.results.push({ start: now, durationMs: 0, url: h.url, success: false, code: 0, error: hookDelivering, response: '' });
    this.db.prepare('UPDATE hook SET attempts = ?, next_attempt = ?, results = ? WHERE id = ?').run(h.attempts, h.nextAttempt, JSON.stringify(h.results), id);
    return h;
  }

  /**
   * Records an attempt's result: the hook stays queued when `retry`, else it is retired
   * (kept when `keepMs` > 0). A hook superseded or canceled meanwhile gets the result added
   * to its retired record, with "(superseded)" appended to the error, as mox does. Call
   * inside a transaction.
   */
  finishAttempt(h: Hook, result: HookResult, retry: boolean, _now: number, keepMs: number): 'retry' | 'retired' | 'gone' {
    const cur = this.get(h.id);
    if (!cur) {
      const r = this.retired(h.id);
      if (r) {
        // Deviation (clarity): mox keeps the "delivering..." placeholder copied at
        // superseding and adds the result after it; we put the result in its place.
        const last = r.results.at(-1);
        if (last && last.error === hookDelivering && last.start === result.start) r.results.pop();
        r.results.push({ ...result, error: `${result.error}(superseded)` });
        this.db.prepare('UPDATE hook_retired SET results = ? WHERE id = ?').run(JSON.stringify(r.results), h.id);
      }
      return 'gone';
    }
    cur.results[cur.results.length - 1] = result;
    this.db.prepare('UPDATE hook SET results = ? WHERE id = ?').run(JSON.stringify(cur.results), h.id);
    if (retry) return 'retry';
    if (keepMs > 0) this.insertRetired(cur, result.success, result.start, result.start + keepMs);
    this.db.prepare('DELETE FROM hook WHERE id = ?').run(h.id);
    return 'retired';
  }

  /** Moves the next attempt of matching hooks by `ms`; returns their ids. Call inside a transaction. */
  nextAttemptAdd(f: HookFilter, ms: number, now: number): number[] {
    const ids = this.list(f, {}, now).map((h) => h.id);
    for (const id of ids) this.db.prepare('UPDATE hook SET next_attempt = next_attempt + ? WHERE id = ?').run(Math.round(ms), id);
    return ids;
  }

  /** Sets the next attempt of matching hooks; returns their ids. Call inside a transaction. */
  nextAttemptSet(f: HookFilter, at: number, now: number): number[] {
    const ids = this.list(f, {}, now).map((h) => h.id);
    for (const id of ids) this.db.prepare('UPDATE hook SET next_attempt = ? WHERE id = ?').run(Math.round(at), id);
    return ids;
  }

  /**
   * Cancels matching hooks: each is retired as failed with mox's "canceled by admin" result
   * (kept per `keepMs(account)`). Returns the canceled hooks. Call inside a transaction.
   */
  cancel(f: HookFilter, now: number, keepMs: (account: string) => number): Hook[] {
    const hooks = this.list(f, {}, now);
    for (const h of hooks) {
      const keep = keepMs(h.account);
      if (keep > 0) {
        h.results.push({ start: now, durationMs: 0, url: '', success: false, code: 0, error: 'canceled by admin', response: '' });
        this.db.prepare('UPDATE hook SET results = ? WHERE id = ?').run(JSON.stringify(h.results), h.id);
        this.insertRetired(h, false, now, now + keep);
      }
      this.db.prepare('DELETE FROM hook WHERE id = ?').run(h.id);
    }
    return hooks;
  }

  /** Removes retired hooks whose keep period has passed; returns how many. Call inside a transaction. */
  cleanupRetired(now: number): number {
    return this.db.prepare('DELETE FROM hook_retired WHERE keep_until <= ?').run(now).changes;
  }
}
