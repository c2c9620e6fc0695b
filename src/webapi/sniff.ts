// Content type detection for files without a type, a subset of the WHATWG MIME sniffing
// algorithm as Go's http.DetectContentType implements it (mox uses that for uploads).

const signatures: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], 'image/gif'],
  [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'image/gif'],
  [[0x42, 0x4d], 'image/bmp'],
  [[0x00, 0x00, 0x01, 0x00], 'image/x-icon'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'application/pdf'],
  [[0x25, 0x21, 0x50, 0x53, 0x2d, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x2d], 'application/postscript'],
  [[0x1f, 0x8b, 0x08], 'application/x-gzip'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00], 'application/x-rar-compressed'],
  [[0x4f, 0x67, 0x67, 0x53, 0x00], 'application/ogg'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'video/webm'],
  [[0x49, 0x44, 0x33], 'audio/mpeg'],
];

const htmlStarts = ['<!DOCTYPE HTML', '<HTML', '<HEAD', '<SCRIPT', '<IFRAME', '<H1', '<DIV', '<FONT', '<TABLE', '<A', '<STYLE', '<TITLE', '<B', '<BODY', '<BR', '<P', '<!--'];

function startsWith(b: Buffer, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((c, i) => b[i] === c);
}

/** Whether bytes are binary by the sniffing rules (control bytes other than whitespace). */
function isBinary(b: Buffer): boolean {
  for (const c of b) {
    if (c <= 0x08 || c === 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)) return true;
  }
  return false;
}

/**
 * Guesses a media type from the first 512 bytes of data, as Go's http.DetectContentType:
 * known signatures, HTML and XML by their start, text/plain for non-binary data, and
 * application/octet-stream otherwise.
 */
export function detectContentType(data: Buffer): string {
  const b = data.subarray(0, 512);
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  for (const [sig, type] of signatures) if (startsWith(b, sig)) return type;
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0c || b[i] === 0x0d)) i++;
  const rest = b.subarray(i).toString('latin1');
  const upper = rest.toUpperCase();
  for (const h of htmlStarts) {
    if (upper.startsWith(h) && (upper.length === h.length || upper[h.length] === ' ' || upper[h.length] === '>')) return 'text/html; charset=utf-8';
  }
  if (rest.startsWith('<?xml')) return 'text/xml; charset=utf-8';
  if (startsWith(b, [0xfe, 0xff]) || startsWith(b, [0xff, 0xfe])) return 'text/plain; charset=utf-16';
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return 'text/plain; charset=utf-8';
  return isBinary(b) ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}
