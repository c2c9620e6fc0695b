import { LineTooLongError, ReaderClosedError } from '../io/index.js';
import type { CommandSource } from './reader.js';

/**
 * A {@link CommandSource} over bytes in memory, for tests and fuzzing: lines end at LF (CR
 * before it is dropped), continuation requests are recorded, and reading past the end throws
 * io's `ReaderClosedError`.
 */
export class BufferSource implements CommandSource {
  private pos = 0;
  /** Texts of the continuation requests sent, in order. */
  readonly continuations: string[] = [];
  /** Position in the data at which each continuation was requested. */
  readonly continuationAt: number[] = [];

  constructor(private readonly data: Buffer) {}

  /** Bytes not read yet. */
  remaining(): Buffer {
    return this.data.subarray(this.pos);
  }

  async readLine(max: number): Promise<Buffer> {
    const nl = this.data.indexOf(0x0a, this.pos);
    if (nl < 0) {
      if (this.data.length - this.pos > max) throw new LineTooLongError(max);
      throw new ReaderClosedError();
    }
    let end = nl;
    if (end > this.pos && this.data[end - 1] === 0x0d) end--;
    if (end - this.pos > max) throw new LineTooLongError(max);
    const line = this.data.subarray(this.pos, end);
    this.pos = nl + 1;
    return line;
  }

  async readExact(n: number): Promise<Buffer> {
    if (this.pos + n > this.data.length) {
      this.pos = this.data.length;
      throw new ReaderClosedError();
    }
    const b = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  async continuation(text: string): Promise<void> {
    this.continuations.push(text);
    this.continuationAt.push(this.pos);
  }
}
