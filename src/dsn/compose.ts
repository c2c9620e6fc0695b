// Composing a DSN message: multipart/report (RFC 6522) with the human-readable text, the
// message/delivery-status part (RFC 3464 §2.1) and the returned headers or message.
import { randomBytes } from 'node:crypto';
import { hasNonAscii, toCRLF } from '../message/index.js';
import { DsnError } from './errors.js';
import {
  cleanText,
  commentText,
  dateValue,
  foldField,
  headerAddress,
  headerText,
  hostName,
  mtaValue,
  typedAddress,
} from './encode.js';
import { dsnText } from './text.js';
import type { ComposeOptions, Dsn, DsnAction, DsnRecipient } from './types.js';

/** Subject mox gives a failure DSN. */
export const SUBJECT_FAILED = 'mail delivery failed';
/** Subject mox gives a delay DSN. */
export const SUBJECT_DELAYED = 'mail delivery delayed';
/** Subject for DSNs that report neither failures nor delays (mox sends none of those). */
export const SUBJECT_OTHER = 'mail delivery status';

/**
 * Returns the Status code for a recipient as mox derives it: the class from the action (5
 * failed, 4 delayed, 2 otherwise) followed by the enhanced subcode "subject.detail" of the
 * SMTP error (RFC 3463 §2), or ".0.0" when there is none.
 */
export function dsnStatusCode(action: DsnAction, secode?: string): string {
  const cls = action === 'failed' ? '5' : action === 'delayed' ? '4' : '2';
  return `${cls}.${secode && /^\d{1,3}\.\d{1,3}$/.test(secode) ? secode : '0.0'}`;
}

/**
 * Generates a Message-ID (without angle brackets) as mox does: 16 random bytes in base64url,
 * "@" and our host name. `random` is for tests.
 */
export function newMessageId(hostname: string, random: (n: number) => Buffer = randomBytes): string {
  return `${random(16).toString('base64url')}@${hostname}`;
}

/**
 * Returns the lines mox puts before a DSN it stores in the sender's mailbox instead of
 * sending it: `Return-Path: <postmaster@hostname>` and `Delivered-To: <sender>`.
 */
export function dsnStorePrefix(hostname: string, sender: string, smtputf8: boolean): Buffer {
  const pm = headerAddress(`postmaster@${hostname}`, smtputf8, 'hostname');
  const to = headerAddress(sender, smtputf8, 'sender');
  return Buffer.from(`Return-Path: <${pm}>\r\nDelivered-To: ${to}\r\n`);
}

function defaultSubject(rs: readonly DsnRecipient[]): string {
  if (rs.some((r) => r.action === 'failed')) return SUBJECT_FAILED;
  if (rs.some((r) => r.action === 'delayed')) return SUBJECT_DELAYED;
  return SUBJECT_OTHER;
}

function statusCode(r: DsnRecipient, i: number): string {
  if (r.status === undefined) return dsnStatusCode(r.action);
  // RFC 3464 §2.3.4: class, subject and detail, without leading zeros.
  if (!/^[245]\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.test(r.status)) {
    throw new DsnError(`recipient ${i + 1}: invalid status code ${JSON.stringify(r.status)}`);
  }
  return r.status;
}

