import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * mox's received-id: the connection id, obfuscated so Received headers and error replies do
 * not leak connection counts, yet reversible by the operator (`mox cid`). 16 bytes: 8 random
 * bytes from the key file plus the cid as big-endian uint64, AES-128 encrypted as one block,
 * base64url without padding (22 characters).
 */
export class ReceivedIdCodec {
  private readonly aesKey: Buffer;
  private readonly rand: Buffer;

  /** `key` is the 24-byte content of receivedid.key: 16 bytes AES key, 8 random bytes. */
  constructor(key: Buffer) {
    if (key.length !== 24) throw new Error(`received-id key must be 24 bytes, got ${key.length}`);
    this.aesKey = key.subarray(0, 16);
    this.rand = key.subarray(16, 24);
  }

  /** The received-id for a cid. */
  id(cid: number): string {
    const block = Buffer.alloc(16);
    this.rand.copy(block, 0);
    block.writeBigUInt64BE(BigInt(cid), 8);
    const c = createCipheriv('aes-128-ecb', this.aesKey, null);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(block), c.final()]).toString('base64url');
  }

  /** The cid of a received-id, or throws when it was not made with this key. */
  cid(id: string): number {
    const buf = Buffer.from(id, 'base64url');
    if (buf.length !== 16) throw new Error(`bad received-id length ${buf.length}, expected 16`);
    const d = createDecipheriv('aes-128-ecb', this.aesKey, null);
    d.setAutoPadding(false);
    const plain = Buffer.concat([d.update(buf), d.final()]);
    if (!plain.subarray(0, 8).equals(this.rand)) throw new Error('received-id does not match this installation');
    return Number(plain.readBigUInt64BE(8));
  }
}
