// A small MD5 (RFC 1321) whose chaining state can be exported and resumed. node:crypto
// cannot restart a hash from a saved state, and CRAM-MD5 secrets are exactly that: the
// HMAC-MD5 inner and outer states after the first (key) block, RFC 2104 §4.

const S: readonly number[] = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

// RFC 1321 §3.4: T[i] = floor(2^32 * abs(sin(i + 1))).
const K: readonly number[] = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** Size of one MD5 input block in bytes. */
export const MD5_BLOCK_SIZE = 64;

/** A saved MD5 computation: the four chaining words and the number of bytes hashed so far. */
export interface Md5State {
  /** Chaining words A, B, C, D. */
  readonly words: readonly [number, number, number, number];
  /** Bytes consumed; a resumable state is always at a block boundary (a multiple of 64). */
  readonly length: number;
}

/**
 * Computes MD5 incrementally and can export or resume its state at block boundaries.
 */
export class Md5 {
  private readonly h: Uint32Array;
  private readonly buf = Buffer.alloc(MD5_BLOCK_SIZE);
  private buffered = 0;
  private length: number;
  private readonly x = new Uint32Array(16);

  /** Starts a new hash, or resumes from a state produced by {@link Md5.state}. */
  constructor(from?: Md5State) {
    if (from) {
      if (from.length % MD5_BLOCK_SIZE !== 0 || from.length < 0 || !Number.isSafeInteger(from.length)) {
        throw new RangeError('md5 state must be at a block boundary');
      }
      this.h = Uint32Array.from(from.words);
      this.length = from.length;
    } else {
      this.h = Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);
      this.length = 0;
    }
  }

  /** Adds data to the hash; returns this for chaining. */
  update(data: Uint8Array): this {
    let off = 0;
    this.length += data.length;
    if (this.buffered > 0) {
      const n = Math.min(MD5_BLOCK_SIZE - this.buffered, data.length);
      this.buf.set(data.subarray(0, n), this.buffered);
      this.buffered += n;
      off = n;
      if (this.buffered < MD5_BLOCK_SIZE) return this;
      this.block(this.buf, 0);
      this.buffered = 0;
    }
    for (; off + MD5_BLOCK_SIZE <= data.length; off += MD5_BLOCK_SIZE) this.block(data, off);
    if (off < data.length) {
      this.buf.set(data.subarray(off), 0);
      this.buffered = data.length - off;
    }
    return this;
  }

  /** Returns the resumable state; only valid when a whole number of blocks has been hashed. */
  state(): Md5State {
    if (this.buffered !== 0) throw new Error('md5 state is only available at a block boundary');
    return { words: [this.h[0]!, this.h[1]!, this.h[2]!, this.h[3]!], length: this.length };
  }

  /** Finishes the hash and returns the 16-byte digest; the instance must not be used afterwards. */
  digest(): Buffer {
    // RFC 1321 §3.1, §3.2: pad with 0x80, zeros, then the bit length as 64-bit little endian.
    const bits = BigInt(this.length) * 8n;
    const padLen = this.buffered < 56 ? 56 - this.buffered : 120 - this.buffered;
    const pad = Buffer.alloc(padLen + 8);
    pad[0] = 0x80;
    pad.writeBigUInt64LE(bits & 0xffffffffffffffffn, padLen);
    const saved = this.length;
    this.update(pad);
    this.length = saved;
    const out = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) out.writeUInt32LE(this.h[i]!, i * 4);
    return out;
  }

  private block(data: Uint8Array, off: number): void {
    const x = this.x;
    for (let i = 0; i < 16; i++) {
      const p = off + i * 4;
      x[i] = (data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24)) >>> 0;
    }
    let a = this.h[0]!;
    let b = this.h[1]!;
    let c = this.h[2]!;
    let d = this.h[3]!;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const t = (a + f + K[i]! + x[g]!) >>> 0;
      a = d;
      d = c;
      c = b;
      const s = S[i]!;
      b = (b + ((t << s) | (t >>> (32 - s)))) >>> 0;
    }
    this.h[0] = (this.h[0]! + a) >>> 0;
    this.h[1] = (this.h[1]! + b) >>> 0;
    this.h[2] = (this.h[2]! + c) >>> 0;
    this.h[3] = (this.h[3]! + d) >>> 0;
  }
}

/** Encodes the chaining words of a block-aligned state as 16 bytes (little endian, like a digest). */
export function md5WordsToBytes(words: readonly number[]): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) out.writeUInt32LE(words[i]! >>> 0, i * 4);
  return out;
}

/** Decodes 16 bytes written by {@link md5WordsToBytes} back into chaining words. */
export function md5BytesToWords(b: Uint8Array): [number, number, number, number] {
  if (b.length !== 16) throw new RangeError('md5 state must be 16 bytes');
  const v = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return [v.readUInt32LE(0), v.readUInt32LE(4), v.readUInt32LE(8), v.readUInt32LE(12)];
}
