// Modified UTF-7 for IMAP mailbox names: RFC 3501 §5.1.3 (kept by RFC 9051 §5.1.3 for
// IMAP4rev1 clients). Printable US-ASCII except "&" stands for itself, "&" is "&-", and every
// other run of characters is UTF-16BE in base64 with "," instead of "/", no padding, between
// "&" and "-".

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

function alphabetIndex(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c === 0x2b) return 62;
  if (c === 0x2c) return 63;
  return -1;
}

/** Why a modified UTF-7 name was rejected. */
export type Utf7ErrorReason =
  | 'superfluousShift'
  | 'badBase64'
  | 'oddSized'
  | 'unneededShift'
  | 'unfinishedShift'
  | 'badSurrogate';

/** A mailbox name that is not valid (canonical) modified UTF-7. */
export class Utf7Error extends Error {
  constructor(
    readonly reason: Utf7ErrorReason,
    message: string,
  ) {
    super(`utf7: ${message}`);
    this.name = 'Utf7Error';
  }
}

function encodeRun(units: number[]): string {
  let out = '&';
  let bits = 0;
  let nbits = 0;
  for (const u of units) {
    bits = (bits << 16) | u;
    nbits += 16;
    while (nbits >= 6) {
      nbits -= 6;
      out += ALPHABET[(bits >> nbits) & 0x3f];
    }
    bits &= (1 << nbits) - 1;
  }
  if (nbits > 0) out += ALPHABET[(bits << (6 - nbits)) & 0x3f];
  return out + '-';
}

/** Encodes a mailbox name in modified UTF-7 (RFC 3501 §5.1.3). */
export function utf7Encode(name: string): string {
  let out = '';
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) out += encodeRun(run);
    run = [];
  };
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    if (u === 0x26) {
      flush();
      out += '&-';
    } else if (u >= 0x20 && u <= 0x7e) {
      flush();
      out += name[i];
    } else {
      run.push(u); // UTF-16 code units; surrogate pairs pass through as they are.
    }
  }
  flush();
  return out;
}

function decodeRun(b64: string): string {
  let bits = 0;
  let nbits = 0;
  const bytes: number[] = [];
  for (let i = 0; i < b64.length; i++) {
    const v = alphabetIndex(b64.charCodeAt(i));
    if (v < 0) throw new Utf7Error('badBase64', `bad base64 character in ${JSON.stringify(b64)}`);
    bits = ((bits << 6) | v) & 0xffffff;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      bytes.push((bits >> nbits) & 0xff);
    }
  }
  // Deviation (strictness): leftover bits must be zero and a whole character must not be left
  // over; RFC 4648 §3.5 calls other forms non-canonical.
  if (nbits >= 6 || (bits & ((1 << nbits) - 1)) !== 0) {
    throw new Utf7Error('badBase64', `non-canonical base64 ${JSON.stringify(b64)}`);
  }
  if (bytes.length % 2 !== 0) throw new Utf7Error('oddSized', 'odd-sized data');
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    const u = (bytes[i]! << 8) | bytes[i + 1]!;
    if (u >= 0xd800 && u <= 0xdbff) {
      const lo = i + 3 < bytes.length ? (bytes[i + 2]! << 8) | bytes[i + 3]! : -1;
      if (lo < 0xdc00 || lo > 0xdfff) throw new Utf7Error('badSurrogate', 'high surrogate without low surrogate');
      out += String.fromCharCode(u, lo);
      i += 2;
      continue;
    }
    if (u >= 0xdc00 && u <= 0xdfff) throw new Utf7Error('badSurrogate', 'low surrogate without high surrogate');
    // RFC 3501 §5.1.3: printable US-ASCII must represent itself. "&" is let through as Go mox does.
    if (u >= 0x20 && u <= 0x7e && u !== 0x26) throw new Utf7Error('unneededShift', 'unneeded shift');
    out += String.fromCharCode(u);
  }
  return out;
}

/**
 * Decodes a modified UTF-7 mailbox name, rejecting non-canonical forms: a shifted run directly
 * after another ("&AAA-&AAA-" must be one run), printable ASCII inside a shift, bad base64,
 * unpaired surrogates and an unterminated shift. Characters outside ASCII pass through
 * unchanged (Go mox accepts raw UTF-8 here too). Throws {@link Utf7Error}.
 */
export function utf7Decode(s: string): string {
  let out = '';
  let i = 0;
  let lastUnshift = -2;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x26) {
      out += s[i];
      i++;
      continue;
    }
    const end = s.indexOf('-', i + 1);
    if (end < 0) throw new Utf7Error('unfinishedShift', 'unfinished shift');
    const b64 = s.slice(i + 1, end);
    if (b64 === '') {
      out += '&';
    } else {
      // Two adjacent runs must be one run. Deviation (Go mox): "&-" (an escaped "&") right
      // after a run is accepted, since that is how "☺&" is encoded.
      if (lastUnshift === i - 1) throw new Utf7Error('superfluousShift', 'superfluous unshift+shift');
      out += decodeRun(b64);
      lastUnshift = end;
    }
    i = end + 1;
  }
  return out;
}
