import { MessageError } from './errors.js';
import { headerBytesToString } from './charset.js';
import { scanHeader, unfoldValue, parseHeader, type Header } from './header.js';
import { parseContentType, parseDisposition } from './params.js';
import { ENVELOPE_FIELDS, envelopeFromFields } from './envelope.js';
import {
  checkBase64Strict,
  checkLinesStrict,
  checkQuotedPrintableStrict,
  decodedLength,
  decodeTransfer,
  isEncodingCTE,
} from './decode.js';
import type { ParseOptions, Part } from './types.js';

const LF = 10;
const CR = 13;

/**
 * Deepest nesting of multiparts and embedded messages we descend into. mox has no limit (Go
 * stacks grow); we cap so hostile input cannot exhaust the stack. Deeper multipart and
 * message parts become APPLICATION/OCTET-STREAM leaves (strict mode: "tooDeep").
 */
export const MAX_DEPTH = 100;

interface Ctx {
  buf: Buffer;
  strict: boolean;
}

interface Field {
  value: Buffer;
  offset: number;
}

/**
 * Parses a message into its MIME tree (RFC 2045, RFC 2046) in one pass over the buffer:
 * header fields are located without copying, multipart bodies are split on their delimiter
 * lines (RFC 2046 §5.1.1) with a native byte search, and only the Content-* and envelope
 * fields are decoded. Lines may end in CRLF or bare LF.
 *
 * Without `strict`, this never throws: malformed input yields a best-effort tree (a missing
 * final boundary ends the multipart at its end; a multipart without usable boundary becomes
 * APPLICATION/OCTET-STREAM). With `strict`, problems mox's pedantic mode rejects throw a
 * {@link MessageError}.
 */
export function parseMessage(buf: Buffer, opts: ParseOptions = {}): Part {
  const ctx: Ctx = { buf, strict: opts.strict ?? false };
  if (ctx.strict) checkLinesStrict(buf, 0, buf.length);
  return parseEntity(ctx, 0, buf.length, buf.length, -1, false, true, 0);
}

/** Parses the header of a part (for HEADER fetches, DSN composition, header checks). */
export function partHeader(buf: Buffer, part: Part): Header {
  return parseHeader(buf, part.headerOffset, part.bodyOffset);
}

/**
 * Cheap pre-filter on a field name's length and first letter, so most other fields (Received,
 * DKIM-Signature, X-…) are skipped without making a string.
 */
function maybeWanted(buf: Buffer, ns: number, ne: number, isMessage: boolean): boolean {
  const len = ne - ns;
  const first = buf[ns]! | 0x20;
  if (first === 0x63 && len > 8 && len < 32) return true; // content-*
  if (!isMessage) return false;
  switch (len) {
    case 2: // to, cc
      return first === 0x74 || first === 0x63;
    case 3: // bcc
      return first === 0x62;
    case 4: // date, from
      return first === 0x64 || first === 0x66;
    case 6: // sender
      return first === 0x73;
    case 7: // subject
      return first === 0x73;
    case 8: // reply-to
      return first === 0x72;
    case 10: // message-id
      return first === 0x6d;
    case 11: // in-reply-to
      return first === 0x69;
    default:
      return false;
  }
}

function text(f: Field | undefined): string | undefined {
  return f === undefined ? undefined : headerBytesToString(f.value);
}

/**
 * Parses one entity: header in buf[start, headerLimit), body up to bodyEnd. `isMessage`
 * marks a top-level or embedded message (gets an envelope); `inDigest` switches the default
 * type to message/rfc822 (RFC 2046 §5.1.5).
 */
