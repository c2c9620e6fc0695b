import { DurationError, parseDuration } from '../config/index.js';
import type { SqlValue } from '../store/index.js';
import type { HookFilter, HookRetiredFilter, HookSort } from './types.js';

/** A hook filter could not be applied (bad time expression); the message is mox's text. */
export class HookFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookFilterError';
  }
}

const fieldNames: Record<string, string> = { submitted: 'submitted', next_attempt: 'next attempt', last_activity: 'last activity' };

/** "<dur" (before now+dur) or ">dur" (after), "now" meaning 0; mox's texts on errors. */
function timeBound(column: string, s: string, now: number, retired: boolean): [string, SqlValue] {
  const what = `applying filter for ${fieldNames[column]}`;
  const op = s[0];
  if (op !== '<' && op !== '>') {
    // mox words this differently for queued and retired hooks.
    const need = retired ? 'must start with "<" for before or ">" for after a duration' : 'must start with "<" for less or ">" for greater than a duration ago';
    throw new HookFilterError(`${what}: ${need}`);
  }
  const rest = s.slice(1).trim();
  let t = now;
  if (rest !== 'now') {
    try {
      t = now + parseDuration(rest);
    } catch (e) {
      const msg = e instanceof DurationError ? `time: ${e.message}` : (e as Error).message;
      throw new HookFilterError(`${what}: parsing duration ${JSON.stringify(s)}: ${msg}`);
    }
  }
  return [`${column} ${op} ?`, t];
}

/** SQL WHERE clause and parameters for a filter on the hook or hook_retired table. */
export function hookWhere(f: HookFilter & HookRetiredFilter, now: number, retired: boolean): { sql: string; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, ...p: SqlValue[]) => {
    where.push(clause);
    params.push(...p);
  };
  if (f.ids && f.ids.length > 0) add(`id IN (${f.ids.map(() => '?').join(',')})`, ...f.ids);
  if (f.submitted) add(...timeBound('submitted', f.submitted, now, retired));
  if (!retired && f.nextAttempt) add(...timeBound('next_attempt', f.nextAttempt, now, retired));
  if (retired && f.lastActivity) add(...timeBound('last_activity', f.lastActivity, now, retired));
  if (f.account) add('account = ?', f.account);
  if (f.event === 'incoming') add('is_incoming = 1');
  else if (f.event) add('outgoing_event = ?', f.event);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** ORDER BY with a keyset condition (continue after lastId), as mox's HookSort. */
export function hookOrder(s: HookSort, retired: boolean): { cond: string; params: SqlValue[]; order: string } {
  const column = s.field === 'submitted' ? 'submitted' : retired ? 'last_activity' : 'next_attempt';
  const dir = s.asc ? 'ASC' : 'DESC';
  const cmp = s.asc ? '>' : '<';
  const order = `ORDER BY ${column} ${dir}, id ${dir}`;
  if (s.lastId !== undefined && s.lastId > 0 && s.last !== undefined) {
    return { cond: `(${column} ${cmp} ? OR (${column} = ? AND id ${cmp} ?))`, params: [s.last, s.last, s.lastId], order };
  }
  return { cond: '', params: [], order };
}
