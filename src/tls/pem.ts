// PEM (RFC 7468) with the optional RFC 1421 style headers Go's encoding/pem reads and writes.
// Node's crypto does not accept headers in every block type, so we parse and re-encode.

/** One PEM block: its label, headers (in order) and decoded bytes. */
export interface PemBlock {
  /** The label between "BEGIN " and the dashes, e.g. "PRIVATE KEY". */
  type: string;
  headers: Array<[string, string]>;
  bytes: Buffer;
}

/**
 * Parses all PEM blocks in a text, ignoring text between blocks (as Go's pem.Decode does).
 * Throws on a block that is not terminated, has a mismatched END label or bad base64.
 */
export function parsePem(text: Buffer | string): PemBlock[] {
  const lines = (typeof text === 'string' ? text : text.toString('latin1')).split(/\r?\n/);
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = /^-----BEGIN ([^-]*)-----\s*$/.exec(lines[i]!);
    if (!begin) continue;
    const type = begin[1]!;
    const headers: Array<[string, string]> = [];
    let j = i + 1;
    // RFC 1421 §4.4 style headers: "Name: value" lines, ended by an empty line.
    if (j < lines.length && /^[A-Za-z0-9-]+:/.test(lines[j]!)) {
      for (; j < lines.length && lines[j]!.trim() !== ''; j++) {
        const l = lines[j]!;
        const c = l.indexOf(':');
        if (c < 0) throw new Error(`pem ${type}: bad header line`);
        headers.push([l.slice(0, c).trim(), l.slice(c + 1).trim()]);
      }
      j++;
    }
    let body = '';
    for (; j < lines.length && !lines[j]!.startsWith('-----END '); j++) body += lines[j]!.trim();
    if (j >= lines.length) throw new Error(`pem ${type}: missing END line`);
    if (lines[j]!.trim() !== `-----END ${type}-----`) throw new Error(`pem ${type}: END label does not match`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) throw new Error(`pem ${type}: bad base64`);
    blocks.push({ type, headers, bytes: Buffer.from(body, 'base64') });
    i = j;
  }
  return blocks;
}

/** Encodes a PEM block the way Go's pem.Encode does: headers, a blank line, 64-column base64. */
export function encodePem(type: string, bytes: Uint8Array, headers: Array<[string, string]> = []): string {
  let out = `-----BEGIN ${type}-----\n`;
  for (const [k, v] of headers) out += `${k}: ${v}\n`;
  if (headers.length > 0) out += '\n';
  const b64 = Buffer.from(bytes).toString('base64');
  for (let i = 0; i < b64.length; i += 64) out += `${b64.slice(i, i + 64)}\n`;
  return `${out}-----END ${type}-----\n`;
}
