import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

/** One request the receiver got. */
export interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body as JSON. */
  json: Record<string, unknown>;
}

/**
 * A real HTTP server on a free port that records webhook requests. `status(req)` picks the
 * reply status (200 by default). `wait(n)` resolves when n requests arrived.
 */
export async function hookReceiver(t: TestContext, opts: { status?: (r: Received, n: number) => number } = {}) {
  const got: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let status = opts.status ?? (() => 200);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // Left empty; tests look at body then.
      }
      const r: Received = { path: req.url ?? '', method: req.method ?? '', headers: req.headers, body, json };
      got.push(r);
      const code = status(r, got.length);
      res.writeHead(code, { 'Content-Type': 'text/plain' }).end(code === 200 ? 'ok\n' : 'server error\n');
      for (const w of [...waiters]) {
        if (got.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.after(() => server.closeAllConnections());
  const port = (server.address() as AddressInfo).port;
  return {
    got,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    setStatus(fn: (r: Received, n: number) => number) {
      status = fn;
    },
    /** Resolves when `n` requests arrived in total; rejects after `ms`. */
    wait(n: number, ms = 15_000): Promise<void> {
      if (got.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout: ${got.length} of ${n} webhook requests:\n${got.map((g) => g.body).join('\n')}`)), ms);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
