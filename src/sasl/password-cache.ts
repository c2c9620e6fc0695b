import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Remembers recently verified plaintext passwords, so clients that log in for every short
 * session (IMAP sync tools, test suites) do not pay bcrypt's ~100 ms each time; Go mox keeps a
 * similar cache for 15 minutes. Entries are keyed by the stored bcrypt hash (a password
 * change invalidates them) and hold only an HMAC of the password under a key that lives in
 * this process. Only successes are cached: wrong passwords always cost a full bcrypt check.
 */
export class PasswordCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, { mac: Buffer; expires: number }>();

  constructor(
    private readonly clock: { now(): number },
    private readonly ttlMs = 15 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  private mac(password: string): Buffer {
    return createHmac('sha256', this.key).update(password, 'utf8').digest();
  }

  /** Whether this password was verified against this bcrypt hash within the time to live. */
  has(bcryptHash: string, password: string): boolean {
    const e = this.entries.get(bcryptHash);
    if (!e) return false;
    if (e.expires <= this.clock.now()) {
      this.entries.delete(bcryptHash);
      return false;
    }
    return timingSafeEqual(e.mac, this.mac(password));
  }

  /** Records a successful verification. */
  add(bcryptHash: string, password: string): void {
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: Map keeps insertion order.
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.delete(bcryptHash);
    this.entries.set(bcryptHash, { mac: this.mac(password), expires: this.clock.now() + this.ttlMs });
  }
}
