import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import type { Queue, QueuedMsg } from '../queue/index.js';
import { parseStoredSecrets, type PasswordCache } from '../sasl/index.js';
import type { IncomingRequest, SmtpPolicy, SmtpPorts, SubmitRequest } from '../smtpserver/index.js';
import {
  C550MailboxUnavail,
  ReplyError,
  SeAddr1UnknownDestMailbox1,
  pathString,
  type Path,
  type ReceivedIdCodec,
} from '../smtp/index.js';
import type { Store } from '../store/index.js';
import type { AddressIndex, AddressTarget } from './addresses.js';
import type { AuthLimiter, ConnectionLimiter } from './limiter.js';

/** What the SMTP ports need from the engine. */
export interface SmtpPortsDeps {
  clock: Clock;
  store: Store;
  queue: Queue;
  addresses: () => AddressIndex;
  receivedIds: ReceivedIdCodec;
  limiter: AuthLimiter;
  connections: ConnectionLimiter;
  policy: SmtpPolicy;
  checkIncoming: SmtpPorts['checkIncoming'];
  /** Where mail for unknown addresses goes (localserve: the mox account), or undefined to refuse it. */
  fallbackRecipient?: AddressTarget;
  /** Secret for stable fake SCRAM salts of unknown users. */
  saslUnknownUserKey: Uint8Array;
  passwordCache?: PasswordCache;
  /** Queue messages being delivered over loopback, by the client's local port. */
  loopback: Map<number, QueuedMsg[]>;
  /** For problems after a delivery (webhooks) that do not fail it. */
  log?: Logger;
}

/** Connects the SMTP server to the store, the queue and the engine's policies. */
export function makeSmtpPorts(d: SmtpPortsDeps): SmtpPorts {
  return {
    clock: d.clock,
    policy: d.policy,
    checkIncoming: d.checkIncoming,
    receivedId: (cid) => d.receivedIds.id(cid),
    saslUnknownUserKey: d.saslUnknownUserKey,
    passwordCache: d.passwordCache,
    async saslLookup(username) {
      const t = d.addresses().login(username);
      if (!t) return null;
      const acc = await d.store.account(t.account);
      const json = acc.secrets();
      return { account: t.account, secrets: json ? parseStoredSecrets(JSON.parse(json)) : null };
    },
    resolveRecipient(rcpt: Path) {
      const dom = rcpt.ipdomain.domain;
      const t = dom ? d.addresses().recipient(rcpt.localpart, dom.ascii) : undefined;
      if (t) return t;
      if (d.fallbackRecipient) return d.fallbackRecipient;
      throw new ReplyError(C550MailboxUnavail, SeAddr1UnknownDestMailbox1, 'no such user');
    },
    async submit(req: SubmitRequest) {
      const part = (p: Path) => ({
        localpart: p.localpart,
        domain: p.ipdomain.domain?.ascii ?? '',
        domainStr: p.ipdomain.domain ? p.ipdomain.domain.unicode || p.ipdomain.domain.ascii : '',
      });
      return d.queue.add({
        account: req.account,
        sender: part(req.from),
        recipients: req.rcpts.map(part),
        prefix: req.prefix,
        data: req.data,
        has8bit: req.has8bit,
        smtputf8: req.smtputf8,
        requireTls: req.requireTls,
        messageId: req.messageIdHeader,
        subject: req.subject,
        extra: req.extra,
        futureRelease: req.futureRelease,
        cid: req.cid,
      });
    },
    async deliver(req: IncomingRequest) {
      // A retry by our own queue after a crash must not store the message twice: loopback
      // deliveries carry the queue message id as the store's delivery key.
      const queued = d.loopback.get(req.remotePort);
      await Promise.all(
        req.rcpts.map(async (r) => {
          const acc = await d.store.account(r.target.account);
          const rcptTo = pathString(r.path);
          const qm = queued?.find((m) => `${m.recipientLocalpart}@${m.recipientDomainStr}`.toLowerCase() === rcptTo.toLowerCase());
          const mailFrom = pathString(req.from);
          const info = await acc.deliver({
            mailbox: r.target.mailbox,
            data: [r.prefix, req.data],
            mailFrom,
            rcptTo,
            remoteIp: req.remoteIp,
            cid: req.cid,
            deliveryKey: qm ? `queue:${qm.id}` : undefined,
          });
          // mox's queue.Incoming after each delivery: a DSN for a fromid, or an incoming
          // webhook. Committed before our 250; a failure here does not undo the delivery.
          const domain = r.path.ipdomain.domain?.ascii ?? '';
          await d.queue
            .incoming({
              account: r.target.account,
              rcptLocalpart: r.path.localpart,
              rcptDomain: domain,
              separator: d.addresses().fromIdSeparator(domain),
              message: Buffer.concat([r.prefix, req.data]),
              msgId: info.id,
              mailFrom,
              rcptTo,
              remoteIp: req.remoteIp,
              received: info.received,
              mailboxName: r.target.mailbox,
            })
            .catch((err) => d.log?.error('queueing webhook for incoming delivery', { account: r.target.account, msgId: info.id, err }));
        }),
      );
    },
    connectionOpened: (ip) => d.connections.opened(ip),
    tlsClientIdentity(fingerprint) {
      const k = d.store.auth().tlsPublicKey(fingerprint);
      return k ? { username: k.loginAddress, account: k.account } : null;
    },
    authAllowed: (ip) => d.limiter.allowed(ip),
    authFailed: (ip) => d.limiter.failed(ip),
    authSucceeded: (ip) => d.limiter.succeeded(ip),
  };
}
