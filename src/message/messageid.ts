import { localpartString, tryParseAddress } from '../smtp/index.js';

/** A Message-ID header value is not a valid msg-id (RFC 5322 §3.6.4). */
export class MessageIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageIdError';
  }
}

/** Lower-cases an id (without <>) and removes needless localpart quoting when it parses as an address. */
function canonicalId(id: string): { id: string; raw: boolean } {
  const s = id.toLowerCase();
  const addr = tryParseAddress(s);
  if (!addr) return { id: s, raw: true };
  // Keep the domain as written (Unicode stays Unicode), as mox does.
  return { id: `${localpartString(addr.localpart)}@${s.slice(s.lastIndexOf('@') + 1)}`, raw: false };
}

/**
 * Returns the canonical form of a Message-ID for thread matching, as mox does: lower case,
 * without <>, localpart quoting only where needed. `raw` is true when the id is not of the
 * form localpart@domain (common: underscores, IP literals, no "@"); the id is then the
 * lower-cased text. Throws {@link MessageIdError} for a value without <…>. Text after ">"
 * is tolerated when it follows a space, except in strict mode.
 */
export function messageIdCanonical(value: string, strict = false): { id: string; raw: boolean } {
  const s = value.trim();
  if (!s.startsWith('<')) throw new MessageIdError('message-id: missing <');
  const gt = s.indexOf('>');
  if (gt < 0) throw new MessageIdError('message-id: missing >');
  const rest = s.slice(gt + 1);
  if (rest !== '' && (strict || !rest.startsWith(' '))) throw new MessageIdError('message-id: text after >');
  const id = s.slice(1, gt);
  if (id === '') throw new MessageIdError('message-id: empty');
  return canonicalId(id);
}

/**
 * Splits a References or In-Reply-To value into its msg-ids (RFC 5322 §3.6.4), each with its
 * angle brackets. Lenient like mox: text outside <> is skipped, a "<" before the closing ">"
 * drops the truncated entry, and white space inside an id (from bad folding) is removed.
 */
export function parseMessageIdList(value: string): string[] {
  const out: string[] = [];
  let s = value;
  for (;;) {
    const lt = s.indexOf('<');
    if (lt < 0) return out;
    s = s.slice(lt + 1);
    const m = /[<>]/.exec(s);
    if (!m) return out;
    if (m[0] === '<') {
      s = s.slice(m.index);
      continue;
    }
    const id = s.slice(0, m.index).replace(/[ \t\r\n]/g, '');
    s = s.slice(m.index + 1);
    if (id !== '') out.push(`<${id}>`);
  }
}

/**
 * Returns the canonical ids (see {@link messageIdCanonical}) referenced by the References
 * header values, or, only when those hold none, by the In-Reply-To values (first one that
 * yields an id). The direct parent is usually last.
 */
export function referencedIds(references: readonly string[], inReplyTo: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of references) for (const id of parseMessageIdList(r)) out.push(canonicalId(id.slice(1, -1)).id);
  if (out.length > 0) return out;
  for (const r of inReplyTo) {
    const ids = parseMessageIdList(r);
    if (ids.length > 0) return [canonicalId(ids[0]!.slice(1, -1)).id];
  }
  return out;
}
