import { CtlError, type CtlHandler, type JsonOf } from '../../ctl/index.js';
import type { Hook, HookEventName, HookFilter, HookResult, HookRetired, HookRetiredFilter, HookSort } from '../../webhook/index.js';
import type { Engine } from '../engine.js';
import { goDurationSeconds, goJsonIndent, goQuote, rfc3339 } from './format.js';
import { check, parseId, readParams, scheduleDuration, sortShape, writeList, type WireSort } from './wire.js';

/** mox's queue.HookFilter as its CLI sends it. */
export const hookFilterShape = {
  object: { Max: 'integer', IDs: { array: 'integer' }, Account: 'string', Submitted: 'string', NextAttempt: 'string', Event: 'string' },
} as const;

/** mox's queue.HookRetiredFilter. */
export const hookRetiredFilterShape = {
  object: { Max: 'integer', IDs: { array: 'integer' }, Account: 'string', Submitted: 'string', LastActivity: 'string', Event: 'string' },
} as const;

type WireHookFilter = JsonOf<typeof hookFilterShape>;
type WireHookRetiredFilter = JsonOf<typeof hookRetiredFilterShape>;

function toHookFilter(w: WireHookFilter): HookFilter {
  return {
    max: w.Max || undefined,
    ids: w.IDs.length > 0 ? w.IDs : undefined,
    account: w.Account || undefined,
    submitted: w.Submitted || undefined,
    nextAttempt: w.NextAttempt || undefined,
    event: (w.Event || undefined) as HookEventName | undefined,
  };
}

function toHookRetiredFilter(w: WireHookRetiredFilter): HookRetiredFilter {
  return {
    max: w.Max || undefined,
    ids: w.IDs.length > 0 ? w.IDs : undefined,
    account: w.Account || undefined,
    submitted: w.Submitted || undefined,
    lastActivity: w.LastActivity || undefined,
    event: (w.Event || undefined) as HookEventName | undefined,
  };
}

/**
 * Our sort for mox's HookSort/HookRetiredSort. Decision (localserve.md 5): "Queued", which
 * mox's CLI sends for `-sort queued`, works like "Submitted" (mox rejects it).
 */
function toHookSort(w: WireSort, retired: boolean): HookSort {
  const dflt = retired ? 'LastActivity' : 'NextAttempt';
  let field: HookSort['field'];
  if (w.Field === '' || w.Field === dflt) field = retired ? 'lastActivity' : 'nextAttempt';
  else if (w.Field === 'Submitted' || w.Field === 'Queued') field = 'submitted';
  else throw new Error(`unknown sort order field ${JSON.stringify(w.Field)}`);
  if (w.LastID <= 0) return { field, asc: w.Asc };
  if (typeof w.Last !== 'string') throw new Error(`last should be string with time, not ${w.Last === null ? 'nil' : typeof w.Last}`);
  const t = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(w.Last) ? Date.parse(w.Last) : NaN;
  if (Number.isNaN(t)) throw new Error(`parsing last ${JSON.stringify(w.Last)} as time: not an RFC 3339 time`);
  return { field, asc: w.Asc, lastId: w.LastID, last: t };
}

/**
 * One line of `mox queue webhook list`:
 * `%5d <submitted> account:<account> next <dur> last <dur> error "<last error>" url <url>`.
 */
export function hookListLine(h: Hook, now: number): string {
  const last = h.results.at(-1);
  const since = last ? goDurationSeconds(now - last.start) : '';
  return `${String(h.id).padStart(5)} ${rfc3339(h.submitted)} account:${h.account} next ${goDurationSeconds(h.nextAttempt - now)} last ${since} error ${goQuote(last?.error ?? '')} url ${h.url}`;
}

/** One line of `mox queue webhook retired list`, with success or failure after the time. */
export function hookRetiredListLine(h: HookRetired, now: number): string {
  const last = h.results.at(-1);
  const since = last ? goDurationSeconds(now - last.start) : '';
  return `${String(h.id).padStart(5)} ${rfc3339(h.submitted)} ${h.success ? 'success' : 'failure'} account:${h.account} last ${since} error ${goQuote(last?.error ?? '')} url ${h.url}`;
}

function resultJson(r: HookResult) {
  return {
    Start: rfc3339(r.start, true),
    Duration: Math.round(r.durationMs * 1e6), // Go's time.Duration: nanoseconds.
    URL: r.url,
    Success: r.success,
    Code: r.code,
    Error: r.error,
    Response: r.response,
  };
}

const orNull = <T extends object>(o: T): T | null => (Object.keys(o).length > 0 ? o : null);

