import { parseHeader } from './header.js';
import { messageBuffer } from './decode.js';
import type { Part } from './types.js';

/** A part found by {@link resolvePart}, with the buffer its offsets refer to. */
export interface ResolvedPart {
  part: Part;
  buf: Buffer;
}

/**
 * Follows an IMAP section part path (RFC 9051 §6.4.5: "1", "2.1", …; 1-based) from a
 * message. A message's parts are its multipart children, or, when it is not multipart, its
 * body alone as part 1 (also when that body is itself message/rfc822). A message/rfc822 part's
 * sub-parts are those of the message it holds. So for a top-level message/rfc822 message,
 * "1" is the whole embedded message and "1.1" the embedded message's body. Returns undefined
 * when the part does not exist.
 */
export function resolvePart(buf: Buffer, root: Part, path: readonly number[]): ResolvedPart | undefined {
  if (path.length === 0) return undefined;
  // The current node, and whether it stands for a message (whose parts are its children, or
  // its body) rather than a body part (whose sub-parts are those of an embedded message).
  let cur: ResolvedPart = { part: root, buf };
  let asMessage = true;
  for (const n of path) {
    if (!Number.isInteger(n) || n < 1) return undefined;
    if (!asMessage) {
      const inner = cur.part.message;
      if (inner) {
        cur = { part: inner, buf: messageBuffer(cur.buf, cur.part) };
        asMessage = true;
      } else if (cur.part.parts.length === 0) {
        return undefined;
      }
    }
    if (asMessage && cur.part.parts.length === 0) {
      // Not multipart: part 1 is the body, the same node seen as a body part.
      if (n !== 1) return undefined;
      asMessage = false;
      continue;
    }
    if (n > cur.part.parts.length) return undefined;
    cur = { part: cur.part.parts[n - 1]!, buf: cur.buf };
    asMessage = false;
  }
  return cur;
}

function headerSelect(buf: Buffer, part: Part, match: (key: string) => boolean, blankLine: boolean): Buffer {
  const h = parseHeader(buf, part.headerOffset, part.bodyOffset);
  const chunks = h.fields.filter((f) => match(f.key)).map((f) => f.raw);
  if (blankLine && h.terminated) {
    const b = part.bodyOffset;
    chunks.push(buf.subarray(b >= 2 && buf[b - 2] === 13 ? b - 2 : b - 1, b));
  }
  return Buffer.concat(chunks);
}

/**
 * Returns the header fields of a part whose names are in `names` (case-insensitive), or with
 * `not` all others, followed by the blank line that ends the header: IMAP
 * HEADER.FIELDS and HEADER.FIELDS.NOT (RFC 9051 §6.4.5). Fields keep their folding.
 */
export function headerFields(buf: Buffer, part: Part, names: readonly string[], not = false): Buffer {
  const set = new Set(names.map((n) => n.toLowerCase()));
  return headerSelect(buf, part, (k) => set.has(k) !== not, true);
}

/**
 * Returns a body part's header, for IMAP section "MIME" (RFC 9051 §6.4.5: the MIME header of
 * the part): every field, with the blank line that ends it. Deviation (Dovecot and imaptest
 * expect this; mox returns only the Content-* fields, without the blank line).
 */
export function mimeHeaderFields(buf: Buffer, part: Part): Buffer {
  return headerSelect(buf, part, () => true, true);
}

/** Returns the raw header of a part including the blank line (IMAP section "HEADER"). */
export function headerBytes(buf: Buffer, part: Part): Buffer {
  return buf.subarray(part.headerOffset, part.bodyOffset);
}
