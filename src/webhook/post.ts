import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Most of a response body kept in a hook result (mox: 512 bytes). */
export const maxResponseBytes = 512;
/** Time limit of one webhook request (mox: 60s). */
export const hookTimeoutMs = 60_000;

/** One webhook HTTP request. */
export interface HookRequest {
  hookId: number;
  attempt: number;
  url: string;
  authorization: string;
  payload: string;
}

/** What came back: the HTTP status and the start of the body; `error` unless the status is 200. */
export interface HookResponse {
  code: number;
  response: string;
  error?: string;
}

/** Posts a webhook; resolves with the response, rejects on transport errors. */
export type HookPoster = (req: HookRequest, signal: AbortSignal) => Promise<HookResponse>;

/**
 * Posts webhooks over HTTP(S) as mox does: POST with the JSON payload and the headers
 * User-Agent "mox/<version> (webhook)", Content-Type, X-Mox-Webhook-ID,
 * X-Mox-Webhook-Attempt and the configured Authorization (RFC 9110 §11.6.2). Only status
 * 200 counts as delivered. Idle connections are kept a few seconds (mox: 5s, at most 2 per
 * host) and closed by {@link HttpHookPoster.close}.
 */
export class HttpHookPoster {
  private readonly http = new HttpAgent({ keepAlive: true, maxFreeSockets: 2, timeout: 5000 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxFreeSockets: 2, timeout: 5000 });

  constructor(private readonly opts: { version: string; timeoutMs?: number }) {}

  /** Sends one request; see {@link HookPoster}. */
  readonly post: HookPoster = (req, signal) => {
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return Promise.reject(new Error(`new request: unsupported protocol scheme ${JSON.stringify(url.protocol.slice(0, -1))}`));
    const body = Buffer.from(req.payload, 'utf8');
    const headers: Record<string, string> = {
      'User-Agent': `mox/${this.opts.version} (webhook)`,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(body.length),
      'X-Mox-Webhook-ID': String(req.hookId),
      'X-Mox-Webhook-Attempt': String(req.attempt),
    };
    if (req.authorization !== '') headers.Authorization = req.authorization;
    const timeoutMs = this.opts.timeoutMs ?? hookTimeoutMs;
    return new Promise<HookResponse>((resolve, reject) => {
      const send = secure ? httpsRequest : httpRequest;
      const r = send(url, { method: 'POST', headers, agent: secure ? this.https : this.http, timeout: timeoutMs, signal }, (res) => {
        readLimited(res).then(
          (response) => {
            const code = res.statusCode ?? 0;
            const status = `${code} ${res.statusMessage ?? ''}`.trim();
            resolve({ code, response, error: code === 200 ? undefined : `http status ${JSON.stringify(status)}, expected 200 ok` });
          },
          (err: Error) => reject(new Error(`http transact: ${err.message}`)),
        );
      });
      r.on('timeout', () => r.destroy(new Error(`timeout after ${timeoutMs}ms`)));
      r.on('error', (err) => reject(new Error(`http transact: ${err.message}`)));
      r.end(body);
    });
  };

  /** Closes idle connections. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** Reads the body, keeping the first {@link maxResponseBytes}; a large body is cut off. */
function readLimited(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    let total = 0;
    res.on('data', (c: Buffer) => {
      total += c.length;
      if (n < maxResponseBytes) {
        chunks.push(c.subarray(0, maxResponseBytes - n));
        n += Math.min(c.length, maxResponseBytes - n);
      }
      // No need to read megabytes: stop (the connection is then not reused).
      if (total > 64 * 1024) {
        resolve(Buffer.concat(chunks).toString('utf8'));
        res.destroy();
      }
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('response aborted')));
  });
}