/** The message/delivery-status body (RFC 3464 §2.1, RFC 6533 §4.1 with utf8). */
function statusBody(d: Dsn, opts: ComposeOptions, utf8: boolean): string {
  const tz = opts.tzOffsetMinutes;
  let s = '';
  const f = (name: string, value: string): void => {
    s += foldField(name, value.trim());
  };
  // RFC 3464 §2.2: per-message fields.
  if (d.envelopeId !== undefined) f('Original-Envelope-Id', cleanText(d.envelopeId, utf8));
  f('Reporting-MTA', `dns; ${hostName(d.reportingMta ?? opts.hostname, false)}`);
  if (d.dsnGateway !== undefined) f('DSN-Gateway', `dns; ${hostName(d.dsnGateway, utf8)}`);
  if (d.receivedFromMta) f('Received-From-MTA', mtaValue(d.receivedFromMta, utf8));
  if (d.arrivalDate !== undefined) f('Arrival-Date', dateValue(d.arrivalDate, tz));
  // RFC 4865 §3 (mox adds it to its DSNs as an extension field).
  if (d.futureReleaseRequest) f('Future-Release-Request', cleanText(d.futureReleaseRequest, utf8));

  d.recipients.forEach((r, i) => {
    // RFC 3464 §2.3: each group is preceded by a blank line.
    s += '\r\n';
    const what = `recipient ${i + 1}`;
    if (r.originalRecipient) f('Original-Recipient', typedAddress(r.originalRecipient, utf8, `${what}: original recipient`));
    f('Final-Recipient', typedAddress(r.finalRecipient, utf8, `${what}: final recipient`));
    f('Action', r.action);
    let status = statusCode(r, i);
    // As mox: the error text as comment after the code (RFC 3464 §2.3.4 allows a comment).
    if (r.error) status += ` (${commentText(r.error, utf8).trim()})`;
    f('Status', status);
    if (r.remoteMta) f('Remote-MTA', mtaValue(r.remoteMta, utf8));
    const lines = (r.diagnosticCode ?? []).map((l) => cleanText(l, utf8).trim()).filter((l) => l !== '');
    if (lines.length > 0) {
      // RFC 3464 §2.3.6, RFC 3461 §9.2: the full SMTP reply. mox joins the lines with spaces;
      // we also start each reply line on its own continuation line, which unfolds the same.
      let value = 'smtp;';
      const breaks = new Set<number>();
      for (const [k, l] of lines.entries()) {
        if (k > 0) breaks.add(value.length);
        value += ' ' + l;
      }
      s += foldField('Diagnostic-Code', value, breaks);
    }
    if (r.lastAttemptDate !== undefined) f('Last-Attempt-Date', dateValue(r.lastAttemptDate, tz));
    if (r.finalLogId !== undefined) f('Final-Log-ID', cleanText(r.finalLogId, utf8));
    // RFC 3464 §2.3.9: only for delayed recipients.
    if (r.willRetryUntil !== undefined && r.action === 'delayed') f('Will-Retry-Until', dateValue(r.willRetryUntil, tz));
  });
  return s;
}

/** The header section of the original, without the blank line that ends it, CRLF line endings. */
function headerSection(b: Buffer): Buffer {
  let end = b.length;
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 0x0a) continue;
    const next = b[i + 1] === 0x0d ? i + 2 : i + 1;
    if (b[next] === 0x0a || next >= b.length) {
      end = i + 1;
      break;
    }
  }
  let h = toCRLF(b.subarray(0, end));
  if (h.length > 0 && h[h.length - 1] !== 0x0a) h = Buffer.concat([h, Buffer.from('\r\n')]);
  return h;
}

function base64Lines(b: Buffer): Buffer {
  const s = b.toString('base64');
  let out = '';
  // RFC 2045 §6.8: at most 76 characters per line.
  for (let i = 0; i < s.length; i += 76) out += s.slice(i, i + 76) + '\r\n';
  return Buffer.from(out);
}

interface MimePart {
  headers: string[];
  body: Buffer;
}

/** The optional third part: returned message or headers (RFC 3464 §2, RFC 6533 §4.2, RFC 6533 §4.3, RFC 6533 §4.5). */
function originalPart(d: Dsn, utf8: boolean): MimePart | undefined {
  if (d.originalMessage) {
    const body = d.originalMessage;
    const eight = hasNonAscii(body);
    return {
      headers: [`Content-Type: ${utf8 ? 'message/global' : 'message/rfc822'}`, `Content-Transfer-Encoding: ${eight ? '8BIT' : '7BIT'}`],
      body,
    };
  }
  if (!d.originalHeader) return undefined;
  const h = headerSection(d.originalHeader);
  if (utf8) return { headers: ['Content-Type: message/global-headers', 'Content-Transfer-Encoding: 8BIT'], body: h };
  if (hasNonAscii(h)) {
    // RFC 6533 §4.5: without SMTPUTF8 the UTF-8 headers go in a 7-bit encoding (as mox: base64).
    return { headers: ['Content-Type: text/rfc822-headers; charset=utf-8', 'Content-Transfer-Encoding: BASE64'], body: base64Lines(h) };
  }
  return { headers: ['Content-Type: text/rfc822-headers', 'Content-Transfer-Encoding: 7BIT'], body: h };
}

