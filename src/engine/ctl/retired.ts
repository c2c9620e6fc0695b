import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { tryParseDomain } from '../../dns/index.js';
import { QueueAdmin, type MsgResult, type RetiredMsg } from '../../queue/index.js';
import type { Engine } from '../engine.js';
import { goDurationSeconds, goJsonIndent, goQuote, pathLogString, rfc3339 } from './format.js';
import { check, parseId, readParams, retiredFilterShape, sortShape, toRetiredFilter, toRetiredSort, writeList } from './wire.js';

/**
 * One line of `mox queue retired list`:
 * `%5d <queued RFC 3339> success|failure from:<sender> to:<recipient> last <dur> error "<last error>"`.
 */
export function retiredListLine(m: RetiredMsg, now: number): string {
  const last = m.lastAttempt === null ? '' : goDurationSeconds(now - m.lastAttempt);
  // Deviation (mox bug): mox's MsgRetired.Sender() takes the recipient's localpart; we show
  // the sender.
  const from = pathLogString(m.senderLocalpart, tryParseDomain(m.senderDomainStr)?.ascii ?? '', m.senderDomainStr);
  const to = pathLogString(m.recipientLocalpart, m.recipientDomain, m.recipientDomainStr);
  const error = m.results.at(-1)?.error ?? '';
  return `${String(m.id).padStart(5)} ${rfc3339(m.queued)} ${m.success ? 'success' : 'failure'} from:${from} to:${to} last ${last} error ${goQuote(error)}`;
}

function resultJson(r: MsgResult) {
  return {
    Start: rfc3339(r.start, true),
    Duration: Math.round(r.durationMs * 1e6), // Go's time.Duration: nanoseconds.
    Success: r.success,
    Code: r.code,
    Secode: r.secode,
    Error: r.error,
  };
}

// Go's dns.IPDomain: an IP address (text, "" when none) or a domain {ASCII, Unicode}.
function ipDomainJson(ascii: string, str: string) {
  const ip = /^\[(?:IPv6:)?(.*)\]$/i.exec(str || ascii);
  if (ip) return { IP: ip[1]!, Domain: { ASCII: '', Unicode: '' } };
  return { IP: '', Domain: { ASCII: ascii, Unicode: str && str !== ascii ? str : '' } };
}

/**
 * A retired message as mox's JSON encoding of queue.MsgRetired (Go field names and order;
 * times in RFC 3339 with fraction, durations in nanoseconds, empty maps and lists as null).
 */
export function retiredJson(m: RetiredMsg): Record<string, unknown> {
  const nonEmpty = <T extends object>(o: T): T | null => (Object.keys(o).length > 0 ? o : null);
  return {
    ID: m.id,
    BaseID: m.baseId,
    Queued: rfc3339(m.queued, true),
    SenderAccount: m.senderAccount,
    SenderLocalpart: m.senderLocalpart,
    SenderDomainStr: m.senderDomainStr,
    FromID: m.fromId,
    RecipientLocalpart: m.recipientLocalpart,
    RecipientDomain: ipDomainJson(m.recipientDomain, m.recipientDomainStr),
    RecipientDomainStr: m.recipientDomainStr,
    Attempts: m.attempts,
    MaxAttempts: m.maxAttempts,
    DialedIPs: nonEmpty(m.dialedIps),
    LastAttempt: m.lastAttempt === null ? null : rfc3339(m.lastAttempt, true),
    Results: m.results.length > 0 ? m.results.map(resultJson) : null,
    Has8bit: m.has8bit,
    SMTPUTF8: m.smtputf8,
    IsDMARCReport: m.isDmarcReport,
    IsTLSReport: m.isTlsReport,
    Size: m.size,
    MessageID: m.messageId,
    Subject: m.subject,
    Transport: m.transport,
    RequireTLS: m.requireTls,
    FutureReleaseRequest: m.futureReleaseRequest,
    Extra: nonEmpty(m.extra),
    LastActivity: rfc3339(m.lastActivity, true),
    RecipientAddress: m.recipientAddress,
    Success: m.success,
    KeepUntil: rfc3339(m.keepUntil, true),
  };
}

/** The handlers for queueretiredlist and queueretiredprint (mox's ctl.go). */
export function retiredHandlers(engine: Engine): Record<string, CtlHandler> {
  const admin = () => new QueueAdmin(engine.queue);
  return {
    // > retired filter json; > retired sort json; < "ok"; < stream of text lines.
    queueretiredlist: async (conn) => {
      const [fl, sl] = await readParams(conn, 2);
      const f = conn.parseJson(fl!, retiredFilterShape);
      const s = conn.parseJson(sl!, sortShape);
      const msgs = await check('listing retired queue', () => admin().retiredList(toRetiredFilter(f), toRetiredSort(s)));
      const now = engine.clock.now();
      await writeList(conn, 'retired messages:', msgs.map((m) => retiredListLine(m, now)));
    },

    // > id; < "ok" or error; < stream with the message's JSON, tab-indented.
    queueretiredprint: async (conn) => {
      const [idText] = await readParams(conn, 1);
      const id = parseId(idText!);
      const m = await check('getting retired messages', () => admin().retired(id));
      if (!m) throw new CtlError('getting retired message: not found');
      await conn.ok();
      await conn.writeStream(goJsonIndent(retiredJson(m)));
    },
  };
}
