import type { Clock } from '../clock/index.js';

/** Limits per window, for an IP and its wider networks (mox: /32, /26, /21 or /64, /48, /32). */
interface Window {
  ms: number;
  limits: [number, number, number];
}

/**
 * Counts failed logins per client IP and network, as mox's LimiterFailedAuth: 10/30/90
 * failures per minute and 50/150/450 per day for the IP and its /26 and /21 (IPv6: /64, /48,
 * /32). Over any limit, logins from that IP are refused until the window passes. A good
 * login resets the IP's counts.
 */
export class AuthLimiter {
  private readonly windows: Window[] = [
    { ms: 60_000, limits: [10, 30, 90] },
    { ms: 24 * 3600_000, limits: [50, 150, 450] },
  ];
  private readonly counts = new Map<string, { start: number; n: number }>();

  constructor(private readonly clock: Clock) {}

  /** Whether a login attempt from `ip` may proceed. */
  allowed(ip: string): boolean {
    const now = this.clock.now();
    return this.windows.every((w, wi) => keys(ip).every((k, ki) => this.count(`${wi}|${k}`, w, now) < w.limits[ki]!));
  }

  /** Records a failed login; returns whether the IP is now over a limit. */
  failed(ip: string): boolean {
    const now = this.clock.now();
    this.windows.forEach((w, wi) =>
      keys(ip).forEach((k) => {
        const key = `${wi}|${k}`;
        const c = this.counts.get(key);
        if (!c || now - c.start >= w.ms) this.counts.set(key, { start: now, n: 1 });
        else c.n++;
      }),
    );
    if (this.counts.size > 100_000) this.prune(now);
    return !this.allowed(ip);
  }

  /** Clears the IP's own counts after a good login. */
  succeeded(ip: string): void {
    const k = keys(ip)[0]!;
    this.windows.forEach((_, wi) => this.counts.delete(`${wi}|${k}`));
  }

  private count(key: string, w: Window, now: number): number {
    const c = this.counts.get(key);
    return c && now - c.start < w.ms ? c.n : 0;
  }

  private prune(now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    for (const [k, c] of this.counts) if (now - c.start >= longest) this.counts.delete(k);
  }
}

/** Outcome of a connection check: allowed (call release when it closes), or refused with why. */
export type ConnectionVerdict = { ok: true; release: () => void } | { ok: false; reason: 'rate' | 'count' };

/**
 * mox's per-client connection limits: at most 300/900/2700 new connections per minute and
 * 30/90/270 open connections, for the IP, its /26 and its /21 (IPv6: /64, /48, /32).
 * `exempt` IPs (localserve: loopback) are not limited.
 */
export class ConnectionLimiter {
  private readonly rate = new Map<string, { start: number; n: number }>();
  private readonly open = new Map<string, number>();
  private readonly rateLimits = [300, 900, 2700];
  private readonly openLimits = [30, 90, 270];

  constructor(
    private readonly clock: Clock,
    private readonly exempt: (ip: string) => boolean = () => false,
  ) {}

  /** Registers a new connection from `ip`. */
  opened(ip: string): ConnectionVerdict {
    if (this.exempt(ip)) return { ok: true, release: () => undefined };
    const now = this.clock.now();
    const ks = keys(ip);
    const rateOk = ks.every((k, i) => {
      const c = this.rate.get(k);
      return !c || now - c.start >= 60_000 || c.n < this.rateLimits[i]!;
    });
    if (!rateOk) return { ok: false, reason: 'rate' };
    for (const k of ks) {
      const c = this.rate.get(k);
      if (!c || now - c.start >= 60_000) this.rate.set(k, { start: now, n: 1 });
      else c.n++;
    }
    if (!ks.every((k, i) => (this.open.get(k) ?? 0) < this.openLimits[i]!)) return { ok: false, reason: 'count' };
    for (const k of ks) this.open.set(k, (this.open.get(k) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        for (const k of ks) {
          const n = (this.open.get(k) ?? 1) - 1;
          if (n <= 0) this.open.delete(k);
          else this.open.set(k, n);
        }
      },
    };
  }
}

/** Whether an IP is a loopback address (127.0.0.0/8, ::1). */
export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/** The IP and its two wider networks as strings. */
function keys(ip: string): string[] {
  if (ip.includes(':')) {
    const groups = expand6(ip);
    const net = (bits: number) => groups.slice(0, bits / 16).join(':') + `/${bits}`;
    return [net(64), net(48), net(32)];
  }
  const n = ip.split('.').reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
  const net = (bits: number) => `${(n & (bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1))) >>> 0}/${bits}`;
  return [net(32), net(26), net(21)];
}

function expand6(ip: string): string[] {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0'));
}
