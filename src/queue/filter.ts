import { parseDuration } from '../config/index.js';
import type { SqlValue } from '../store/index.js';

/** Selects queued messages, as mox's queue.Filter (CLI flags -ids -account -from -to ...). */
export interface Filter {
  /** At most this many (0: no limit). */
  max?: number;
  ids?: number[];
  account?: string;
  /** Substring of the sender address (so "@example.com" matches a domain). */
  from?: string;
  /** Substring of the recipient address. */
  to?: string;
  hold?: boolean;
  /** "<dur" or ">dur" relative to now ("now" allowed), e.g. "<-1h": queued more than an hour ago. */
  submitted?: string;
  nextAttempt?: string;
  /** "" selects messages with the default transport. */
  transport?: string;
}

/** Ordering of a list, with keyset pagination (mox's queue.Sort). */
export interface Sort {
  field?: 'nextAttempt' | 'queued';
  asc?: boolean;
  /** Continue after this id (with `last`, the sort field's value of that message). */
  lastId?: number;
  last?: number;
}

/** Selects retired messages (mox's queue.RetiredFilter). */
export interface RetiredFilter extends Omit<Filter, 'hold' | 'nextAttempt'> {
  lastActivity?: string;
  success?: boolean;
}

/** Ordering of retired messages. */
export interface RetiredSort extends Omit<Sort, 'field'> {
  field?: 'lastActivity' | 'queued';
}

/** A filter could not be applied (bad time expression); the message says why. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** A time bound: "<dur" (before now+dur) or ">dur" (after), "now" meaning 0. */
function timeBound(field: string, column: string, s: string, now: number): [string, SqlValue] {
  const op = s[0];
  if (op !== '<' && op !== '>') throw new FilterError(`${field}: must start with "<" for before or ">" for after a duration`);
  const rest = s.slice(1).trim();
  let t = now;
  if (rest !== 'now') {
    try {
      t = now + parseDuration(rest);
    } catch (e) {
      throw new FilterError(`${field}: parsing duration ${JSON.stringify(s)}: ${(e as Error).message}`);
    }
  }
  return [`${column} ${op} ?`, t];
}

/** SQL WHERE clauses and parameters for a filter over the msg or msg_retired table. */
export function whereClause(f: Filter & { lastActivity?: string; success?: boolean }, now: number, retired: boolean): { sql: string; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, ...p: SqlValue[]) => {
    where.push(clause);
    params.push(...p);
  };
  if (f.ids && f.ids.length > 0) add(`id IN (${f.ids.map(() => '?').join(',')})`, ...f.ids);
  if (f.account) add('sender_account = ?', f.account);
  // As mox: -from and -to together select messages matching either (substring matches).
  const fromSql = "instr(CASE WHEN sender_localpart = '' AND sender_domain_str = '' THEN '' ELSE sender_localpart || '@' || sender_domain_str END, ?) > 0";
  const toSql = "instr(recipient_localpart || '@' || recipient_domain_str, ?) > 0";
  if (f.from && f.to) add(`(${fromSql} OR ${toSql})`, f.from, f.to);
  else if (f.from) add(fromSql, f.from);
  else if (f.to) add(toSql, f.to);
  if (!retired && f.hold !== undefined) add('hold = ?', f.hold ? 1 : 0);
  if (f.submitted) add(...timeBound('submitted', 'queued', f.submitted, now));
  if (!retired && f.nextAttempt) add(...timeBound('nextattempt', 'next_attempt', f.nextAttempt, now));
  if (retired && f.lastActivity) add(...timeBound('lastactivity', 'last_activity', f.lastActivity, now));
  if (retired && f.success !== undefined) add('success = ?', f.success ? 1 : 0);
  if (f.transport !== undefined) add('transport = ?', f.transport);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** ORDER BY and keyset condition for a sort. */
export function orderClause(column: string, s: { asc?: boolean; lastId?: number; last?: number }): { cond: string; params: SqlValue[]; order: string } {
  const dir = s.asc ? 'ASC' : 'DESC';
  const cmp = s.asc ? '>' : '<';
  if (s.lastId !== undefined && s.last !== undefined) {
    return { cond: `(${column} ${cmp} ? OR (${column} = ? AND id ${cmp} ?))`, params: [s.last, s.last, s.lastId], order: `ORDER BY ${column} ${dir}, id ${dir}` };
  }
  return { cond: '', params: [], order: `ORDER BY ${column} ${dir}, id ${dir}` };
}
