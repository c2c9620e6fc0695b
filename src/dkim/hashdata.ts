// The header hash input (RFC 6376 §3.7, §5.4.2): signed header fields picked from the bottom
// up, then the DKIM-Signature field itself without its b= value and final CRLF.

import { canonHeader } from './canon.js';
import type { RawField } from './header.js';

/**
 * Builds the canonical header data that is signed. For each name in `signedHeaders`, the
 * last not yet used instance is taken; a name without one contributes nothing (RFC 6376
 * §5.4.2, which makes oversigning work).
 */
export function headerData(fields: readonly RawField[], signedHeaders: readonly string[], relaxed: boolean, sigField: Buffer): Buffer {
  const used = new Map<string, number>();
  const out: Buffer[] = [];
  for (const name of signedHeaders) {
    const lkey = name.toLowerCase();
    let skip = used.get(lkey) ?? 0;
    used.set(lkey, skip + 1);
    for (let i = fields.length - 1; i >= 0; i--) {
      if (fields[i]!.lkey !== lkey) continue;
      if (skip-- > 0) continue;
      out.push(canonHeader(fields[i]!.raw, relaxed));
      break;
    }
  }
  let sig = canonHeader(sigField, relaxed);
  if (sig.subarray(-2).toString('latin1') === '\r\n') sig = sig.subarray(0, -2);
  out.push(sig);
  return Buffer.concat(out);
}
