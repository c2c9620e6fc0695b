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
 * message, the way mox does: numbers index multipart children; on a message/rfc822 part the
 * remaining numbers apply to the embedded message; "1" of a non-multipart message is its body.
 * Returns undefined when the part does not exist.
 */
export function resolvePart(buf: Buffer, root: Part, path: readonly number[]): ResolvedPart | undefined {
  // RFC 9051 §6.4.5: a message that is not multipart has only part 1, its body.
  if (root.parts.length === 0 && !root.message && path.length === 1 && path[0] === 1) return { part: root, buf };
  let p = root;
  for (let i = 0; i < path.length; i++) {
    if (p.message) return resolvePart(messageBuffer(buf, p), p.message, path.slice(i));
    const n = path[i]!;
    if (!Number.isInteger(n) || n < 1 || n > p.parts.length) return undefined;
    p = p.parts[n - 1]!;
  }
  return { part: p, buf };
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
 * Returns the Content-* fields of a part's header, for IMAP section "MIME" (RFC 9051 §6.4.5).
 * As mox, without a blank line after them.
 */
export function mimeHeaderFields(buf: Buffer, part: Part): Buffer {
  return headerSelect(buf, part, (k) => k.startsWith('content-'), false);
}

/** Returns the raw header of a part including the blank line (IMAP section "HEADER"). */
export function headerBytes(buf: Buffer, part: Part): Buffer {
  return buf.subarray(part.headerOffset, part.bodyOffset);
}
