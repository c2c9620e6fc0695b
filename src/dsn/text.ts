// The human-readable first part of a DSN (RFC 3464 §2, RFC 6522 §3). Same facts as mox's
// queue DSNs (recipient, whether more attempts follow, last error, full SMTP reply), own wording.
import { headerAddress, dateValue, cleanText } from './encode.js';
import type { Dsn, DsnAction, DsnRecipient } from './types.js';

const INTRO: Record<DsnAction, (n: number) => string> = {
  failed: (n) => `Your message could not be delivered to the following ${n === 1 ? 'recipient' : 'recipients'}:`,
  delayed: (n) => `Your message has not been delivered yet to the following ${n === 1 ? 'recipient' : 'recipients'}:`,
  delivered: (n) => `Your message has been delivered to the following ${n === 1 ? 'recipient' : 'recipients'}:`,
  relayed: (n) =>
    `Your message has been passed on to a system that may not report further on its delivery, for the following ${n === 1 ? 'recipient' : 'recipients'}:`,
  expanded: (n) =>
    `Your message has been delivered to the following ${n === 1 ? 'address' : 'addresses'}, and forwarded from there to further recipients:`,
};

const ORDER: readonly DsnAction[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];

/**
 * Writes the explanation for the first part of a DSN, with LF line endings. Per action it
 * lists the recipients and says what comes next: nothing more for a failure; for a delay,
 * until when delivery is retried and that another notice follows if it still fails. Then, per
 * recipient with an error, the last error and the full SMTP reply of the remote server,
 * every line of a multi-line reply kept.
 */
export function dsnText(d: Dsn, tzOffsetMinutes: number): string {
  const utf8 = d.smtputf8;
  const addr = (r: DsnRecipient): string => {
    try {
      return headerAddress(r.finalRecipient, utf8, 'recipient');
    } catch {
      return cleanText(r.finalRecipient, utf8);
    }
  };
  const out: string[] = [];
  for (const action of ORDER) {
    const rs = d.recipients.filter((r) => r.action === action);
    if (rs.length === 0) continue;
    out.push(INTRO[action](rs.length), '');
    for (const r of rs) out.push(`\t${addr(r)}`);
    out.push('');
    if (action === 'failed') {
      out.push('This is a permanent failure: no more delivery attempts will be made.', '');
    } else if (action === 'delayed') {
      const until = rs.map((r) => r.willRetryUntil).find((t) => t !== undefined);
      out.push(
        until !== undefined
          ? `Delivery will be retried until ${dateValue(until, tzOffsetMinutes)}.`
          : 'Delivery will be retried.',
        'If all remaining attempts fail, you will receive another notice.',
        '',
      );
    }
  }
  const withError = d.recipients.filter((r) => r.error || (r.diagnosticCode && r.diagnosticCode.length > 0));
  for (const r of withError) {
    const who = withError.length > 1 || d.recipients.length > 1 ? ` for ${addr(r)}` : '';
    if (r.error) {
      out.push(`The last delivery attempt${who} ended with this error:`, '', `\t${cleanText(r.error, true)}`, '');
    }
    const lines = (r.diagnosticCode ?? []).map((l) => cleanText(l, true).trim()).filter((l) => l !== '');
    if (lines.length > 0) {
      const from = r.remoteMta ? ` ${cleanText(r.remoteMta.name, true)}` : '';
      out.push(`The complete response of the remote mail server${from}${who} was:`, '');
      for (const l of lines) out.push(`\t${l}`);
      out.push('');
    }
  }
  return out.join('\n');
}
