import type { IncomingMessage } from 'node:http';
import { parseContentType, parseMessage, partHeader } from '../message/index.js';
import { WebapiError } from './errors.js';

/** A file uploaded in a multipart/form-data request. */
export interface FormFile {
  /** Form field: alternativefile, inlinefile or attachedfile. */
  field: string;
  filename: string;
  /** The part's Content-Type header, "" when absent. */
  contentType: string;
  /** The part's Content-ID header, "" when absent. */
  contentId: string;
  data: Buffer;
}

/** A decoded request: the JSON text and any uploaded files. */
export interface FormRequest {
  request: string;
  files: FormFile[];
}

/** Go's net/http limit for url-encoded forms: bodies over 10 MiB are refused. */
export const maxFormBytes = 10 << 20;

/**
 * Reads a request body up to `limit` bytes. A larger body is read to its end and dropped
 * (so the client gets our answer instead of a reset), then refused with code `protocol`.
 */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size <= limit) chunks.push(c);
    else chunks.length = 0;
  }
  if (size > limit) throw new WebapiError('protocol', `parsing form: ${tooLarge}`);
  return Buffer.concat(chunks);
}

/**
 * Decodes a webapi request body by its Content-Type, as mox: form field "request" of an
 * application/x-www-form-urlencoded or multipart/form-data body. Other types give an empty
 * request (refused by the caller), except JSON.
 * Deviation (interop): an application/json body is taken as the request itself; mox accepts
 * only forms, and issue 6 asks for JSON bodies too.
 */
export function decodeForm(contentType: string | undefined, body: Buffer): FormRequest {
  const ct = (contentType ?? '').trim();
  // Go's mime.ParseMediaType: a token, "/", a token.
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*(;|$)/.test(ct)) {
    throw new WebapiError('protocol', `unknown content-type ${contentType ?? ''}`);
  }
  const parsed = parseContentType(ct);
  const type = `${parsed.mediaType}/${parsed.mediaSubType}`.toLowerCase();
  if (type === 'application/json') return { request: body.toString('utf8').trim(), files: [] };
  if (type === 'application/x-www-form-urlencoded') {
    return { request: new URLSearchParams(body.toString('utf8')).get('request') ?? '', files: [] };
  }
  if (type === 'multipart/form-data') return multipartForm(ct, parsed.params['boundary'] ?? '', body);
  return { request: '', files: [] };
}

// RFC 7578 §4: form-data parts, each with Content-Disposition: form-data; name=...; the file
// parts have a filename and their own Content-Type. We parse them as a MIME multipart.
function multipartForm(ct: string, boundary: string, body: Buffer): FormRequest {
  if (boundary === '') throw new WebapiError('protocol', 'parsing form: no multipart boundary param in Content-Type');
  const head = Buffer.from(`Content-Type: ${ct.replace(/[\r\n]/g, ' ')}\r\n\r\n`, 'latin1');
  const buf = Buffer.concat([head, body]);
  const top = parseMessage(buf);
  if (top.mediaType !== 'MULTIPART' || !buf.includes(`--${boundary}`)) {
    throw new WebapiError('protocol', 'parsing form: multipart: NextPart: EOF');
  }
  let request = '';
  const files: FormFile[] = [];
  for (const p of top.parts) {
    if (p.disposition !== 'form-data') continue;
    const name = p.dispositionParams?.['name'] ?? '';
    const data = buf.subarray(p.bodyOffset, p.endOffset);
    const filename = p.dispositionParams?.['filename'];
    if (filename === undefined) {
      if (name === 'request' && request === '') request = data.toString('utf8');
      continue;
    }
    if (!['alternativefile', 'inlinefile', 'attachedfile'].includes(name)) continue;
    const h = partHeader(buf, p);
    files.push({
      field: name,
      filename,
      contentType: h.text('Content-Type')?.trim() ?? '',
      contentId: h.text('Content-ID')?.trim() ?? '',
      data: Buffer.from(data),
    });
  }
  return { request, files };
}
