// Parsing DSN messages (RFC 3464 §2, RFC 6522 §3, RFC 6533 §4) and their delivery-status part.
import {
  parseMessage,
  parseHeader,
  partHeader,
  partText,
  decodedBody,
  parseDateTime,
  headerBytesToString,
  MessageError,
  type Part,
} from '../message/index.js';
import { DsnError } from './errors.js';
import {
  parseActionField,
  parseAddressField,
  parseDateField,
  parseDiagnosticField,
  parseMtaField,
  parseStatusField,
} from './values.js';
import type { DeliveryStatus, DsnField, ParsedDsn, ParsedDsnRecipient } from './types.js';

const LF = 0x0a;

/** Line number (1-based) of a byte offset. */
function lineOf(b: Buffer, offset: number): number {
  let n = 1;
  for (let p = b.indexOf(LF); p >= 0 && p < offset; p = b.indexOf(LF, p + 1)) n++;
  return n;
}

/** Whether the line at pos holds only white space; returns the offset after it, or -1. */
function blankLineEnd(b: Buffer, pos: number): number {
  let i = pos;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0d)) i++;
  if (i < b.length && b[i] === LF) return i + 1;
  return i >= b.length ? b.length : -1;
}

/** One group of fields with where it started, for error messages. */
interface Group {
  fields: DsnField[];
  line: number;
}

/**
 * Splits a delivery-status body into groups of fields separated by blank lines (RFC 3464
 * §2.1), with continuation lines joined (RFC 3464 §2.1.1). Lines may end in CRLF or LF.
 */
function splitGroups(body: Buffer): Group[] {
  // The last line of a part may lack a line ending (RFC 2046 §5.1.1: the CRLF before the
  // boundary belongs to the boundary); the header scanner wants one.
  let b = body.length > 0 && body[body.length - 1] !== LF ? Buffer.concat([body, Buffer.from('\r\n')]) : body;
  // Deviation (interop): a line of only white space separates groups, as a blank line does,
  // instead of continuing the field before it (RFC 5322 §4.2 obs-FWS).
  if (/^[ \t]+\r?$/m.test(b.toString('latin1'))) b = Buffer.from(b.toString('latin1').replace(/^[ \t]+(\r?)$/gm, '$1'), 'latin1');
  const groups: Group[] = [];
  let pos = 0;
  while (pos < b.length) {
    const e = blankLineEnd(b, pos);
    if (e >= 0) {
      pos = e;
      continue;
    }
    let h;
    try {
      h = parseHeader(b, pos, b.length, { strict: true });
    } catch (err) {
      if (err instanceof MessageError) {
        throw new DsnError(`delivery-status line ${lineOf(b, err.offset)}: ${err.message}`, { cause: err });
      }
      throw err;
    }
    // RFC 6533 §4.1 allows UTF-8 only in the global variant; we read it in both (bytes that are
    // not UTF-8 as Latin-1), as some MTAs put localized text in plain delivery-status parts.
    const fields = h.fields.map((f) => ({ name: f.name, value: headerBytesToString(f.value) }));
    groups.push({ fields, line: lineOf(b, pos) });
    if (h.bodyOffset <= pos) break;
    pos = h.bodyOffset;
  }
  return groups;
}

/** Calls `fn` per field with the lower-case name; rejects repeated known fields (RFC 3464 §2.2). */
function eachField(g: Group, where: string, known: ReadonlySet<string>, fn: (key: string, value: string, what: string) => void): void {
  const seen = new Set<string>();
  for (const f of g.fields) {
    const key = f.name.toLowerCase();
    if (known.has(key)) {
      if (seen.has(key)) throw new DsnError(`${where}: field ${JSON.stringify(f.name)} appears more than once`);
      seen.add(key);
    }
    fn(key, f.value, `${where}: field ${JSON.stringify(f.name)}`);
  }
}

