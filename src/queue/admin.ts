import { readFile } from 'node:fs/promises';
import type { SqlValue } from '../store/index.js';
import { whereClause, orderClause, type Filter, type RetiredFilter, type RetiredSort, type Sort } from './filter.js';
import { addHoldRule, removeHoldRule } from './holdrules.js';
import { hookFields, sendDsn } from './outcome.js';
import { retire } from './retire.js';
import { msgFromRow, retiredFromRow } from './rows.js';
import type { Suppression } from './suppression.js';
import type { Queue } from './queue.js';
import type { DsnInfo, HoldRule, QueuedMsg, RetiredMsg } from './types.js';

/** mox's error text recorded when an admin fails or drops a message. */
const canceledByAdmin = 'delivery canceled by admin';

/**
 * Queue administration, as mox's queue package offers it to `mox queue …` and the admin
 * pages: listing with filters and sorting, hold/unhold, rescheduling, transport and
 * REQUIRETLS changes, fail (with DSN) and drop, hold rules, suppression lists and the retired
 * history. Changes are committed, made durable and announced before returning.
 */
export class QueueAdmin {
  constructor(private readonly q: Queue) {}

  /** Messages matching the filter, sorted (default: next attempt, descending). */
  list(f: Filter = {}, s: Sort = {}): QueuedMsg[] {
    const w = whereClause(f, this.q.deps.clock.now(), false);
    const o = orderClause(s.field === 'queued' ? 'queued' : 'next_attempt', s);
    const cond = [w.sql, o.cond ? (w.sql ? `AND ${o.cond}` : `WHERE ${o.cond}`) : ''].join(' ');
    const limit = f.max ? ` LIMIT ${Math.floor(f.max)}` : '';
    return this.q.db.prepare(`SELECT * FROM msg ${cond} ${o.order}${limit}`).all(...w.params, ...o.params).map(msgFromRow);
  }

  /** Ids of the messages matching a filter (honouring max). */
  private ids(f: Filter): number[] {
    const w = whereClause(f, this.q.deps.clock.now(), false);
    const limit = f.max ? ` LIMIT ${Math.floor(f.max)}` : '';
    return this.q.db.prepare(`SELECT id FROM msg ${w.sql} ORDER BY id${limit}`).all(...w.params).map((r) => Number(r.id));
  }

  /** Runs an UPDATE on the filtered messages; returns their ids. */
  private async update(f: Filter, set: string, params: SqlValue[], change: 'hold' | 'unhold' | 'schedule' | 'transport' | 'requiretls'): Promise<number> {
    const ids = this.q.db.tx(() => {
      const ids = this.ids(f);
      for (const id of ids) this.q.db.prepare(`UPDATE msg SET ${set} WHERE id = ?`).run(...params, id);
      return ids;
    });
    await this.q.db.durable();
    if (ids.length) this.q.deps.bus.emit('queue.changed', { msgIds: ids, change });
    this.q.scheduler.kick();
    return ids.length;
  }

  /** Puts messages on hold or releases them; returns the number selected (as mox). */
  holdSet(f: Filter, hold: boolean): Promise<number> {
    // As mox: every message the filter selects is updated and counted, also when it already
    // had that state; the filter's own hold condition (-hold) applies as given.
    return this.update(f, 'hold = ?', [hold ? 1 : 0], hold ? 'hold' : 'unhold');
  }

  /** Moves the next attempt by `ms` (mox's `queue schedule duration`). */
  nextAttemptAdd(f: Filter, ms: number): Promise<number> {
    return this.update(f, 'next_attempt = next_attempt + ?', [Math.round(ms)], 'schedule');
  }

  /** Sets the next attempt to a time (mox's `queue schedule -now duration`). */
  nextAttemptSet(f: Filter, at: number): Promise<number> {
    return this.update(f, 'next_attempt = ?', [Math.round(at)], 'schedule');
  }

  /** Sets the named transport ("" = routes/default). */
  transportSet(f: Filter, transport: string): Promise<number> {
    return this.update(f, 'transport = ?', [transport], 'transport');
  }

  /** Sets REQUIRETLS: true, false (TLS-Required: No), or null (default policy). */
  requireTlsSet(f: Filter, v: boolean | null): Promise<number> {
    return this.update(f, 'require_tls = ?', [v === null ? null : v ? 1 : 0], 'requiretls');
  }

  /** Fails messages: DSN to the sender, retired as failed (mox's `queue fail`). */
  fail(f: Filter): Promise<number> {
    return this.cancel(f, true);
  }

  /** Drops messages without a DSN, retired as canceled (mox's `queue drop`). */
  drop(f: Filter): Promise<number> {
    return this.cancel(f, false);
  }

