// Real TLS connections over loopback (port 0) for the tls tests.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';

export interface TlsPair {
  server: tls.TLSSocket;
  client: tls.TLSSocket;
  /** The TLS 1.2 session the client received, for resumption. */
  session?: Buffer;
  close(): Promise<void>;
}

export interface TlsTestServer {
  /** Connects a new client; `session` resumes an earlier one. */
  connect(opts?: { session?: Buffer }): Promise<TlsPair>;
  close(): Promise<void>;
}

interface ServerOpts {
  cert: string | Buffer;
  key: string | Buffer;
  /** The client trusts this CA; without it the client does not verify. */
  ca?: string | Buffer;
  maxVersion?: tls.SecureVersion;
}

/** Starts a TLS server on a free loopback port. */
export async function tlsServer(opts: ServerOpts): Promise<TlsTestServer> {
  const server = tls.createServer({ cert: opts.cert, key: opts.key, ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}) });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const sockets: tls.TLSSocket[] = [];
  return {
    async connect(c = {}) {
      const serverSock = once(server, 'secureConnection') as Promise<[tls.TLSSocket]>;
      let session: Buffer | undefined;
      const client = tls.connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ...(opts.ca ? { ca: opts.ca } : { rejectUnauthorized: false }),
        ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
        ...(c.session ? { session: c.session } : {}),
      });
      client.on('session', (s: Buffer) => (session = s));
      // once() rejects on 'error', so a failed handshake fails the test instead of hanging.
      await once(client, 'secureConnect').catch((e: unknown) => {
        client.destroy();
        throw e;
      });
      client.on('error', () => undefined);
      const [s] = await serverSock;
      s.on('error', () => undefined);
      sockets.push(client, s);
      // A session ticket may arrive just after the handshake.
      await new Promise((r) => setImmediate(r));
      return {
        server: s,
        client,
        ...(session ? { session } : {}),
        async close() {
          client.destroy();
          s.destroy();
        },
      };
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Starts a server, connects one client, and closes both on close(). */
export async function tlsPair(opts: ServerOpts): Promise<TlsPair> {
  const srv = await tlsServer(opts);
  try {
    const p = await srv.connect();
    return { ...p, close: () => srv.close() };
  } catch (e) {
    await srv.close();
    throw e;
  }
}
