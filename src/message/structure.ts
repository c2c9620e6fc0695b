import { dispositionFilename } from './readable.js';
import type { Part } from './types.js';

/** The MIME structure of a message part, in mox's JSON (webhook.Structure; also the webapi's). */
export interface Structure {
  /** Lower case, e.g. "text/plain". */
  ContentType: string;
  /** Lower-case keys, values as sent; {} when none. */
  ContentTypeParams: Record<string, string>;
  /** With angle brackets, or "". */
  ContentID: string;
  /** Lower case without parameters, e.g. "attachment"; "" when absent. */
  ContentDisposition: string;
  Filename: string;
  /** Size after removing the content-transfer-encoding (0 for a multipart). */
  DecodedSize: number;
  Parts: Structure[];
}

/**
 * The structure of a part as mox reports it in webhooks and the webapi: lower-case type,
 * parameters, Content-ID, disposition and file name (RFC 2183 §2.3, RFC 2231), decoded size
 * and the parts of a multipart. An embedded message (message/rfc822) has no Parts, as in mox.
 */
export function partStructure(p: Part): Structure {
  const { disposition, filename } = dispositionFilename(p);
  return {
    ContentType: `${p.mediaType}/${p.mediaSubType}`.toLowerCase(),
    ContentTypeParams: { ...p.params },
    ContentID: p.contentId ?? '',
    ContentDisposition: disposition.toLowerCase(),
    Filename: filename,
    DecodedSize: p.decodedSize,
    Parts: p.parts.map(partStructure),
  };
}