const MESSAGE_FIELDS: ReadonlySet<string> = new Set([
  'original-envelope-id',
  'reporting-mta',
  'dsn-gateway',
  'received-from-mta',
  'arrival-date',
  'future-release-request',
]);

const RECIPIENT_FIELDS: ReadonlySet<string> = new Set([
  'original-recipient',
  'final-recipient',
  'action',
  'status',
  'remote-mta',
  'diagnostic-code',
  'last-attempt-date',
  'final-log-id',
  'will-retry-until',
]);

function parseRecipient(g: Group, n: number): ParsedDsnRecipient {
  const where = `per-recipient group ${n} (line ${g.line})`;
  const r: Partial<ParsedDsnRecipient> = { fields: g.fields };
  eachField(g, where, RECIPIENT_FIELDS, (key, v, what) => {
    switch (key) {
      case 'original-recipient':
        r.originalRecipient = parseAddressField(v, what);
        break;
      case 'final-recipient':
        r.finalRecipient = parseAddressField(v, what);
        break;
      case 'action':
        r.action = parseActionField(v, what);
        break;
      case 'status':
        r.status = parseStatusField(v, what);
        break;
      case 'remote-mta':
        r.remoteMta = parseMtaField(v, what);
        break;
      case 'diagnostic-code':
        r.diagnosticCode = parseDiagnosticField(v, what);
        break;
      case 'last-attempt-date':
        r.lastAttemptDate = parseDateField(v, what);
        break;
      case 'final-log-id':
        r.finalLogId = v.trim();
        break;
      case 'will-retry-until':
        r.willRetryUntil = parseDateField(v, what);
        break;
    }
  });
  // RFC 3464 §2.3: Final-Recipient, Action and Status are required.
  const missing = [
    r.finalRecipient ? '' : 'Final-Recipient',
    r.action ? '' : 'Action',
    r.status ? '' : 'Status',
  ].filter((x) => x !== '');
  if (missing.length > 0) throw new DsnError(`${where}: missing required ${missing.length > 1 ? 'fields' : 'field'} ${missing.join(', ')}`);
  return r as ParsedDsnRecipient;
}

/**
 * Parses the body of a message/delivery-status part, or of message/global-delivery-status
 * with `utf8` (RFC 3464 §2.1, RFC 3464 §2.2, RFC 3464 §2.3, RFC 6533 §4.1): the per-message fields, then one group
 * of per-recipient fields per recipient. Field names are case-insensitive; continuation
 * lines and comments are handled; extension fields are kept in `fields`. Throws
 * {@link DsnError} saying which group and field is wrong.
 */
export function parseDeliveryStatus(body: Buffer, utf8: boolean): DeliveryStatus {
  const groups = splitGroups(body);
  const first = groups[0];
  if (!first) throw new DsnError('delivery-status part is empty');
  const where = `per-message fields (line ${first.line})`;
  const ds: Partial<DeliveryStatus> & { utf8: boolean } = { utf8, fields: first.fields };
  eachField(first, where, MESSAGE_FIELDS, (key, v, what) => {
    switch (key) {
      case 'original-envelope-id':
        ds.originalEnvelopeId = v.trim();
        break;
      case 'reporting-mta':
        ds.reportingMta = parseMtaField(v, what);
        break;
      case 'dsn-gateway':
        ds.dsnGateway = parseMtaField(v, what);
        break;
      case 'received-from-mta':
        ds.receivedFromMta = parseMtaField(v, what);
        break;
      case 'arrival-date':
        ds.arrivalDate = parseDateField(v, what);
        break;
      case 'future-release-request':
        ds.futureReleaseRequest = v.trim();
        break;
      case 'final-recipient':
      case 'action':
        // A common generator bug: no blank line between the two kinds of fields.
        throw new DsnError(`${what}: per-recipient field among the per-message fields; a blank line must separate them (RFC 3464 §2.1)`);
    }
  });
  // RFC 3464 §2.2.2: Reporting-MTA is required.
  if (!ds.reportingMta) throw new DsnError(`${where}: missing required field Reporting-MTA`);
  if (groups.length < 2) throw new DsnError('delivery-status part has no per-recipient fields (RFC 3464 §2.1)');
  ds.recipients = groups.slice(1).map((g, i) => parseRecipient(g, i + 1));
  return ds as DeliveryStatus;
}

