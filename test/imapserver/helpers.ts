// Shared setup for imapserver tests: a store with account "mox" (password "pw", login
// "mox@localhost"), an IMAP listener on a free port with a self-signed certificate.
import { createSecureContext, type SecureContext } from 'node:tls';
import type { TestContext } from 'node:test';
import type { Clock } from '../../src/clock/index.js';
import { CidSource } from '../../src/events/index.js';
import { ImapListener, type ImapListenerConfig, type ImapPorts } from '../../src/imapserver/index.js';
import { deriveSecrets, parseStoredSecrets } from '../../src/sasl/index.js';
import { Store, type Account } from '../../src/store/index.js';
import { generateLocalserveCert, parseKeyCertPair } from '../../src/tls/index.js';
import { ImapScript } from '../helpers/imap-script.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/tmp.js';

/** Login name and password of the test account. */
export const USER = 'mox@localhost';
export const PASS = 'pw';

let tlsContext: Promise<SecureContext> | undefined;

/** One self-signed TLS context for all tests in a file (generating keys takes a moment). */
export function testTls(): Promise<SecureContext> {
  tlsContext ??= generateLocalserveCert({ now: Date.now() }).then((c) => createSecureContext(parseKeyCertPair(c.certPem, c.keyPem)));
  return tlsContext;
}

/** A running test server. */
export interface TestServer {
  listener: ImapListener;
  port: number;
  store: Store;
  account: Account;
  deps: ReturnType<typeof testDeps>;
  /** Failed auth count per IP, as the ports saw it. */
  failures: Map<string, number>;
  /** A scripted connection that has read the greeting. */
  connect(opts?: { tls?: boolean }): Promise<ImapScript>;
  /** A scripted connection, logged in. */
  login(opts?: { tls?: boolean }): Promise<ImapScript>;
  /** Delivers a message to a mailbox of the account. */
  deliver(data: string | Buffer, mailbox?: string): Promise<number>;
}

/** Starts a store and listener; both are closed when the test ends. */
export async function startServer(
  t: TestContext,
  opts: Partial<ImapListenerConfig> & {
    allowAuth?: () => boolean;
    failLimit?: number;
    quota?: () => number;
    clock?: Clock;
    inboxMailboxes?: () => string[];
  } = {},
): Promise<TestServer> {
  const dataDir = tempDir(t, 'moxts-imap-');
  const deps = testDeps({ level: 'trace', ...(opts.clock ? { clock: opts.clock } : {}) });
  const store = new Store({ dataDir, clock: deps.clock, bus: deps.bus, log: deps.log });
  const account = await store.account('mox');
  account.setSecrets(JSON.stringify(await deriveSecrets(PASS, { minLength: 0, bcryptCost: 4, scramSHA1Iterations: 4096, scramSHA256Iterations: 4096 })));
  const failures = new Map<string, number>();
  const ports: ImapPorts = {
    clock: deps.clock,
    async saslLookup(username) {
      if (username === 'boom@localhost') throw new Error('simulated lookup failure');
      if (username !== USER) return null;
      const json = account.secrets();
      return { account: 'mox', secrets: json ? parseStoredSecrets(JSON.parse(json)) : null };
    },
    account: (name) => store.account(name),
    ...(opts.quota ? { quota: opts.quota } : {}),
    ...(opts.inboxMailboxes ? { inboxMailboxes: opts.inboxMailboxes } : {}),
    authAllowed: () => opts.allowAuth?.() ?? true,
    authFailed: (ip) => {
      const n = (failures.get(ip) ?? 0) + 1;
      failures.set(ip, n);
      return opts.failLimit !== undefined && n >= opts.failLimit;
    },
    authSucceeded: (ip) => void failures.delete(ip),
  };
  const { allowAuth: _a, failLimit: _f, quota: _q, clock: _c, inboxMailboxes: _i, ...listenerOpts } = opts;
  const config: ImapListenerConfig = {
    listener: 'test',
    service: 'imap',
    host: '127.0.0.1',
    port: 0,
    hostname: { ascii: 'localhost', unicode: '' },
    tls: await testTls(),
    implicitTls: false,
    requireTlsForAuth: false,
    idleTimeoutMs: 30 * 60_000,
    maxLiteral: 100 * 1024,
    appendLimit: 10 * 1024 * 1024,
    pedantic: false,
    ...listenerOpts,
  };
  const listener = new ImapListener(config, { ports, log: deps.log, bus: deps.bus, cids: new CidSource(1000) });
  await listener.listen();
  t.after(async () => {
    await listener.close(100);
    await store.close();
  });
  const port = listener.port;
  const srv: TestServer = {
    listener,
    port,
    store,
    account,
    deps,
    failures,
    async connect(o = {}) {
      const c = await ImapScript.connect(t, port, { tls: o.tls ?? config.implicitTls });
      await c.expect(/^\* OK \[CAPABILITY .*\] mox imap$/);
      return c;
    },
    async login(o = {}) {
      const c = await srv.connect(o);
      await c.cmd(`l1 LOGIN ${USER} ${PASS}`, /^l1 OK /);
      return c;
    },
    async deliver(data, mailbox = 'Inbox') {
      const m = await account.deliver({ mailbox, data: [typeof data === 'string' ? Buffer.from(data.replace(/\r?\n/g, '\r\n')) : data] });
      return m.uid;
    },
  };
  return srv;
}

/** A small message with a subject and body. */
export function message(i: number, extra = ''): string {
  return `From: Alice <alice@example.org>\nTo: mox@localhost\nSubject: message ${i}\nDate: Mon, 2 Jan 2006 15:04:05 -0700\nMessage-ID: <m${i}@example.org>\n${extra}\nbody of message ${i}\n`;
}
