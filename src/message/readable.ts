import { isAscii } from 'node:buffer';
import { decodeCharset } from './charset.js';
import { decodedBody } from './decode.js';
import { decodeWords } from './words.js';
import type { Part } from './types.js';

/** Returns the decoded body of a part as a string in its charset (RFC 2046 §4.1.2), optionally cut at maxBytes of UTF-8. */
export function partText(buf: Buffer, part: Part, maxBytes?: number): string {
  const s = decodeCharset(decodedBody(buf, part), part.params['charset']);
  if (maxBytes === undefined || s.length * 3 <= maxBytes) return s;
  const u = Buffer.from(s, 'utf8');
  return u.length <= maxBytes ? s : u.subarray(0, maxBytes).toString('utf8');
}

// Unlike mox, parts with "Content-Disposition: attachment" are skipped: with mox a
// text/plain attachment next to a multipart/alternative (as nodemailer builds) became the text.
function isText(p: Part): boolean {
  return p.mediaType === 'TEXT' && p.mediaSubType === 'PLAIN' && p.disposition !== 'attachment';
}

function isHTML(p: Part): boolean {
  return p.mediaType === 'TEXT' && p.mediaSubType === 'HTML' && p.disposition !== 'attachment';
}

/** The readable content of a message: its first text/plain and text/html bodies. */
export interface ReadableText {
  text?: string;
  html?: string;
}

/**
 * Finds the first text/plain and text/html bodies the way mox does for webhooks and the
 * webapi: a text part at the top; otherwise among the children, taking both only inside
 * multipart/alternative (including its multipart/related children), and else descending into
 * child multiparts. Embedded messages and attachments are not used. Lines end in CRLF; `maxBytes` cuts each text (mox's limit).
 */
export function readableText(buf: Buffer, part: Part, opts: { maxBytes?: number } = {}): ReadableText {
  const max = opts.maxBytes;
  if (isText(part)) return { text: partText(buf, part, max) };
  if (isHTML(part)) return { html: partText(buf, part, max) };
  const out: ReadableText = {};
  if (part.mediaType === 'MULTIPART' && part.mediaSubType === 'ALTERNATIVE') {
    // Unlike mox, which stops at the direct children and so misses the html inside a
    // multipart/related alternative (an html body with inline images).
    for (const pp of part.parts) {
      if (isText(pp)) out.text ??= partText(buf, pp, max);
      else if (isHTML(pp)) out.html ??= partText(buf, pp, max);
      else if (pp.mediaType === 'MULTIPART') {
        const r = readableText(buf, pp, opts);
        out.text ??= r.text;
        out.html ??= r.html;
      }
    }
    if (out.text === undefined) delete out.text;
    if (out.html === undefined) delete out.html;
    return out;
  }
  for (const pp of part.parts) {
    if (isText(pp)) return { text: partText(buf, pp, max) };
    if (isHTML(pp)) return { html: partText(buf, pp, max) };
  }
  for (const pp of part.parts) {
    const r = readableText(buf, pp, opts);
    if (r.text !== undefined || r.html !== undefined) return r;
  }
  return out;
}

/** Result of {@link dispositionFilename}. */
export interface DispositionFilename {
  /** Disposition type in lower case ("attachment", "inline"), "" when absent. */
  disposition: string;
  /** File name, "" when none. */
  filename: string;
  /** Set when the name was RFC 2047-encoded (common, but not allowed in parameters: RFC 2047 §5). */
  problem?: string;
}

/**
 * Returns a part's disposition and file name as mox does: the Content-Disposition "filename"
 * parameter, else the Content-Type "name" parameter (both RFC 2231-decoded already), with
 * RFC 2047 encoded words decoded when the value starts with "=?" or ends with "?=".
 */
export function dispositionFilename(part: Part): DispositionFilename {
  const r: DispositionFilename = { disposition: part.disposition ?? '', filename: '' };
  const raw = part.dispositionParams?.['filename'] || part.params['name'] || '';
  if (raw.startsWith('=?') || raw.endsWith('?=')) {
    r.filename = decodeWords(raw);
    r.problem = 'file name is RFC 2047-encoded instead of RFC 2231-encoded';
  } else {
    r.filename = raw;
  }
  return r;
}

/**
 * Reports whether the part is a delivery status notification (RFC 3464 §2): multipart/report
 * whose second part is message/delivery-status or message/global-delivery-status (RFC 6533).
 */
export function isDSN(part: Part): boolean {
  const second = part.parts[1];
  return (
    part.mediaType === 'MULTIPART' &&
    part.mediaSubType === 'REPORT' &&
    second !== undefined &&
    second.mediaType === 'MESSAGE' &&
    (second.mediaSubType === 'DELIVERY-STATUS' || second.mediaSubType === 'GLOBAL-DELIVERY-STATUS')
  );
}

/**
 * Reports whether the headers of the part or its descendant parts hold non-ASCII bytes, so
 * the message needs SMTPUTF8 (RFC 6531 §3.4) for transport. Embedded messages are not
 * looked into, as in mox.
 */
export function needsSmtputf8(buf: Buffer, part: Part): boolean {
  if (!isAscii(buf.subarray(part.headerOffset, part.bodyOffset))) return true;
  return part.parts.some((p) => needsSmtputf8(buf, p));
}

/** Reports whether buf holds bytes ≥ 0x80 (then it needs 8BITMIME, RFC 6152, or SMTPUTF8). */
export function hasNonAscii(buf: Buffer): boolean {
  return !isAscii(buf);
}
