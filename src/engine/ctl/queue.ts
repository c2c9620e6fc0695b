import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { QueueAdmin, type QueuedMsg } from '../../queue/index.js';
import type { Engine } from '../engine.js';
import { goDurationSeconds, goQuote, pathLogString, rfc3339 } from './format.js';
import { check, filterShape, parseId, readParams, scheduleDuration, sortShape, toFilter, toSort, writeList } from './wire.js';

/**
 * One line of `mox queue list`, as mox prints it:
 * `%5d <queued RFC 3339> from:<sender> to:<recipient> next <dur> last <dur> error "<last error>"`.
 * Durations are relative to `now`, rounded to seconds; "last" is empty before a first attempt.
 */
export function queueListLine(m: QueuedMsg, now: number): string {
  const last = m.lastAttempt === null ? '' : goDurationSeconds(now - m.lastAttempt);
  const from = pathLogString(m.senderLocalpart, m.senderDomain, m.senderDomainStr);
  const to = pathLogString(m.recipientLocalpart, m.recipientDomain, m.recipientDomainStr);
  const error = m.results.at(-1)?.error ?? '';
  return `${String(m.id).padStart(5)} ${rfc3339(m.queued)} from:${from} to:${to} next ${goDurationSeconds(m.nextAttempt - now)} last ${last} error ${goQuote(error)}`;
}

/**
 * The handlers for mox's queue commands on queued messages: queuelist, queueholdset,
 * queueschedule, queuetransport, queuerequiretls, queuefail, queuedrop and queuedump.
 * Parameter lines and replies as mox's ctl.go; counts are sent as a line after `ok`.
 */
export function queueHandlers(engine: Engine): Record<string, CtlHandler> {
  const admin = () => new QueueAdmin(engine.queue);

  // > filter json; > one parameter per name; < "ok" or error; < count.
  const countCommand = (what: string, params: number, run: (filter: ReturnType<typeof toFilter>, args: string[]) => Promise<number>): CtlHandler => {
    return async (conn) => {
      const [line, ...args] = await readParams(conn, 1 + params);
      const f = toFilter(conn.parseJson(line!, filterShape));
      const n = await check(what, () => run(f, args));
      await conn.ok();
      await conn.writeNumber(n);
    };
  };

  return {
    // > filter json; > sort json; < "ok"; < stream of text lines.
    queuelist: async (conn) => {
      const [fl, sl] = await readParams(conn, 2);
      const f = conn.parseJson(fl!, filterShape);
      const s = conn.parseJson(sl!, sortShape);
      const msgs = await check('listing queue', () => admin().list(toFilter(f), toSort(s)));
      const now = engine.clock.now();
      await writeList(conn, 'messages:', msgs.map((m) => queueListLine(m, now)));
    },

    // > filter json; > "true" or "false".
    queueholdset: countCommand('setting on hold status for messages', 1, (f, [hold]) => admin().holdSet(f, hold === 'true')),

    // > filter json; > "" (add to the next attempt) or anything else (relative to now);
    // > Go duration.
    queueschedule: async (conn) => {
      const [line, relnow, duration] = await readParams(conn, 3);
      const f = toFilter(conn.parseJson(line!, filterShape));
      const ms = scheduleDuration(duration!);
      const n = await check('setting next delivery attempts in queue', () =>
        relnow === '' ? admin().nextAttemptAdd(f, ms) : admin().nextAttemptSet(f, engine.clock.now() + ms),
      );
      await conn.ok();
      await conn.writeNumber(n);
    },

    // > filter json; > transport name ("" for the default).
    // Deviation (clarity): mox's error prefix here is "adding to next delivery attempts in
    // queue", copied from another command.
    queuetransport: countCommand('setting transport for messages in queue', 1, (f, [transport]) => admin().transportSet(f, transport!)),

    // > filter json; > "" (default policy), "true" (REQUIRETLS, RFC 8689 §2) or "false" (as
    // with the header "TLS-Required: No", RFC 8689 §3).
    queuerequiretls: async (conn) => {
      const [line, value] = await readParams(conn, 2);
      const req = value === '' ? null : value === 'true' ? true : value === 'false' ? false : undefined;
      if (req === undefined) throw new CtlError(`parsing value: unknown value ${goQuote(value!)}`);
      const f = toFilter(conn.parseJson(line!, filterShape));
      const n = await check('setting tls requirements on messages in queue', () => admin().requireTlsSet(f, req));
      await conn.ok();
      await conn.writeNumber(n);
    },

    // > filter json. Failed messages get a DSN; dropped ones do not.
    queuefail: countCommand('marking messages from queue as failed', 0, (f) => admin().fail(f)),
    queuedrop: countCommand('dropping messages from queue', 0, (f) => admin().drop(f)),

    // > id; < "ok" or error; < stream with the message as it would be sent.
    queuedump: async (conn) => {
      const [idText] = await readParams(conn, 1);
      const id = parseId(idText!);
      // mox: its database answers "absent" for an unknown id.
      if (!engine.queue.get(id)) throw new CtlError('opening message: absent');
      const data = await check('opening message', () => admin().dump(id));
      await conn.ok();
      await conn.writeStream(data);
    },
  };
}