function checkMessageId(id: string): string {
  const bare = id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id;
  if (bare === '' || /[\s<>()]/.test(bare)) {
    throw new DsnError(`invalid message-id ${JSON.stringify(id)}`);
  }
  return bare;
}

// RFC 2046 §5.1.1: boundary characters, at most 70, not ending in a space.
const BOUNDARY_RE = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/**
 * Composes a DSN message as mox does for its queue (RFC 3464, RFC 6522, RFC 6533): outer
 * header (From postmaster, To the original sender, Subject, Message-Id, References, Date,
 * MIME-Version, multipart/report), the human-readable text, the delivery-status part, and the
 * original's header or whole message when given. Lines end in CRLF. Throws {@link DsnError}
 * for unusable input (no recipients, bad addresses, bad status code, bad boundary).
 */
export function composeDsn(d: Dsn, opts: ComposeOptions): Buffer {
  if (d.recipients.length === 0) throw new DsnError('a dsn needs at least one recipient (RFC 3464 §2.1)');
  const utf8 = d.smtputf8;
  const messageId = checkMessageId(opts.messageId);
  const from = headerAddress(d.from ?? `postmaster@${opts.hostname}`, utf8, 'from');
  const to = headerAddress(d.to, utf8, 'to');

  const text = toCRLF(Buffer.from(d.text ?? dsnText(d, opts.tzOffsetMinutes), 'utf8'));
  const textUtf8 = utf8 || hasNonAscii(text);
  const status = Buffer.from(statusBody(d, opts, utf8), 'utf8');
  const parts: MimePart[] = [
    {
      headers: textUtf8
        ? ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8BIT']
        : ['Content-Type: text/plain', 'Content-Transfer-Encoding: 7BIT'],
      body: text,
    },
    {
      // RFC 6533 §4.1: the global variant may hold UTF-8; RFC 3464 §2.1: 7bit otherwise.
      headers: utf8
        ? ['Content-Type: message/global-delivery-status', 'Content-Transfer-Encoding: 8BIT']
        : ['Content-Type: message/delivery-status', 'Content-Transfer-Encoding: 7BIT'],
      body: status,
    },
  ];
  const orig = originalPart(d, utf8);
  if (orig) parts.push(orig);

  let boundary = opts.boundary;
  if (boundary !== undefined) {
    if (!BOUNDARY_RE.test(boundary)) throw new DsnError(`invalid mime boundary ${JSON.stringify(boundary)}`);
    const delim = Buffer.from('--' + boundary);
    if (parts.some((p) => p.body.includes(delim))) throw new DsnError('mime boundary occurs in the content');
  } else {
    do boundary = randomBytes(24).toString('hex');
    while (parts.some((p) => p.body.includes(Buffer.from('--' + boundary))));
  }

  let head = '';
  head += `From: <${from}>\r\n`;
  head += `To: <${to}>\r\n`;
  head += foldField('Subject', headerText(d.subject ?? defaultSubject(d.recipients), utf8).trim());
  head += `Message-Id: <${messageId}>\r\n`;
  if (d.references) head += foldField('References', cleanText(d.references, utf8).trim());
  head += `Date: ${dateValue(opts.now, opts.tzOffsetMinutes)}\r\n`;
  head += 'MIME-Version: 1.0\r\n';
  head += `Content-Type: multipart/report; report-type="delivery-status"; boundary="${boundary}"\r\n`;
  head += '\r\n';

  const chunks: Buffer[] = [Buffer.from(head)];
  parts.forEach((p, i) => {
    // RFC 2046 §5.1.1: the CRLF before a delimiter belongs to the delimiter.
    chunks.push(Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\n${p.headers.join('\r\n')}\r\n\r\n`), p.body);
  });
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
