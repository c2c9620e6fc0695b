import type { IncomingMessage, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { Logger } from '../log/index.js';
import { verifyPassword } from '../sasl/index.js';
import type { CallContext, CallResult } from './context.js';
import { WebapiError } from './errors.js';
import { decodeForm, maxFormBytes, readBody } from './form.js';
import { goJson } from './json.js';
import { messageDelete, messageFlagsAdd, messageFlagsRemove, messageGet, messageMove, messagePartGet, messageRawGet } from './messages.js';
import { methodSpec, methods, type MethodSpec } from './methods.js';
import { indexPage, methodPage } from './pages.js';
import type { WebapiPorts } from './ports.js';
import { DecodeError, decodeValue, fillNil } from './schema.js';
import { send } from './send.js';
import { detectContentType } from './sniff.js';
import { suppressionAdd, suppressionList, suppressionPresent, suppressionRemove } from './suppressions.js';
import type { MethodName, MethodRequests } from './types.js';

type Handler = (ctx: CallContext, req: never) => Promise<CallResult>;

/** The method implementations, by name. */
const handlers: { [K in MethodName]: (ctx: CallContext, req: MethodRequests[K]) => Promise<CallResult> } = {
  MessageDelete: messageDelete,
  MessageFlagsAdd: messageFlagsAdd,
  MessageFlagsRemove: messageFlagsRemove,
  MessageGet: messageGet,
  MessageMove: messageMove,
  MessagePartGet: messagePartGet,
  MessageRawGet: messageRawGet,
  Send: send,
  SuppressionAdd: suppressionAdd,
  SuppressionList: suppressionList,
  SuppressionPresent: suppressionPresent,
  SuppressionRemove: suppressionRemove,
};

/** Options of one webapi mount (one per HTTP(S) listener). */
export interface WebapiHandlerOptions {
  /** Mount path with trailing slash (mox's default "/webapi/"). */
  path: string;
  /** Largest message Send may compose (the listener's SMTPMaxMessageSize). */
  maxMessageSize: number;
  /** Behind a reverse proxy: the client IP comes from X-Forwarded-For (mox's Forwarded). */
  forwarded: boolean;
  log: Logger;
  /** User-Agent header for sent messages that have none; mox uses "mox/<version>". */
  userAgent?: string;
}

// mox's SafeHeaders on its web interfaces.
const safeHeaders = {
  'X-Frame-Options': 'deny',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'self' 'unsafe-inline' data:",
  'Referrer-Policy': 'same-origin',
};

/** Writes a plain-text response as Go's http.Error does. */
function textError(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...safeHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(text + '\n');
}

/** HTTP basic credentials (RFC 7617 §2), or undefined when absent or malformed. */
function basicAuth(req: IncomingMessage): { username: string; password: string } | undefined {
  const h = req.headers.authorization ?? '';
  if (h.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const b64 = h.slice(6);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const s = Buffer.from(b64, 'base64').toString('utf8');
  const i = s.indexOf(':');
  return i < 0 ? undefined : { username: s.slice(0, i), password: s.slice(i + 1) };
}

function clientIp(req: IncomingMessage, forwarded: boolean): string | undefined {
  const raw = forwarded ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim() : (req.socket.remoteAddress ?? '');
  const ip = raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
  return /^[0-9.]+$/.test(ip) || ip.includes(':') ? ip : undefined;
}

/**
 * The webapi over HTTP, as mox serves it: GET {path} redirects to {path}v0/, which lists the
 * methods; GET {path}v0/<Method> shows an example and a form; POST {path}v0/<Method> with
 * HTTP basic auth (RFC 7617 §2) calls the method. Failed logins count toward the auth rate
 * limit shared with SMTP and IMAP. Results are JSON (200), errors `{"Code","Message"}` (400).
 */
export class WebapiHandler {
  private readonly base: string;

  constructor(
    private readonly ports: WebapiPorts,
    private readonly opts: WebapiHandlerOptions,
  ) {
    this.base = opts.path.replace(/\/+$/, '');
  }

  /** Handles a request under the mount path; returns false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === this.base) {
      // mox redirects the path without slash to the mount path.
      res.writeHead(303, { ...safeHeaders, Location: this.opts.path }).end();
      return true;
    }
    if (!path.startsWith(this.base + '/')) return false;
    const sub = path.slice(this.base.length);
    if (sub === '/') {
      if (req.method !== 'GET') textError(res, 405, '405 - method not allow');
      else res.writeHead(303, { ...safeHeaders, Location: `${this.opts.path}v0/` }).end();
      return true;
    }
    if (sub === '/v0/') {
      res.writeHead(200, { ...safeHeaders, 'Content-Type': 'text/html; charset=utf-8' }).end(indexPage(methods));
      return true;
    }
    const spec = sub.startsWith('/v0/') ? methodSpec(sub.slice(4)) : undefined;
    if (!spec) {
      textError(res, 404, '404 page not found');
      return true;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { ...safeHeaders, 'Content-Type': 'text/html; charset=utf-8' }).end(methodPage(spec));
      return true;
    }
    if (req.method !== 'POST') {
      textError(res, 405, '405 - method not allowed - use get or post');
      return true;
    }
    await this.call(spec, req, res);
    return true;
  }

  private async call(spec: MethodSpec, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { ports } = this;
    const cid = ports.nextCid();
    const log = this.opts.log.with({ cid: cid.toString(16), method: spec.name });
    const started = ports.clock.now();
    const creds = basicAuth(req);
    const unauthorized = (msg: string) => textError(res, 401, `401 - unauthorized - ${msg}`, { 'WWW-Authenticate': 'Basic realm=webapi' });
    if (!creds) {
      // A missing Authorization header does not count as a failed login (mox).
      log.debug('missing http basic authentication credentials');
      return unauthorized('use http basic auth with email address as username');
    }
    const ip = clientIp(req, this.opts.forwarded);
    if (!ip) {
      log.debug('cannot find remote ip for rate limiter');
      return textError(res, 500, '500 - internal server error - cannot find remote ip');
    }
    if (!ports.authAllowed(ip)) {
      log.debug('refusing call due to many auth failures', { remoteip: ip });
      return textError(res, 429, '429 - too many auth attempts');
    }
    const found = await ports.credentials(creds.username);
    const ok = await verifyPassword(found?.secrets ?? null, creds.password, ports.passwordCache);
    const settings = found && ok ? ports.settings(found.account) : undefined;
    if (!found || !ok || !settings || settings.loginDisabled) {
      ports.authFailed(ip);
      log.debug('bad http basic authentication credentials', { username: creds.username });
      return unauthorized(settings?.loginDisabled ? 'login is disabled for this account' : 'use http basic auth with email address as username');
    }
    ports.authSucceeded(ip);

    const writeError = (err: WebapiError) => {
      if (err.code === 'server') log.error('webapi call result', { err, resultcode: err.code, cause: err.cause });
      else log.info('webapi call result', { err: err.message, resultcode: err.code });
      res.writeHead(400, { ...safeHeaders, 'Content-Type': 'application/json; charset=utf-8' }).end(goJson(err.toJSON()));
    };
    try {
      // Bodies of file uploads may be as large as the message they become (base64 grows it by a third).
      const multipart = /^\s*multipart\//i.test(req.headers['content-type'] ?? '');
      const limit = multipart ? Math.ceil(this.opts.maxMessageSize * 1.4) + (1 << 20) : maxFormBytes;
      const body = await readBody(req, limit, 'http: POST too large');
      const form = decodeForm(req.headers['content-type'], body);
      if (form.request === '') throw new WebapiError('protocol', 'missing/empty request');
      let request: unknown;
      try {
        // Handlers get [] and {} for absent lists and maps.
        request = fillNil(spec.request, decodeValue(spec.request, JSON.parse(form.request), ''));
      } catch (err) {
        const msg = err instanceof DecodeError ? err.message : (err as Error).message;
        throw new WebapiError('protocol', `parsing request: ${msg}`);
      }
      const ctx: CallContext = {
        ports,
        log,
        cid,
        account: await ports.account(found.account),
        loginAddress: creds.username,
        files: form.files,
        maxMessageSize: this.opts.maxMessageSize,
        tlsComment: tlsComment(req),
        userAgent: this.opts.userAgent ?? 'mox',
      };
      const result = await (handlers[spec.name] as Handler)(ctx, request as never);
      log.debug('webapi call result', { resultcode: 'ok', ms: ports.clock.now() - started });
      if ('bytes' in result) {
        const ct = result.contentType || detectContentType(result.bytes);
        res.writeHead(200, { ...safeHeaders, 'Content-Type': ct, 'Content-Length': String(result.bytes.length) }).end(result.bytes);
      } else {
        const json = spec.result === 'bytes' ? result.json : fillNil(spec.result, result.json);
        res.writeHead(200, { ...safeHeaders, 'Content-Type': 'application/json; charset=utf-8' }).end(goJson(json));
      }
    } catch (err) {
      if (err instanceof WebapiError) return writeError(err);
      log.error('unhandled error in webapi call', { err });
      writeError(new WebapiError('server', 'unhandled error', { cause: err }));
    }
  }
}

/** TLS details for the Received header comment, as mox writes them: "(TLS1.3 TLS_AES_128_GCM_SHA256)". */
function tlsComment(req: IncomingMessage): string[] {
  const sock = req.socket;
  if (!(sock instanceof TLSSocket)) return [];
  const version = (sock.getProtocol() ?? 'TLS').replace(/^TLSv/, 'TLS');
  const cipher = sock.getCipher()?.standardName ?? sock.getCipher()?.name ?? 'unknown';
  return [`(${version}`, `${cipher})`];
}
