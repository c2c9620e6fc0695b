import type { Part } from '../../src/message/index.js';

/** Joins lines with CRLF. */
export function crlf(...lines: string[]): string {
  return lines.join('\r\n');
}

/** A compact structure summary, e.g. "MULTIPART/MIXED(TEXT/PLAIN,MESSAGE/RFC822[TEXT/PLAIN])". */
export function summary(p: Part): string {
  return (
    `${p.mediaType}/${p.mediaSubType}` +
    (p.parts.length > 0 ? `(${p.parts.map(summary).join(',')})` : '') +
    (p.message ? `[${summary(p.message)}]` : '')
  );
}

/** All parts of a tree, depth first, not entering embedded messages. */
export function walk(p: Part, out: Part[] = []): Part[] {
  out.push(p);
  for (const c of p.parts) walk(c, out);
  return out;
}