  private async cancel(f: Filter, fail: boolean): Promise<number> {
    const now = this.q.deps.clock.now();
    const hooksAfter: (() => void)[] = [];
    const event = fail ? 'failed' : 'canceled';
    const msgs = this.q.db.tx(() => {
      const msgs = this.list({ ...f }, { field: 'queued', asc: true });
      for (const m of msgs) {
        m.results.push({ start: now, durationMs: 0, success: false, code: 0, secode: '', error: canceledByAdmin });
        retire(this.q, m, false, now);
        this.q.hooks.outgoing({ ...hookFields(m), event, error: canceledByAdmin }, now, hooksAfter);
      }
      return msgs;
    });
    await this.q.db.durable();
    for (const m of msgs) this.q.deps.bus.emit('queue.retired', { msgId: m.id, success: false, event });
    for (const f of hooksAfter) f();
    if (fail) {
      for (const m of msgs) {
        const d: DsnInfo = { kind: 'failed', msg: m, error: canceledByAdmin, code: 0, secode: '', lines: [] };
        await sendDsn(this.q, d);
      }
    }
    await Promise.all(msgs.map((m) => this.q.removeFile(m.id)));
    return msgs.length;
  }

  /** The complete message of a queued message: prefix and file (mox's `queue dump`). */
  async dump(id: number): Promise<Buffer> {
    const m = this.q.get(id);
    if (!m) throw new Error(`message ${id} not found`);
    if (m.dsnUtf8) return m.dsnUtf8;
    return Buffer.concat([m.msgPrefix, await readFile(this.q.messageFile(id))]);
  }

  /** Hold rules. */
  holdRules(): HoldRule[] {
    return this.q.holdRules();
  }

  /** Adds a hold rule; existing matching messages are put on hold too. */
  async holdRuleAdd(r: Omit<HoldRule, 'id'>): Promise<HoldRule> {
    const { rule, held } = addHoldRule(this.q.db, r);
    await this.q.db.durable();
    if (held.length) this.q.deps.bus.emit('queue.changed', { msgIds: held, change: 'hold' });
    return rule;
  }

  /** Removes a hold rule (held messages stay held). */
  async holdRuleRemove(id: number): Promise<boolean> {
    const ok = removeHoldRule(this.q.db, id);
    await this.q.db.durable();
    return ok;
  }

  /** Retired messages matching the filter (default: last activity, descending). */
  retiredList(f: RetiredFilter = {}, s: RetiredSort = {}): RetiredMsg[] {
    const w = whereClause(f, this.q.deps.clock.now(), true);
    const o = orderClause(s.field === 'queued' ? 'queued' : 'last_activity', s);
    const cond = [w.sql, o.cond ? (w.sql ? `AND ${o.cond}` : `WHERE ${o.cond}`) : ''].join(' ');
    const limit = f.max ? ` LIMIT ${Math.floor(f.max)}` : '';
    return this.q.db.prepare(`SELECT * FROM msg_retired ${cond} ${o.order}${limit}`).all(...w.params, ...o.params).map(retiredFromRow);
  }

  /** One retired message. */
  retired(id: number): RetiredMsg | undefined {
    const r = this.q.db.prepare('SELECT * FROM msg_retired WHERE id = ?').get(id);
    return r ? retiredFromRow(r) : undefined;
  }

  /** Removes retired messages whose keep period has passed; returns how many. */
  async cleanupRetired(): Promise<number> {
    const n = this.q.db.tx(() => this.q.db.prepare('DELETE FROM msg_retired WHERE keep_until <= ?').run(this.q.deps.clock.now()).changes);
    await this.q.db.durable();
    return n;
  }

  /** Suppression list of an account, or all accounts. */
  suppressionList(account?: string): Suppression[] {
    return this.q.suppressions.list(account);
  }

  /** Adds an address manually; false when its base address is already listed. */
  async suppressionAdd(account: string, address: string, reason = ''): Promise<boolean> {
    const now = this.q.deps.clock.now();
    const added = this.q.db.tx(() => this.q.suppressions.add({ created: now, account, originalAddress: address, manual: true, reason }));
    await this.q.db.durable();
    if (added) this.q.deps.bus.emit('queue.suppressed', { account, address, reason, manual: true });
    return !!added;
  }

  /** Removes an address; false when it was not listed. */
  async suppressionRemove(account: string, address: string): Promise<boolean> {
    const ok = this.q.db.tx(() => this.q.suppressions.remove(account, address));
    await this.q.db.durable();
    return ok;
  }

  /** The entries for an address, in one account or in all accounts. */
  suppressionLookup(address: string, account?: string): Suppression[] {
    if (account) {
      const s = this.q.suppressions.lookup(account, address);
      return s ? [s] : [];
    }
    const accounts = [...new Set(this.q.suppressions.list().map((s) => s.account))];
    return accounts.flatMap((a) => this.q.suppressions.lookup(a, address) ?? []);
  }
}