function typeOf(p: Part): string {
  return `${p.mediaType}/${p.mediaSubType}`.toLowerCase();
}

// RFC 3464 §2 (d), RFC 6533 §4.4: the media types of the optional third part.
const ORIGINAL_TYPES: ReadonlySet<string> = new Set(['text/rfc822-headers', 'message/global-headers', 'message/rfc822', 'message/global']);

/** The address of a single-address header, "localpart@domain", or undefined. */
function singleAddress(list: readonly { mailbox: string | null; host: string | null }[]): string | undefined {
  if (list.length !== 1 || !list[0]!.mailbox || !list[0]!.host) return undefined;
  return `${list[0]!.mailbox}@${list[0]!.host}`;
}

/**
 * Parses a DSN message (RFC 3464 §2, RFC 6522 §3): a multipart/report with 2 or 3 parts whose
 * second part is message/delivery-status or message/global-delivery-status (RFC 6533 §4.4:
 * plain and global types may be mixed); the optional third part must be returned headers or
 * a returned message. Throws {@link DsnError} for anything else, with a message saying what.
 * Deviation (interop): mox requires a text/plain first part; we take any type (some MTAs
 * send multipart/alternative) and only read `text` from text/plain.
 */
export function parseDsn(buf: Buffer): ParsedDsn {
  let root: Part;
  try {
    root = parseMessage(buf);
  } catch (err) {
    throw new DsnError(`parsing message: ${(err as Error).message}`, { cause: err });
  }
  if (typeOf(root) !== 'multipart/report') {
    throw new DsnError(`message has content-type ${JSON.stringify(typeOf(root))}, a dsn is "multipart/report" (RFC 3464 §2)`);
  }
  const n = root.parts.length;
  if (n !== 2 && n !== 3) throw new DsnError(`multipart/report has ${n} parts, a dsn has 2 or 3 (RFC 6522 §3)`);
  const p0 = root.parts[0]!;
  const p1 = root.parts[1]!;
  const t1 = typeOf(p1);
  if (t1 !== 'message/delivery-status' && t1 !== 'message/global-delivery-status') {
    throw new DsnError(`second part has content-type ${JSON.stringify(t1)}, expected "message/delivery-status" or "message/global-delivery-status"`);
  }
  const status = parseDeliveryStatus(decodedBody(buf, p1), t1 === 'message/global-delivery-status');

  const header = partHeader(buf, root);
  const env = root.envelope;
  const out: ParsedDsn = { part: root, status };
  const from = env ? singleAddress(env.from) : undefined;
  if (from) out.from = from;
  const to = env ? singleAddress(env.to) : undefined;
  if (to) out.to = to;
  if (env?.subject !== undefined) out.subject = env.subject;
  if (env?.messageId !== undefined) out.messageId = env.messageId;
  const refs = header.text('References');
  if (refs !== undefined) out.references = refs.trim();
  const date = header.text('Date');
  const dt = date === undefined ? undefined : parseDateTime(date);
  if (dt) out.date = dt.ms;
  const rt = root.params['report-type'];
  if (rt !== undefined) out.reportType = rt.toLowerCase();
  if (typeOf(p0) === 'text/plain') out.text = partText(buf, p0);

  if (n === 3) {
    const p2 = root.parts[2]!;
    const t2 = typeOf(p2);
    if (!ORIGINAL_TYPES.has(t2)) {
      throw new DsnError(`third part has content-type ${JSON.stringify(t2)}, expected returned headers or message (text/rfc822-headers, message/global-headers, message/rfc822, message/global)`);
    }
    out.original = { contentType: t2, data: decodedBody(buf, p2) };
  }
  return out;
}