function parseEntity(
  c: Ctx,
  start: number,
  headerLimit: number,
  bodyEnd: number,
  boundaryOffset: number,
  inDigest: boolean,
  isMessage: boolean,
  depth: number,
): Part {
  const { buf } = c;
  const fields = new Map<string, Field>();
  const scan = scanHeader(buf, start, headerLimit, c.strict, (ns, ne, vs, fe) => {
    // Only Content-* and (for messages) envelope fields are kept, first instance wins.
    if (!maybeWanted(buf, ns, ne, isMessage)) return;
    const k = buf.toString('latin1', ns, ne).toLowerCase();
    if (fields.has(k)) return;
    if (k.startsWith('content-') || (isMessage && ENVELOPE_FIELDS.has(k))) fields.set(k, { value: unfoldValue(buf, vs, fe), offset: ns });
  });
  const bodyOffset = scan.bodyOffset;
  const part: Part = {
    boundaryOffset,
    headerOffset: start,
    bodyOffset,
    endOffset: Math.max(bodyOffset, bodyEnd),
    lines: 0,
    decodedSize: 0,
    mediaType: 'TEXT',
    mediaSubType: 'PLAIN',
    params: {},
    parts: [],
  };

  const ct = fields.get('content-type');
  if (ct === undefined || ct.value.length === 0) {
    // RFC 2045 §5.2 default, or message/rfc822 inside multipart/digest (RFC 2046 §5.1.5).
    if (inDigest) {
      part.mediaType = 'MESSAGE';
      part.mediaSubType = 'RFC822';
    } else {
      part.params = { charset: 'us-ascii' };
    }
  } else {
    const s = headerBytesToString(ct.value);
    try {
      const t = parseContentType(s, c.strict);
      part.mediaType = t.mediaType;
      part.mediaSubType = t.mediaSubType;
      part.params = t.params;
    } catch (e) {
      throw new MessageError('badContentType', `bad content-type ${JSON.stringify(s)}: ${(e as Error).message}`, ct.offset);
    }
  }
  const cte = text(fields.get('content-transfer-encoding'));
  if (cte !== undefined) part.contentTransferEncoding = cte.toUpperCase();
  const cid = text(fields.get('content-id'));
  if (cid !== undefined) part.contentId = cid;
  const desc = text(fields.get('content-description'));
  if (desc !== undefined) part.contentDescription = desc;
  const disp = text(fields.get('content-disposition'));
  if (disp !== undefined) {
    const d = parseDisposition(disp);
    if (d) {
      part.disposition = d.value;
      part.dispositionParams = d.params;
    }
  }
  const lang = text(fields.get('content-language'));
  if (lang !== undefined) part.contentLanguage = lang;
  const loc = text(fields.get('content-location'));
  if (loc !== undefined) part.contentLocation = loc;
  const md5 = text(fields.get('content-md5'));
  if (md5 !== undefined) part.contentMD5 = md5;
  if (isMessage) part.envelope = envelopeFromFields((k) => fields.get(k)?.value);

  if (part.mediaType === 'MULTIPART') {
    if (depth >= MAX_DEPTH) tooDeep(c, part);
    else parseMultipart(c, part, depth);
  } else if (part.mediaType === 'MESSAGE' && (part.mediaSubType === 'RFC822' || part.mediaSubType === 'GLOBAL')) {
    if (depth >= MAX_DEPTH) tooDeep(c, part);
    else parseEmbedded(c, part, depth);
  } else {
    leaf(c, part);
  }
  return part;
}

function tooDeep(c: Ctx, part: Part): void {
  if (c.strict) throw new MessageError('tooDeep', `parts nested deeper than ${MAX_DEPTH} levels`, part.headerOffset);
  asOctetStream(c, part);
}

/** Turns a part we cannot descend into into a leaf, as mox's fallback does. */
function asOctetStream(c: Ctx, part: Part): void {
  part.mediaType = 'APPLICATION';
  part.mediaSubType = 'OCTET-STREAM';
  part.parts = [];
  delete part.message;
  leaf(c, part);
}

/** Sets line count and decoded size of a leaf body; strict mode checks the transfer encoding. */
function leaf(c: Ctx, part: Part): void {
  const { buf } = c;
  const s = part.bodyOffset;
  const e = part.endOffset;
  let lines = 0;
  let bareLF = 0;
  let p = s;
  for (let q = buf.indexOf(LF, s); q >= 0 && q < e; q = buf.indexOf(LF, q + 1)) {
    lines++;
    if (q === 0 || buf[q - 1] !== CR) bareLF++;
    p = q + 1;
  }
  if (p < e) lines++;
  part.lines = lines;
  const cte = part.contentTransferEncoding;
  const isText = part.mediaType === 'TEXT';
  if (c.strict && cte === 'BASE64') {
    const n = checkBase64Strict(buf, s, e);
    part.decodedSize = isText ? decodedLength(buf, s, e, cte, true, bareLF) : n;
    return;
  }
  if (c.strict && cte === 'QUOTED-PRINTABLE') checkQuotedPrintableStrict(buf, s, e);
  part.decodedSize = decodedLength(buf, s, e, cte, isText, bareLF);
}

