// The bytes of BODY[section] and BINARY[part] (RFC 9051 §6.4.5, RFC 3516 §4.2).
import type { Partial, Section } from '../imap/index.js';
import {
  decodeTransfer,
  headerBytes,
  headerFields,
  messageBuffer,
  mimeHeaderFields,
  rawBody,
  resolvePart,
  type Part,
} from '../message/index.js';
import type { MessageData } from './message-data.js';
import { no } from './responses.js';

/** Whether a section needs only the top-level header (read without the body). */
function headerOnly(sec: Section): boolean {
  return sec.part.length === 0 && (sec.text === 'HEADER' || sec.text === 'HEADER.FIELDS' || sec.text === 'HEADER.FIELDS.NOT');
}

function msgtext(buf: Buffer, p: Part, sec: Section): Buffer {
  switch (sec.text) {
    case 'HEADER':
      return headerBytes(buf, p);
    case 'HEADER.FIELDS':
      return headerFields(buf, p, sec.fields ?? []);
    case 'HEADER.FIELDS.NOT':
      return headerFields(buf, p, sec.fields ?? [], true);
    default:
      return rawBody(buf, p);
  }
}

/**
 * The bytes of a BODY section, or null when the part does not exist or is not a message
 * where HEADER/TEXT need one (the response is then NIL).
 */
export async function sectionBytes(md: MessageData, sec: Section): Promise<Buffer | null> {
  const root = await md.part();
  if (headerOnly(sec)) return msgtext(await md.header(), root, sec);
  const buf = await md.all();
  if (sec.part.length === 0) return sec.text === undefined ? buf : msgtext(buf, root, sec);
  const r = resolvePart(buf, root, sec.part);
  if (!r) return null;
  if (sec.text === undefined) return rawBody(r.buf, r.part);
  if (sec.text === 'MIME') return mimeHeaderFields(r.buf, r.part);
  // RFC 9051 §6.4.5: HEADER and TEXT after a part number apply to an embedded message.
  if (!r.part.message) return null;
  return msgtext(messageBuffer(r.buf, r.part), r.part.message, sec);
}

function headerWithoutCte(buf: Buffer, p: Part): Buffer {
  return headerFields(buf, p, ['content-transfer-encoding'], true);
}

/**
 * The bytes of BINARY[part]: the part's body with its content-transfer-encoding removed and
 * otherwise unchanged (RFC 3516 §4.2); for a message/rfc822 part the embedded message, for a
 * multipart its raw body. For the whole message: the header without Content-Transfer-Encoding
 * and the decoded body, as mox does. Null when the part does not exist.
 */
export async function binaryBytes(md: MessageData, part: readonly number[]): Promise<Buffer | null> {
  const root = await md.part();
  const buf = await md.all();
  if (part.length === 0) return Buffer.concat([headerWithoutCte(buf, root), binaryBody(buf, root)]);
  const r = resolvePart(buf, root, part);
  if (!r) return null;
  knownCte(r.part);
  return binaryBody(r.buf, r.part);
}

/** BINARY.SIZE[part] (RFC 3516 §4.3): the size of what BINARY[part] returns. */
export async function binarySize(md: MessageData, part: readonly number[]): Promise<number | null> {
  return (await binaryBytes(md, part))?.length ?? null;
}

/**
 * Deviation (Dovecot and imaptest; RFC 3516 does not convert line endings): decoded bytes as
 * they are, where mox turns bare LF in text parts into CRLF.
 */
function binaryBody(buf: Buffer, p: Part): Buffer {
  const raw = rawBody(buf, p);
  return p.mediaType === 'MULTIPART' ? raw : decodeTransfer(raw, p.contentTransferEncoding);
}

function knownCte(p: Part): void {
  // RFC 3516 §4.2: an encoding the server cannot decode gives NO [UNKNOWN-CTE].
  const cte = (p.contentTransferEncoding ?? '7BIT').toUpperCase();
  if (!['7BIT', '8BIT', 'BINARY', 'BASE64', 'QUOTED-PRINTABLE'].includes(cte)) {
    throw no(`unknown Content-Transfer-Encoding ${JSON.stringify(cte)}`, 'UNKNOWN-CTE');
  }
}

/** Applies a partial "<offset.count>" (RFC 9051 §6.4.5): an offset past the end gives "". */
export function applyPartial(data: Buffer, partial: Partial | undefined): Buffer {
  if (!partial) return data;
  if (partial.offset >= data.length) return Buffer.alloc(0);
  return data.subarray(partial.offset, partial.offset + partial.count);
}
