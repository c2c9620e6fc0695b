import type { Registry } from 'prom-client';
import type { Bus, CidSource } from '../events/index.js';
import type { LogRouter } from '../log/index.js';
import { HttpListener, indexPage, type HttpRoute } from '../http/index.js';
import { SmtpListener, type SmtpPorts } from '../smtpserver/index.js';
import { ImapListener, type ImapPorts } from '../imapserver/index.js';
import { WebapiHandler, type WebapiPorts } from '../webapi/index.js';
import type { BoundService } from './engine.js';
import { ListenError } from './errors.js';
import type { PlannedListener } from './listeners.js';

/** Something that can be shut down. */
export interface Closable {
  close(): Promise<void>;
}

/** What the listeners need. */
export interface BindDeps {
  cids: CidSource;
  bus: Bus;
  logs: LogRouter;
  smtpPorts: SmtpPorts;
  imapPorts: ImapPorts;
  /** The webapi's collaborators; without them /webapi/ is not served. */
  webapiPorts?: WebapiPorts;
  registry: () => Registry;
  hostname: string;
  /** More routes for the HTTP(S) listeners (the CI fixture's /fixture/v0/ in localserve). */
  extraRoutes?: HttpRoute[];
}

interface Server {
  listen(): Promise<void>;
  readonly port: number;
  close(graceMs?: number): Promise<void>;
}

/**
 * Binds every planned listener. All addresses of one service share a port: with port 0 the
 * first address picks a free port and the others use the same. An IPv6 address the host
 * cannot use is skipped quietly; any other failure (a port in use) stops the start with a
 * ListenError naming the address, port and service.
 */
export async function startListeners(planned: PlannedListener[], d: BindDeps): Promise<{ closables: Closable[]; bound: BoundService[] }> {
  const servers: Server[] = [];
  const bound: BoundService[] = [];
  const chosen = new Map<string, number>();
  const closeAll: Closable = { close: async () => void (await Promise.all(servers.map((s) => s.close(2000)))) };
  try {
    for (const p of planned) {
      const key = `${p.listener}/${p.service}`;
      const port = chosen.get(key) ?? p.port;
      const server = makeServer({ ...p, port }, d);
      try {
        await server.listen();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        const v6 = p.host.includes(':');
        if (v6 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT' || (code === 'EADDRINUSE' && p.port === 0))) {
          d.logs.logger('mox').debug('skipping listener on unusable ipv6 address', { host: p.host, port, service: p.service, code });
          continue;
        }
        const what = code === 'EADDRINUSE' ? 'address already in use' : (e as Error).message;
        throw new ListenError(`listen on ${p.host.includes(':') ? `[${p.host}]` : p.host}:${port} (${p.service}): ${what}`, code);
      }
      servers.push(server);
      chosen.set(key, server.port);
      bound.push({ listener: p.listener, service: p.service, host: p.host, port: server.port });
    }
  } catch (e) {
    await closeAll.close();
    throw e;
  }
  return { closables: [closeAll], bound };
}

function makeServer(p: PlannedListener, d: BindDeps): Server {
  if (p.smtp) {
    return new SmtpListener({ ...p.smtp, port: p.port }, { ports: d.smtpPorts, log: d.logs.logger('smtpserver'), bus: d.bus, cids: d.cids });
  }
  if (p.imap) {
    return new ImapListener({ ...p.imap, port: p.port }, { ports: d.imapPorts, log: d.logs.logger('imapserver'), bus: d.bus, cids: d.cids });
  }
  const log = d.logs.logger('http');
  if (p.service === 'metrics') {
    return new HttpListener({ listener: p.listener, service: 'metrics', host: p.host, port: p.port }, { log, routes: metricsRoutes(d) });
  }
  if (p.service === 'http' || p.service === 'https') {
    return new HttpListener({ listener: p.listener, service: p.service, host: p.host, port: p.port, tls: p.tls }, { log, routes: webRoutes(p, d) });
  }
  throw new Error(`no server for service ${p.service}`);
}

function metricsRoutes(d: BindDeps): HttpRoute[] {
  return [
    {
      prefix: '/metrics',
      async handle(_req, res) {
        const r = d.registry();
        res.writeHead(200, { 'Content-Type': r.contentType }).end(await r.metrics());
        return true;
      },
    },
    {
      prefix: '/',
      handle(req, res) {
        if ((req.url ?? '/') !== '/') return false;
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(indexPage('mox metrics', 'Prometheus metrics of this mox instance.', [{ label: 'metrics', url: '/metrics' }]));
        return true;
      },
    },
  ];
}

function webRoutes(p: PlannedListener, d: BindDeps): HttpRoute[] {
  const pages = (p.web ?? []).filter((w) => w.path);
  const served = (w: { name: string }) => w.name === 'webapi' && d.webapiPorts !== undefined;
  const links = pages.map((w) => ({ label: `${w.name} (${w.path})`, url: w.path, note: served(w) ? undefined : 'not yet available in this version' }));
  const webapi = pages
    .filter(served)
    .map((w): HttpRoute => {
      const h = new WebapiHandler(d.webapiPorts!, { path: w.path, maxMessageSize: p.maxMessageSize ?? 100 * 1024 * 1024, forwarded: !!w.forwarded, log: d.logs.logger('webapi') });
      // Also "/webapi" without slash: mox redirects it to the mount path.
      return { prefix: w.path.replace(/\/+$/, ''), handle: (req, res) => h.handle(req, res) };
    });
  const routes: HttpRoute[] = pages
    .filter((w) => w.path !== '/' && !served(w))
    .map((w) => ({
      prefix: w.path,
      handle(_req, res) {
        res.writeHead(501, { 'Content-Type': 'text/html; charset=utf-8' }).end(indexPage(`mox ${w.name}`, `The ${w.name} interface is not implemented yet in this version of mox.`, links));
        return true;
      },
    }));
  routes.unshift(...webapi, ...(d.extraRoutes ?? []));
  routes.push({
    prefix: '/',
    handle(req, res) {
      if ((req.url ?? '/').split('?')[0] !== '/') return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(indexPage(`mox on ${d.hostname}`, 'This mox instance serves these web interfaces:', links));
      return true;
    },
  });
  return routes;
}
