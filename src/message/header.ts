import { MessageError } from './errors.js';
import { headerBytesToString } from './charset.js';
import { decodeWords } from './words.js';

const LF = 10;
const CR = 13;
const SP = 32;
const HT = 9;
const COLON = 58;

/** One header field as it appears in the message. */
export interface HeaderField {
  /** Field name as written (ASCII), e.g. "Subject". */
  name: string;
  /** Field name in lower case, for lookups. */
  key: string;
  /** Offset of the field's first byte in the buffer. */
  offset: number;
  /** The complete field: name, colon, value, folding and the final line ending. A view, not a copy. */
  raw: Buffer;
  /** The value unfolded (RFC 5322 §2.2.3), without the leading and trailing white space. */
  value: Buffer;
}

/** Called by {@link scanHeader} per field: offsets of the name, the value and the field end. */
export type FieldVisitor = (nameStart: number, nameEnd: number, valueStart: number, end: number) => void;

/** Result of {@link scanHeader}. */
export interface HeaderScan {
  /** Where the body starts: after the blank line, or `limit` when there is none. */
  bodyOffset: number;
  /** Whether a blank line ended the header. */
  terminated: boolean;
}

function isWsp(c: number | undefined): boolean {
  return c === SP || c === HT;
}

/**
 * Walks the header fields in buf[start, limit) without allocating per field. Lines end in
 * CRLF or a bare LF; a field continues on lines starting with white space (RFC 5322 §2.2.3,
 * obs-FWS §4.2 included). The header ends at the first empty line.
 *
 * Strict mode throws {@link MessageError} "header" for lines without a colon, white space
 * before the colon (RFC 5322 §4.5 obs syntax, which Go's parser rejects), invalid name
 * characters and a continuation line before any field; "unexpectedEOF" for a header ending
 * in a line without line ending. Otherwise such lines are skipped, except that a first line
 * that is not a field is taken as the start of the body (a message without header).
 */
export function scanHeader(buf: Buffer, start: number, limit: number, strict: boolean, visit: FieldVisitor): HeaderScan {
  let pos = start;
  let fStart = -1;
  let fNameEnd = 0;
  let fValue = 0;
  let fEnd = 0;
  let seenField = false;
  while (pos < limit) {
    let nl = buf.indexOf(LF, pos);
    let next: number;
    let lineEnd: number;
    if (nl < 0 || nl >= limit) {
      nl = -1;
      next = limit;
      lineEnd = limit;
    } else {
      next = nl + 1;
      lineEnd = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
    }
    if (lineEnd === pos && nl >= 0) {
      if (fStart >= 0) visit(fStart, fNameEnd, fValue, fEnd);
      return { bodyOffset: next, terminated: true };
    }
    if (strict && nl < 0) throw new MessageError('unexpectedEOF', 'header line without line ending at end of data', pos);
    const c = buf[pos];
    if (isWsp(c)) {
      if (fStart >= 0) fEnd = next;
      else if (strict) throw new MessageError('header', 'header starts with a continuation line', pos);
      pos = next;
      continue;
    }
    if (fStart >= 0) visit(fStart, fNameEnd, fValue, fEnd);
    fStart = -1;
    let colon = buf.indexOf(COLON, pos);
    if (colon >= lineEnd) colon = -1;
    let nameEnd = colon;
    while (nameEnd > pos && isWsp(buf[nameEnd - 1])) nameEnd--;
    let ok = colon > pos && nameEnd > pos;
    if (ok && strict && nameEnd !== colon) throw new MessageError('header', 'white space before colon in header field', pos);
    for (let i = pos; ok && i < nameEnd; i++) {
      const b = buf[i]!;
      // RFC 5322 §3.6.8: ftext is printable US-ASCII except colon.
      if (b < 33 || b > 126) ok = false;
    }
    if (!ok) {
      if (strict) throw new MessageError('header', 'malformed header line', pos);
      if (!seenField && pos === start) return { bodyOffset: pos, terminated: false };
      pos = next;
      continue;
    }
    seenField = true;
    fStart = pos;
    fNameEnd = nameEnd;
    fValue = colon + 1;
    fEnd = next;
    pos = next;
  }
  if (fStart >= 0) visit(fStart, fNameEnd, fValue, fEnd);
  return { bodyOffset: limit, terminated: false };
}

/**
 * Returns the unfolded value of a field whose value starts at `valueStart` and whose raw
 * bytes end at `end`: line endings inside the field are removed (RFC 5322 §2.2.3) and leading
 * and trailing white space trimmed. A view into buf when the field is one line.
 */
export function unfoldValue(buf: Buffer, valueStart: number, end: number): Buffer {
  let s = valueStart;
  let e = end;
  while (e > s && (buf[e - 1] === LF || buf[e - 1] === CR || isWsp(buf[e - 1]))) e--;
  while (s < e && isWsp(buf[s])) s++;
  let nl = buf.indexOf(LF, s);
  if (nl < 0 || nl >= e) return buf.subarray(s, e);
  const chunks: Buffer[] = [];
  let p = s;
  while (nl >= 0 && nl < e) {
    chunks.push(buf.subarray(p, nl > p && buf[nl - 1] === CR ? nl - 1 : nl));
    p = nl + 1;
    nl = buf.indexOf(LF, p);
  }
  chunks.push(buf.subarray(p, e));
  return Buffer.concat(chunks);
}

/** A parsed header: the fields in order, with case-insensitive lookups. */
export class Header {
  constructor(
    /** Fields in message order, duplicates included. */
    readonly fields: readonly HeaderField[],
    /** Offset where the header starts. */
    readonly offset: number,
    /** Offset where the body starts (after the blank line). */
    readonly bodyOffset: number,
    /** Whether a blank line ended the header (false for a message without body separator). */
    readonly terminated: boolean,
  ) {}

  /** Returns the first field with this name (case-insensitive). */
  get(name: string): HeaderField | undefined {
    const k = name.toLowerCase();
    return this.fields.find((f) => f.key === k);
  }

  /** Returns all fields with this name (case-insensitive), in message order. */
  getAll(name: string): HeaderField[] {
    const k = name.toLowerCase();
    return this.fields.filter((f) => f.key === k);
  }

  /** Reports whether a field with this name is present. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Returns the unfolded value bytes of the first field with this name. */
  value(name: string): Buffer | undefined {
    return this.get(name)?.value;
  }

  /** Returns the first value as a string (UTF-8 per RFC 6532, else Latin-1), without RFC 2047 decoding. */
  text(name: string): string | undefined {
    const v = this.get(name)?.value;
    return v === undefined ? undefined : headerBytesToString(v);
  }

  /** Returns the first value as a string with RFC 2047 encoded words decoded (for unstructured fields like Subject). */
  decoded(name: string): string | undefined {
    const t = this.text(name);
    return t === undefined ? undefined : decodeWords(t);
  }
}

/**
 * Parses the header at buf[start, end) into fields. The header ends at the first empty line
 * (CRLF or bare LF) or at `end`. See {@link scanHeader} for the handling of malformed lines
 * and what strict mode reports.
 */
export function parseHeader(buf: Buffer, start = 0, end = buf.length, opts: { strict?: boolean } = {}): Header {
  const fields: HeaderField[] = [];
  const r = scanHeader(buf, start, end, opts.strict ?? false, (ns, ne, vs, fe) => {
    const name = buf.toString('latin1', ns, ne);
    fields.push({ name, key: name.toLowerCase(), offset: ns, raw: buf.subarray(ns, fe), value: unfoldValue(buf, vs, fe) });
  });
  return new Header(fields, start, r.bodyOffset, r.terminated);
}
