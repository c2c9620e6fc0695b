// Splitting a raw message into header fields for DKIM (RFC 6376 §3.4, RFC 5322 §2.2): each
// field keeps its exact bytes, folding included, as simple canonicalisation needs them.

import { DkimError } from './errors.js';

/** One header field as it appears in the message. */
export interface RawField {
  /** Field name as written (without trailing whitespace). */
  readonly name: string;
  /** Lower-case field name, for matching. */
  readonly lkey: string;
  /** The whole field: name, colon, value and folding, including the final CRLF. */
  readonly raw: Buffer;
}

/** The header fields of a message and where its body starts. */
export interface SplitMessage {
  readonly fields: RawField[];
  /** Offset of the body: just after the empty line; the message length when there is none. */
  readonly bodyOffset: number;
}

/**
 * Splits a message's header into fields. Lines end in CRLF or a bare LF. Throws a
 * {@link DkimError} for a line that is neither a field nor a continuation.
 */
export function splitHeader(msg: Buffer): SplitMessage {
  const fields: RawField[] = [];
  let start = -1;
  let i = 0;
  const finish = (end: number) => {
    if (start < 0) return;
    const raw = msg.subarray(start, end);
    const colon = raw.indexOf(0x3a);
    const name = raw.subarray(0, colon).toString('latin1').replace(/[ \t]+$/, '');
    fields.push({ name, lkey: name.toLowerCase(), raw });
    start = -1;
  };
  while (i < msg.length) {
    let nl = msg.indexOf(0x0a, i);
    const end = nl < 0 ? msg.length : nl + 1;
    const lineEnd = nl < 0 ? msg.length : nl > i && msg[nl - 1] === 0x0d ? nl - 1 : nl;
    if (lineEnd === i) {
      // Empty line: end of header (RFC 5322 §2.1).
      finish(i);
      return { fields, bodyOffset: end };
    }
    const c = msg[i];
    if (c === 0x20 || c === 0x09) {
      if (start < 0) throw new DkimError('header', 'continuation line without a header field');
    } else {
      finish(i);
      const colon = msg.indexOf(0x3a, i);
      if (colon < 0 || colon >= lineEnd) throw new DkimError('header', 'header line without colon');
      const name = msg.subarray(i, colon).toString('latin1').replace(/[ \t]+$/, '');
      if (name === '' || /[^\x21-\x7e]/.test(name)) throw new DkimError('header', `bad header field name ${JSON.stringify(name)}`);
      start = i;
    }
    if (nl < 0) nl = msg.length;
    i = end;
  }
  finish(msg.length);
  return { fields, bodyOffset: msg.length };
}
