import { tryParseDomain } from '../dns/index.js';
import { headerBytesToString } from './charset.js';
import { decodeWords } from './words.js';
import { parseAddressList, envelopeAddresses } from './address.js';
import { parseDateTime, formatDateTime } from './date.js';
import type { Header } from './header.js';
import type { Envelope, EnvelopeAddress } from './types.js';

/** Header fields an envelope is built from (lower case). */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'date', 'subject', 'from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'in-reply-to', 'message-id',
]);

function addresses(v: Buffer | undefined): EnvelopeAddress[] {
  if (v === undefined || v.length === 0) return [];
  // Lenient: an entry that does not parse is skipped instead of dropping the whole list as mox does.
  return envelopeAddresses(parseAddressList(headerBytesToString(v), { lenient: true }));
}

/**
 * Builds an envelope from the first instance of each envelope field, as mox does: the date
 * re-formatted, the subject and display names RFC 2047-decoded, Message-ID and In-Reply-To as
 * sent. `get` returns the unfolded value bytes of the first field with a lower-case name.
 */
export function envelopeFromFields(get: (key: string) => Buffer | undefined): Envelope {
  const env: Envelope = { from: addresses(get('from')), sender: addresses(get('sender')), replyTo: addresses(get('reply-to')), to: addresses(get('to')), cc: addresses(get('cc')), bcc: addresses(get('bcc')) };
  const date = get('date');
  if (date !== undefined) {
    const dt = parseDateTime(headerBytesToString(date));
    if (dt) env.date = formatDateTime(dt);
  }
  const subject = get('subject');
  if (subject !== undefined && subject.length > 0) env.subject = decodeWords(headerBytesToString(subject));
  const irt = get('in-reply-to');
  if (irt !== undefined && irt.length > 0) env.inReplyTo = headerBytesToString(irt);
  const mid = get('message-id');
  if (mid !== undefined && mid.length > 0) env.messageId = headerBytesToString(mid);
  return env;
}

/** Builds the envelope of a parsed header (see {@link envelopeFromFields}). */
export function parseEnvelope(h: Header): Envelope {
  return envelopeFromFields((k) => h.value(k));
}

/**
 * Returns the envelope as IMAP sends it: an empty Sender or Reply-To is filled from From
 * (RFC 9051 §7.5.2; mox does this when writing ENVELOPE).
 */
export function envelopeWithDefaults(env: Envelope): Envelope {
  return {
    ...env,
    sender: env.sender.length > 0 ? env.sender : env.from,
    replyTo: env.replyTo.length > 0 ? env.replyTo : env.from,
  };
}

/**
 * The addresses of an envelope address list as display name and address, the domain in its
 * Unicode form when it has one; group markers (RFC 5322 §3.4 groups, RFC 9051 §7.5.2) are
 * left out.
 */
export function envelopeNamedAddresses(list: readonly EnvelopeAddress[] | undefined): { name: string; address: string }[] {
  const out: { name: string; address: string }[] = [];
  for (const a of list ?? []) {
    if (a.host === null || a.mailbox === null) continue;
    const d = tryParseDomain(a.host);
    out.push({ name: a.name ?? '', address: `${a.mailbox}@${d ? d.unicode || d.ascii : a.host}` });
  }
  return out;
}