/** Parses the message inside a message/rfc822 or message/global part (RFC 2046 §5.2.1, RFC 6532 §3.5). */
function parseEmbedded(c: Ctx, part: Part, depth: number): void {
  leaf(c, part);
  if (isEncodingCTE(part.contentTransferEncoding)) {
    // Offsets of the embedded message then point into the decoded body, see messageBuffer().
    const mbuf = decodeTransfer(c.buf.subarray(part.bodyOffset, part.endOffset), part.contentTransferEncoding);
    const sub: Ctx = { buf: mbuf, strict: c.strict };
    if (c.strict) checkLinesStrict(mbuf, 0, mbuf.length);
    part.message = parseEntity(sub, 0, mbuf.length, mbuf.length, -1, false, true, depth + 1);
  } else {
    part.message = parseEntity(c, part.bodyOffset, part.endOffset, part.endOffset, -1, false, true, depth + 1);
  }
}

interface Delim {
  /** Start of the delimiter line. */
  at: number;
  /** Start of the line after it. */
  next: number;
  close: boolean;
  /** Whether the delimiter line ended in a line ending. */
  eol: boolean;
}

/** Length of the line ending just before `at` (0 when at is not after a line ending). */
function eolBefore(buf: Buffer, at: number, min: number): number {
  if (at - 1 < min || buf[at - 1] !== LF) return 0;
  return at - 2 >= min && buf[at - 2] === CR ? 2 : 1;
}

/**
 * Finds the delimiter lines of a multipart body in buf[s, e) (RFC 2046 §5.1.1): "--" boundary
 * at the start of a line, followed by white space, a line ending, the end, or "--" for the
 * close delimiter. Like mox, other text after the boundary does not match (some software uses
 * the outer boundary plus a suffix for nested parts). Stops after the close delimiter.
 */
function findDelimiters(buf: Buffer, s: number, e: number, boundary: string): Delim[] {
  const delim = Buffer.from(`--${boundary}`, 'utf8');
  const hay = buf.subarray(0, e); // bounds the native search at e
  const out: Delim[] = [];
  let pos = s;
  for (;;) {
    const at = hay.indexOf(delim, pos);
    if (at < 0) return out;
    pos = at + 1;
    if (at !== s && buf[at - 1] !== LF) continue;
    const j = at + delim.length;
    let close = false;
    if (j < e) {
      const ch = buf[j];
      if (ch === 0x2d && j + 1 < e && buf[j + 1] === 0x2d) close = true;
      else if (ch !== 0x20 && ch !== 0x09 && ch !== CR && ch !== LF) continue;
    }
    const nl = hay.indexOf(LF, j);
    const next = nl < 0 ? e : nl + 1;
    out.push({ at, next, close, eol: nl >= 0 });
    if (close) return out;
    pos = next;
  }
}

function parseMultipart(c: Ctx, part: Part, depth: number): void {
  const { buf } = c;
  const boundary = part.params['boundary'];
  if (!boundary) {
    if (c.strict) throw new MessageError('missingBoundaryParam', 'multipart without boundary parameter', part.headerOffset);
    asOctetStream(c, part);
    return;
  }
  const s = part.bodyOffset;
  const e = part.endOffset;
  const delims = findDelimiters(buf, s, e, boundary);
  if (delims.length === 0 || delims[0]!.close) {
    if (c.strict) {
      if (delims.length === 0) throw new MessageError('firstBoundaryMissing', 'multipart without delimiter line', s);
      throw new MessageError('firstBoundaryCloses', 'first boundary in multipart is a close delimiter', delims[0]!.at);
    }
    asOctetStream(c, part);
    return;
  }
  const inDigest = part.mediaSubType === 'DIGEST';
  for (let k = 0; k < delims.length; k++) {
    const d = delims[k]!;
    if (d.close) break;
    if (c.strict && !d.eol) throw new MessageError('unexpectedEOF', 'delimiter line without line ending', d.at);
    const nextD = delims[k + 1];
    // RFC 2046 §5.1.1: the line ending before a delimiter belongs to the delimiter.
    const headerLimit = nextD ? nextD.at : e;
    const bodyEnd = nextD ? nextD.at - eolBefore(buf, nextD.at, d.next) : e;
    part.parts.push(parseEntity(c, d.next, headerLimit, bodyEnd, d.at, inDigest, false, depth + 1));
  }
  if (c.strict && !delims[delims.length - 1]!.close) throw new MessageError('missingClosingBoundary', 'multipart without close delimiter', e);
}
