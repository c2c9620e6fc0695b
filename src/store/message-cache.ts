// A bounded cache of small message files' contents, shared by the accounts of a store.
// Message files never change once written and ids are never reused within an account, so
// entries need no invalidation; each opened account gets its own scope, so an account that
// is removed and created again (ids restart) never sees the old entries.

/** Sizes of a {@link MessageCache}. */
export interface MessageCacheLimits {
  /** Total bytes kept (default 32 MiB). */
  maxBytes: number;
  /** Larger messages are not kept (default 256 KiB). */
  maxMessageBytes: number;
}

/** One account's view of the cache. */
export interface MessageCacheScope {
  get(id: number): Buffer | undefined;
  /** Keeps a copy of `data` when it is small enough. */
  set(id: number, data: Buffer): void;
  delete(id: number): void;
  /** Whether a message of `size` bytes would be kept. */
  fits(size: number): boolean;
}

/**
 * Least-recently-used message contents, for IMAP clients that fetch the same messages again
 * and again (headers, then bodies; several sessions on one mailbox) and for fetching a
 * message right after its delivery: no open/read/close per FETCH.
 */
export class MessageCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private scopes = 0;
  private readonly limits: MessageCacheLimits;

  constructor(limits: Partial<MessageCacheLimits> = {}) {
    this.limits = { maxBytes: 32 * 1024 * 1024, maxMessageBytes: 256 * 1024, ...limits };
  }

  /** Bytes kept now. */
  get size(): number {
    return this.bytes;
  }

  /** A new scope, for one opened account. */
  scope(): MessageCacheScope {
    const prefix = `${++this.scopes}:`;
    return {
      get: (id) => this.get(prefix + id),
      set: (id, data) => this.set(prefix + id, data),
      delete: (id) => this.delete(prefix + id),
      fits: (size) => size <= this.limits.maxMessageBytes && size <= this.limits.maxBytes,
    };
  }

  private get(key: string): Buffer | undefined {
    const b = this.entries.get(key);
    if (b) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, b);
    }
    return b;
  }

  private set(key: string, data: Buffer): void {
    if (data.length > this.limits.maxMessageBytes || data.length > this.limits.maxBytes) return;
    this.delete(key);
    // A copy of its own (not from Node's shared pool): `data` may be a view into a larger
    // buffer that must not be kept alive.
    const copy = Buffer.allocUnsafeSlow(data.length);
    data.copy(copy);
    this.entries.set(key, copy);
    this.bytes += copy.length;
    for (const [k, b] of this.entries) {
      if (this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= b.length;
    }
  }

  private delete(key: string): void {
    const b = this.entries.get(key);
    if (!b) return;
    this.entries.delete(key);
    this.bytes -= b.length;
  }
}