/** The fields queue.Hook and queue.HookRetired share, in Go's order (up to Submitted). */
function hookCommonJson(h: Hook | HookRetired): Record<string, unknown> {
  return {
    ID: h.id,
    QueueMsgID: h.queueMsgId,
    FromID: h.fromId,
    MessageID: h.messageId,
    Subject: h.subject,
    Extra: orNull(h.extra),
    Account: h.account,
    URL: h.url,
    Authorization: h.authorization,
    IsIncoming: h.isIncoming,
    OutgoingEvent: h.outgoingEvent,
    Payload: h.payload,
    Submitted: rfc3339(h.submitted, true),
  };
}

const resultsJson = (results: HookResult[]) => (results.length > 0 ? results.map(resultJson) : null);

/** A queued hook as mox's JSON encoding of queue.Hook (Go field names and order). */
export function hookJson(h: Hook): Record<string, unknown> {
  return { ...hookCommonJson(h), Attempts: h.attempts, NextAttempt: rfc3339(h.nextAttempt, true), Results: resultsJson(h.results) };
}

/** A retired hook as mox's JSON encoding of queue.HookRetired. */
export function hookRetiredJson(h: HookRetired): Record<string, unknown> {
  return {
    ...hookCommonJson(h),
    SupersededByID: h.supersededById,
    Attempts: h.attempts,
    Results: resultsJson(h.results),
    Success: h.success,
    LastActivity: rfc3339(h.lastActivity, true),
    KeepUntil: rfc3339(h.keepUntil, true),
  };
}

/**
 * The handlers for mox's webhook queue commands (ctl.go): queuehooklist, queuehookschedule,
 * queuehookcancel, queuehookprint, queuehookretiredlist and queuehookretiredprint.
 */
export function webhookHandlers(engine: Engine): Record<string, CtlHandler> {
  const hooks = () => engine.queue.hooks;
  return {
    // > filter json; > sort json; < "ok"; < stream of text lines.
    queuehooklist: async (conn) => {
      const [fl, sl] = await readParams(conn, 2);
      const f = conn.parseJson(fl!, hookFilterShape);
      const s = conn.parseJson(sl!, sortShape);
      const list = await check('listing webhooks', () => hooks().list(toHookFilter(f), toHookSort(s, false)));
      const now = engine.clock.now();
      await writeList(conn, 'webhooks:', list.map((h) => hookListLine(h, now)));
    },

    // > filter json; > "" (add to the next attempt) or anything else (relative to now);
    // > Go duration; < "ok" or error; < count.
    queuehookschedule: async (conn) => {
      const [line, relnow, duration] = await readParams(conn, 3);
      const f = toHookFilter(conn.parseJson(line!, hookFilterShape));
      const ms = scheduleDuration(duration!);
      const n = await check('setting next delivery attempts in queue', () =>
        relnow === '' ? hooks().nextAttemptAdd(f, ms) : hooks().nextAttemptSet(f, engine.clock.now() + ms),
      );
      await conn.ok();
      await conn.writeNumber(n);
    },

    // > filter json; < "ok" or error; < count.
    queuehookcancel: async (conn) => {
      const [line] = await readParams(conn, 1);
      const f = toHookFilter(conn.parseJson(line!, hookFilterShape));
      const n = await check('canceling webhooks in queue', () => hooks().cancel(f));
      await conn.ok();
      await conn.writeNumber(n);
    },

    // > id; < "ok" or error; < stream with the hook's JSON, tab-indented.
    queuehookprint: async (conn) => {
      const [idText] = await readParams(conn, 1);
      const id = parseId(idText!);
      const h = await check('getting webhooks', () => hooks().store.get(id));
      if (!h) throw new CtlError('getting webhook: not found');
      await conn.ok();
      await conn.writeStream(goJsonIndent(hookJson(h)));
    },

    // > retired filter json; > sort json; < "ok"; < stream of text lines.
    queuehookretiredlist: async (conn) => {
      const [fl, sl] = await readParams(conn, 2);
      const f = conn.parseJson(fl!, hookRetiredFilterShape);
      const s = conn.parseJson(sl!, sortShape);
      const list = await check('listing retired webhooks', () => hooks().retiredList(toHookRetiredFilter(f), toHookSort(s, true)));
      const now = engine.clock.now();
      await writeList(conn, 'retired webhooks:', list.map((h) => hookRetiredListLine(h, now)));
    },

    // > id; < "ok" or error; < stream with the retired hook's JSON, tab-indented.
    queuehookretiredprint: async (conn) => {
      const [idText] = await readParams(conn, 1);
      const id = parseId(idText!);
      const h = await check('getting retired webhooks', () => hooks().store.retired(id));
      if (!h) throw new CtlError('getting retired webhook: not found');
      await conn.ok();
      await conn.writeStream(goJsonIndent(hookRetiredJson(h)));
    },
  };
}
