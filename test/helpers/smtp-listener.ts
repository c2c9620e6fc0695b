import { createSecureContext } from 'node:tls';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { CidSource } from '../../src/events/index.js';
import { parseDomain } from '../../src/dns/index.js';
import { deriveSecrets, type StoredSecrets } from '../../src/sasl/index.js';
import { ReceivedIdCodec } from '../../src/smtp/index.js';
import { SmtpListener, type IncomingRequest, type SmtpListenerConfig, type SmtpPolicy, type SmtpPorts, type SubmitRequest } from '../../src/smtpserver/index.js';
import { generateLocalserveCert, parseKeyCertPair } from '../../src/tls/index.js';
import { testDeps } from './deps.js';

let secrets: Promise<StoredSecrets> | undefined;

/** An SMTP listener on a free port with recording ports, for protocol tests. */
export async function startSmtp(
  t: TestContext,
  config: Partial<SmtpListenerConfig> = {},
  policy?: Partial<SmtpPolicy>,
  opts?: { connectionOpened?: SmtpPorts['connectionOpened']; clientKeys?: Record<string, { username: string; account: string }> },
) {
  const d = testDeps({ level: 'traceauth' });
  const cert = await generateLocalserveCert({ now: Date.now() });
  const pair = parseKeyCertPair(cert.certPem, cert.keyPem);
  const tls = createSecureContext({ cert: pair.cert, key: pair.key });
  secrets ??= deriveSecrets('moxmoxmox');
  const sec = await secrets;
  const submitted: SubmitRequest[] = [];
  const delivered: IncomingRequest[] = [];
  const ids = new ReceivedIdCodec(randomBytes(24));
  const l = new SmtpListener(
    {
      listener: 'test',
      service: 'submission',
      host: '127.0.0.1',
      port: 0,
      hostname: parseDomain('mox.example'),
      tls,
      implicitTls: false,
      requireTlsForAuth: false,
      requireTlsForMail: false,
      maxMessageSize: 10_000,
      maxRecipients: 5,
      pedantic: true,
      idleTimeoutMs: 60_000,
      requireTlsExtension: true,
      ...config,
    },
    {
      ports: {
        clock: d.clock,
        saslLookup: async (u) => (u === 'mox@localhost' ? { account: 'mox', secrets: sec } : null),
        saslUnknownUserKey: randomBytes(32),
        receivedId: (cid) => ids.id(cid),
        resolveRecipient: () => ({ account: 'mox', destination: 'mox@localhost', mailbox: 'Inbox' }),
        submit: async (r) => {
          submitted.push(r);
          return r.rcpts.map((_, i) => i + 1);
        },
        deliver: async (r) => void delivered.push(r),
        checkIncoming: async () => ({ methods: [{ method: 'spf', result: 'none' }] }),
        policy: { mailFrom: () => undefined, rcptTo: () => undefined, submitData: () => undefined, deliverData: () => undefined, ...policy },
        connectionOpened: (ip) => (opts?.connectionOpened ?? (() => ({ ok: true, release: () => undefined })))(ip),
        tlsClientIdentity: (fp) => (opts?.clientKeys ?? {})[fp] ?? null,
        authAllowed: () => true,
        authFailed: () => false,
        authSucceeded: () => undefined,
      },
      log: d.log,
      bus: d.bus,
      cids: new CidSource(Date.now()),
    },
  );
  await l.listen();
  t.after(() => l.close(500));
  return { listener: l, port: l.port, submitted, delivered, ids, ...d };
}
