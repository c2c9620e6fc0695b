import { createServer as createHttp, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNet, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Logger } from '../log/index.js';
import { closeServer, listenOn } from '../io/index.js';

/** A handler for a path prefix. Returns false to pass the request on. */
export type HttpRoute = {
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
};

/** One HTTP or HTTPS listener. */
export interface HttpListenerConfig {
  listener: string;
  service: 'http' | 'https' | 'metrics';
  host: string;
  port: number;
  tls?: SecureContext;
}

/** Collaborators of an HTTP listener. */
export interface HttpDeps {
  log: Logger;
  routes: HttpRoute[];
}

/**
 * An HTTP(S) server on one address. Routes are tried in order by path prefix; a handler
 * error becomes a 500 without affecting other requests.
 */
export class HttpListener {
  private server: Server | undefined;
  private http: HttpServer | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly config: HttpListenerConfig,
    private readonly deps: HttpDeps,
  ) {}

  /** Binds the port; rejects with the OS error (e.g. EADDRINUSE). */
  listen(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const http = createHttp(handler);
    this.http = http;
    const tls = this.config.tls;
    // With TLS, each connection is wrapped with the listener's context ourselves: an https
    // server only has a certificate for clients that send SNI (not for https://127.0.0.1).
    const server = createNet((raw: Socket) => {
      this.sockets.add(raw);
      raw.on('close', () => this.sockets.delete(raw));
      raw.on('error', () => undefined);
      if (!tls) {
        http.emit('connection', raw);
        return;
      }
      const s = new TLSSocket(raw, { isServer: true, secureContext: tls, ALPNProtocols: ['http/1.1'] });
      s.on('error', () => s.destroy());
      http.emit('connection', s);
    });
    this.server = server;
    return listenOn(server, this.config.host, this.config.port, (err) => this.deps.log.error('http listener error', { err }));
  }

  /** The bound port. */
  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.config.port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      for (const r of this.deps.routes) {
        if (!path.startsWith(r.prefix)) continue;
        if (await r.handle(req, res)) return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 - not found\n');
    } catch (err) {
      this.deps.log.error('http handler failed', { err, path });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500 - internal server error\n');
    }
  }

  /** Stops accepting and closes idle and, after `graceMs`, all connections. */
  async close(graceMs = 1000): Promise<void> {
    const closing = closeServer(this.server, this.sockets, graceMs);
    this.http?.closeIdleConnections();
    this.http?.close();
    await closing;
  }
}
