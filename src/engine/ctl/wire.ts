import { parseDuration } from '../../config/index.js';
import { CtlError, type CtlServerConn, type JsonOf } from '../../ctl/index.js';
import { FilterError, type Filter, type RetiredFilter, type RetiredSort, type Sort } from '../../queue/index.js';

// The JSON lines mox's CLI sends for filters and sorts: Go's queue.Filter, queue.Sort,
// queue.RetiredFilter and queue.RetiredSort, field names as in Go (PascalCase). Pointer
// fields (Hold, Transport, Success) are null when not set.

/** mox's queue.Filter. */
export const filterShape = {
  object: {
    Max: 'integer',
    IDs: { array: 'integer' },
    Account: 'string',
    From: 'string',
    To: 'string',
    Hold: { nullable: 'boolean' },
    Submitted: 'string',
    NextAttempt: 'string',
    Transport: { nullable: 'string' },
  },
} as const;

/** mox's queue.Sort (and RetiredSort: same fields). */
export const sortShape = { object: { Field: 'string', LastID: 'integer', Last: 'unknown', Asc: 'boolean' } } as const;

/** mox's queue.RetiredFilter. */
export const retiredFilterShape = {
  object: {
    Max: 'integer',
    IDs: { array: 'integer' },
    Account: 'string',
    From: 'string',
    To: 'string',
    Submitted: 'string',
    LastActivity: 'string',
    Transport: { nullable: 'string' },
    Success: { nullable: 'boolean' },
  },
} as const;

/** A decoded filter line. */
export type WireFilter = JsonOf<typeof filterShape>;
/** A decoded sort line. */
export type WireSort = JsonOf<typeof sortShape>;
/** A decoded retired filter line. */
export type WireRetiredFilter = JsonOf<typeof retiredFilterShape>;

/** Our queue filter for mox's JSON filter. */
export function toFilter(w: WireFilter): Filter {
  return {
    max: w.Max || undefined,
    ids: w.IDs.length > 0 ? w.IDs : undefined,
    account: w.Account || undefined,
    from: w.From || undefined,
    to: w.To || undefined,
    hold: w.Hold ?? undefined,
    submitted: w.Submitted || undefined,
    nextAttempt: w.NextAttempt || undefined,
    transport: w.Transport ?? undefined,
  };
}

/** Our retired filter for mox's JSON retired filter. */
export function toRetiredFilter(w: WireRetiredFilter): RetiredFilter {
  return {
    max: w.Max || undefined,
    ids: w.IDs.length > 0 ? w.IDs : undefined,
    account: w.Account || undefined,
    from: w.From || undefined,
    to: w.To || undefined,
    submitted: w.Submitted || undefined,
    lastActivity: w.LastActivity || undefined,
    transport: w.Transport ?? undefined,
    success: w.Success ?? undefined,
  };
}

// Keyset pagination: with LastID set, Last is the sort field's value of that message, a time
// in RFC 3339 form (mox's Sort.apply).
function pagination(w: WireSort): { lastId?: number; last?: number } {
  if (w.LastID <= 0) return {};
  if (typeof w.Last !== 'string') throw new Error(`last should be string with time, not ${w.Last === null ? 'nil' : typeof w.Last}`);
  const t = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(w.Last) ? Date.parse(w.Last) : NaN;
  if (Number.isNaN(t)) throw new Error(`parsing last ${JSON.stringify(w.Last)} as time: not an RFC 3339 time`);
  return { lastId: w.LastID, last: t };
}

/** Our sort for mox's JSON sort of queued messages: Field "" or "NextAttempt", or "Queued". */
export function toSort(w: WireSort): Sort {
  let field: Sort['field'];
  if (w.Field === '' || w.Field === 'NextAttempt') field = 'nextAttempt';
  else if (w.Field === 'Queued') field = 'queued';
  else throw new Error(`unknown sort order field ${JSON.stringify(w.Field)}`);
  return { field, asc: w.Asc, ...pagination(w) };
}

/** Our sort for mox's JSON sort of retired messages: Field "" or "LastActivity", or "Queued". */
export function toRetiredSort(w: WireSort): RetiredSort {
  let field: RetiredSort['field'];
  if (w.Field === '' || w.Field === 'LastActivity') field = 'lastActivity';
  else if (w.Field === 'Queued') field = 'queued';
  else throw new Error(`unknown sort order field ${JSON.stringify(w.Field)}`);
  return { field, asc: w.Asc, ...pagination(w) };
}

// Our FilterError names the field; mox says "applying filter for <field>: …".
const filterFields: Record<string, string> = { submitted: 'submitted', nextattempt: 'next attempt', lastactivity: 'last activity' };

/** The text of an error as mox words it (filter errors get mox's "applying filter for" form). */
function errorText(err: unknown): string {
  if (err instanceof FilterError) {
    const m = /^(submitted|nextattempt|lastactivity): (.*)$/s.exec(err.message);
    if (m) return `applying filter for ${filterFields[m[1]!]}: ${m[2]!.replace(/: invalid duration/, ': time: invalid duration')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs `fn`; a failure becomes the command's error reply "<what>: <error>", as mox's
 * xcheck(err, what). Our own {@link CtlError}s pass unchanged.
 */
export async function check<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CtlError) throw err;
    throw new CtlError(`${what}: ${errorText(err)}`, { cause: err });
  }
}

/** Parses an id parameter as mox (strconv.ParseInt), failing with mox's "parsing id: …" text. */
export function parseId(s: string): number {
  const n = /^[+-]?[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n)) {
    const why = Number.isNaN(n) ? 'invalid syntax' : 'value out of range';
    throw new CtlError(`parsing id: strconv.ParseInt: parsing ${JSON.stringify(s)}: ${why}`);
  }
  return n;
}

/** Reads `n` parameter lines (all of them before anything can fail, as mox does). */
export async function readParams(conn: CtlServerConn, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await conn.readLine());
  return out;
}

/**
 * Answers "ok" and streams a list as mox prints one: the header line, one line per item, or
 * "(none)" when there are none; every line ends in a newline.
 */
export async function writeList(conn: CtlServerConn, header: string, lines: readonly string[]): Promise<void> {
  await conn.ok();
  await conn.writeStream([header, ...(lines.length > 0 ? lines : ['(none)'])].map((l) => `${l}\n`).join(''));
}

/** The Go duration of a schedule command, failing with mox's text. */
export function scheduleDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw new CtlError(`parsing duration for next delivery attempt: time: ${(err as Error).message}`);
  }
}
