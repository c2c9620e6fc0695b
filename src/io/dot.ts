/** Outcome of feeding data to a {@link DotUnstuffer}. */
export interface DotResult {
  /** Unstuffed message bytes from this chunk (may be empty). */
  out: Buffer;
  /** Bytes of the chunk not consumed because the terminating ".\r\n" was found before them. */
  rest: Buffer;
  /** True when the terminating line has been seen. */
  done: boolean;
}

/**
 * Streams SMTP DATA content (RFC 5321 §4.5.2): removes the leading dot of dot-stuffed lines,
 * stops at the line holding only ".", and notes bare CR or LF (RFC 5321 §2.3.8), which mox
 * rejects as possible SMTP smuggling. Output keeps CRLF line endings.
 */
export class DotUnstuffer {
  /** Whether we are at the start of a line. */
  private bol = true;
  /** Bytes held back: a CR at a chunk's end, or a line start that might be "." + CRLF. */
  private held: Buffer = Buffer.alloc(0);
  /** A bare CR or LF was seen. */
  bareCrLf = false;
  /** Longest line seen, in bytes without CRLF (for RFC 5322 §2.1.1 checks). */
  maxLineLength = 0;
  private lineLength = 0;
  /** Whether any byte ≥ 0x80 was seen (8BITMIME checks). */
  has8bit = false;

  /** Feeds a chunk; returns the unstuffed output and whether the end was reached. */
  push(chunk: Buffer): DotResult {
    let data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    const out: Buffer[] = [];
    let start = 0; // start of the pending output run
    let i = 0;
    const n = data.length;
    while (i < n) {
      if (this.bol) {
        if (data[i] === 0x2e) {
          // A line starting with ".": either the end marker or a stuffed dot.
          if (i + 1 >= n || (data[i + 1] === 13 && i + 2 >= n)) {
            out.push(data.subarray(start, i));
            this.held = Buffer.from(data.subarray(i));
            return { out: Buffer.concat(out), rest: Buffer.alloc(0), done: false };
          }
          if (data[i + 1] === 13 && data[i + 2] === 10) {
            out.push(data.subarray(start, i));
            return { out: Buffer.concat(out), rest: data.subarray(i + 3), done: true };
          }
          if (data[i + 1] === 10) {
            // ".\n": a bare LF ends the data too, but is flagged.
            this.bareCrLf = true;
            out.push(data.subarray(start, i));
            return { out: Buffer.concat(out), rest: data.subarray(i + 2), done: true };
          }
          // Stuffed dot: drop it.
          out.push(data.subarray(start, i));
          i++;
          start = i;
        }
        this.bol = false;
      }
      // Scan to the next CR or LF.
      let j = i;
      while (j < n) {
        const c = data[j]!;
        if (c === 13 || c === 10) break;
        if (c >= 0x80) this.has8bit = true;
        j++;
      }
      this.lineLength += j - i;
      if (j >= n) {
        i = j;
        break;
      }
      if (data[j] === 13) {
        if (j + 1 >= n) {
          // CR at the end of the chunk: hold it until we know what follows.
          out.push(data.subarray(start, j));
          this.held = Buffer.from([13]);
          return { out: Buffer.concat(out), rest: Buffer.alloc(0), done: false };
        }
        if (data[j + 1] === 10) {
          this.endLine();
          i = j + 2;
          this.bol = true;
          continue;
        }
        this.bareCrLf = true;
        i = j + 1;
        continue;
      }
      // Bare LF.
      this.bareCrLf = true;
      this.endLine();
      i = j + 1;
      this.bol = true;
    }
    out.push(data.subarray(start, n));
    return { out: out.length === 1 ? out[0]! : Buffer.concat(out), rest: Buffer.alloc(0), done: false };
  }

  private endLine(): void {
    if (this.lineLength > this.maxLineLength) this.maxLineLength = this.lineLength;
    this.lineLength = 0;
  }
}

/**
 * Dot-stuffs message bytes for sending as SMTP DATA (RFC 5321 §4.5.2) and appends the
 * terminating ".\r\n" (with a CRLF first when the data does not end with one).
 */
export function dotStuff(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  if (data.length > 0 && data[0] === 0x2e) {
    parts.push(Buffer.from('.'));
  }
  let i = data.indexOf(10);
  while (i >= 0 && i + 1 < data.length) {
    if (data[i + 1] === 0x2e) {
      parts.push(data.subarray(start, i + 1), Buffer.from('.'));
      start = i + 1;
    }
    i = data.indexOf(10, i + 1);
  }
  parts.push(data.subarray(start));
  const endsCrlf = data.length >= 2 && data[data.length - 2] === 13 && data[data.length - 1] === 10;
  parts.push(Buffer.from(endsCrlf || data.length === 0 ? '.\r\n' : '\r\n.\r\n'));
  return Buffer.concat(parts);
}
