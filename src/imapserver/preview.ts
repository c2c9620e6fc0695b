// Message previews for FETCH PREVIEW (RFC 8970): a short plain-text snippet of the first
// text/plain or text/html part with content, made the way mox makes them: quoted text and
// "On ... wrote:" lines become "[...]", a trailing signature is left out, at most 256
// characters, and FETCH sends at most 200 of them (RFC 8970 §3.3).
import { decodeCharset, decodeTransfer, type Part } from '../message/index.js';
import { htmlToText } from './html-text.js';
import type { MessageData } from './message-data.js';

/** Decoded text read from a text/plain part (mox: 100 KiB), and from a text/html part (1 MiB). */
const maxPlain = 100 * 1024;
const maxHtml = 1024 * 1024;

/** Characters a FETCH PREVIEW response carries at most (RFC 8970 §3.3: "no more than 256"; mox sends 200). */
export const previewFetchChars = 200;

/** Cuts `s` to at most `n` characters (code points, not UTF-16 units or bytes). */
function cutChars(s: string, n: number): string {
  let count = 0;
  let i = 0;
  for (const ch of s) {
    if (++count > n) return s.slice(0, i);
    i += ch.length;
  }
  return s;
}

function isSnipped(line: string): boolean {
  return line === '[...]' || line === '[…]' || line === '...';
}

/**
 * Turns a plain-text body into a preview line: quoted lines (">") and the "On <date>, <person>
 * wrote:" line above them become one "[...]", empty lines are dropped, a trailing signature
 * (a line of only dashes with at most four short lines below it) ends the text, and the result
 * stops after about 250 bytes and is cut at 256 characters. Lines end in "\n".
 */
export function previewFromText(text: string): string {
  const all = text.split('\n').map((l) => l.trim());
  if (all.length > 0 && text.endsWith('\n')) all.pop();
  let pos = 0;
  // Like mox, decisions look at most ten lines ahead.
  const window = () => all.slice(pos, pos + 10);
  const nextQuoted = (lines: string[], i: number): boolean => {
    if (i + 1 < lines.length && lines[i + 1] === '') i++;
    return i + 1 < lines.length && (lines[i + 1]!.startsWith('>') || isSnipped(lines[i + 1]!));
  };
  const atSignature = (lines: string[]): boolean => {
    const first = lines[0];
    if (first === undefined || !/^--+$/.test(first)) return false;
    const rest = lines.slice(1);
    while (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
    return rest.length < 5 && !rest.includes('');
  };
  let result = '';
  const snipped = () => result.endsWith('[...]\n') || result.endsWith('[…]');
  const snip = () => {
    if (!snipped()) result += '[...]\n';
  };

  // A reply that starts with a wrapped "On ... wrote:" line over two lines, then quoted text.
  let w = window();
  if (w.length > 3 && w[0]!.startsWith('On ') && !w[0]!.endsWith('wrote:') && w[1]!.endsWith(':') && nextQuoted(w, 1)) {
    result = '[...]\n';
    pos += 3;
  }
  for (w = window(); w.length > 0 && !atSignature(w); w = window()) {
    const line = w[0]!;
    pos++;
    if (line.startsWith('>')) {
      snip();
      continue;
    }
    if (line === '') continue;
    // "On <date>, <person> wrote:" above quoted text; digits required once there is text.
    if (line.endsWith(':') && (/[0-9]/.test(line) || result === '') && nextQuoted(w, 0)) {
      snip();
      continue;
    }
    if (!isSnipped(line) || !snipped()) result += `${line}\n`;
    if (Buffer.byteLength(result) > 250) break;
  }
  return cutChars(result, 256);
}

/** The decoded text of a part, read from the file only as far as needed. */
async function partString(md: MessageData, p: Part, max: number): Promise<string> {
  // Transfer encodings grow data by at most 4/3 (base64) or 3 (quoted-printable, rare in full).
  const end = Math.min(p.endOffset, p.bodyOffset + max * 3);
  const raw = await md.range(p.bodyOffset, end);
  const data = decodeTransfer(raw, p.contentTransferEncoding);
  return decodeCharset(data.subarray(0, max), p.params['charset']);
}

/**
 * The preview of a part (RFC 8970 §3.3): attachments have none; text/plain and text/html give
 * their text; otherwise the first child with a preview (of multipart/signed only the signed
 * part, never the signature; multipart/encrypted none). Embedded messages are not looked into.
 */
async function partPreview(md: MessageData, p: Part, depth: number): Promise<string> {
  if (p.disposition === 'attachment' || depth > 20) return '';
  const mt = `${p.mediaType}/${p.mediaSubType}`;
  if (mt === 'TEXT/PLAIN') return previewFromText(await partString(md, p, maxPlain));
  if (mt === 'TEXT/HTML') return previewFromText(htmlToText(await partString(md, p, maxHtml)));
  if (mt === 'MULTIPART/ENCRYPTED') return '';
  const parts = mt === 'MULTIPART/SIGNED' ? p.parts.slice(0, 1) : p.parts;
  for (const c of parts) {
    const s = await partPreview(md, c, depth + 1);
    if (s !== '') return s;
  }
  return '';
}

/** The PREVIEW of a message as FETCH sends it: at most 200 characters, trimmed (RFC 8970 §3.2, §3.3). */
export async function messagePreview(md: MessageData): Promise<string> {
  return cutChars(await partPreview(md, await md.part(), 0), previewFetchChars).trim();
}
