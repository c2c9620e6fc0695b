import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import { newFromId, type Queue, type QueuedMsg } from '../queue/index.js';
import { parseStoredSecrets, type PasswordCache } from '../sasl/index.js';
import type { IncomingRequest, SmtpPolicy, SmtpPorts, SubmitRequest } from '../smtpserver/index.js';
import {
  C550MailboxUnavail,
  C554TransactionFailed,
  ReplyError,
  SeAddr1SenderSyntax7,
  SeAddr1UnknownDestMailbox1,
  SeProto5TooManyRcpts3,
  pathString,
  type Path,
  type ReceivedIdCodec,
} from '../smtp/index.js';
import type { Store } from '../store/index.js';
import { usesFromId } from '../webapi/index.js';
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
  /** An account's FromIDLoginAddresses: submissions logged in with one get a FromID. */
  fromIdLoginAddresses?: (account: string) => readonly string[];
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
      const common = {
        account: req.account,
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
      };
      const sep = d.addresses().fromIdSeparator(req.from.ipdomain.domain?.ascii ?? '');
      if (!sep || !usesFromId(req.username, d.fromIdLoginAddresses?.(req.account) ?? [])) {
        return d.queue.add({ ...common, sender: part(req.from), recipients: req.rcpts.map(part) });
      }
      // mox's FromID for submissions: MAIL FROM becomes <base><sep><fromid>, one queue message
      // per recipient; a submitter may choose the fromid (one recipient only, and unused).
      const lp = req.from.localpart;
      const i = lp.indexOf(sep);
      const given = i >= 0 ? lp.slice(i + sep.length) : undefined;
      if (given && req.rcpts.length > 1) {
        throw new ReplyError(C554TransactionFailed, SeProto5TooManyRcpts3, 'cannot send to multiple recipients with chosen fromid');
      }
      const inUse = 'SELECT 1 FROM msg WHERE fromid = ? UNION ALL SELECT 1 FROM msg_retired WHERE fromid = ? LIMIT 1';
      if (given && d.queue.db.prepare(inUse).get(given, given)) {
        throw new ReplyError(C554TransactionFailed, SeAddr1SenderSyntax7, `bad fromid in smtp mail from address: fromid not unique: ${JSON.stringify(given)}`);
      }
      const ids: number[] = [];
      for (const r of req.rcpts) {
        const fromId = given ?? newFromId();
        const sender = { ...part(req.from), localpart: `${i >= 0 ? lp.slice(0, i) : lp}${sep}${fromId}` };
        ids.push(...(await d.queue.add({ ...common, sender, fromId, recipients: [part(r)] })));
      }
      return ids;
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
