import type { Clock } from '../clock/index.js';
import { catchallSeparators, type LoadedConfig } from '../config/index.js';
import { parseDomain, tryParseDomain, type Domain } from '../dns/index.js';
import type { CidSource } from '../events/index.js';
import { QueueAdmin, type Queue } from '../queue/index.js';
import type { PasswordCache } from '../sasl/index.js';
import type { ReceivedIdCodec } from '../smtp/index.js';
import type { Store } from '../store/index.js';
import type { SmtpPorts } from '../smtpserver/index.js';
import type { WebapiPorts } from '../webapi/index.js';
import type { AddressIndex } from './addresses.js';
import type { AuthLimiter } from './limiter.js';

/** What the webapi ports are made of. */
export interface WebapiPortsDeps {
  clock: Clock;
  config: () => LoadedConfig;
  store: Store;
  queue: Queue;
  addresses: () => AddressIndex;
  cids: CidSource;
  receivedIds: ReceivedIdCodec;
  limiter: AuthLimiter;
  saslLookup: SmtpPorts['saslLookup'];
  passwordCache?: PasswordCache;
}

/** Connects the webapi to the store, the queue (as SMTP submission does), the config and the auth limiter. */
export function makeWebapiPorts(d: WebapiPortsDeps): WebapiPorts {
  const domainConf = (dom: Domain) => {
    for (const [name, c] of Object.entries(d.config().dynamic.Domains)) if (tryParseDomain(name)?.ascii === dom.ascii) return c;
    return undefined;
  };
  const domainStr = (dom: Domain) => dom.unicode || dom.ascii;
  return {
    clock: d.clock,
    hostname: parseDomain(d.config().static.Hostname),
    credentials: (username) => d.saslLookup(username),
    passwordCache: d.passwordCache,
    authAllowed: (ip) => d.limiter.allowed(ip),
    authFailed: (ip) => void d.limiter.failed(ip),
    authSucceeded: (ip) => d.limiter.succeeded(ip),
    nextCid: () => d.cids.next(),
    receivedId: (cid) => d.receivedIds.id(cid),
    account: (name) => d.store.account(name),
    settings(account) {
      const { dynamic, static: conf } = d.config();
      const acc = dynamic.Accounts[account];
      if (!acc) return undefined;
      // mox's Account.QuotaMessageSize: the account's limit unless 0, else mox.conf's; negative is none.
      const quota = acc.QuotaMessageSize !== 0 ? acc.QuotaMessageSize : (conf.QuotaMessageSize ?? 0);
      return {
        fullName: acc.FullName ?? '',
        fromIdLoginAddresses: [...acc.FromIDLoginAddresses],
        loginDisabled: acc.LoginDisabled,
        quota: Math.max(0, quota),
      };
    },
    allowMsgFrom(account, localpart, domain) {
      // mox's AllowMsgFrom: the address (or its domain's catchall) leads to this account, or
      // it is an alias with AllowMsgFrom that the account is a member of.
      if (domainConf(domain)?.Disabled) return { ok: false, domainDisabled: true };
      const t = d.addresses().recipient(localpart, domain.ascii);
      const viaAlias = !!t?.alias?.allowMsgFrom && t.alias.members.some((m) => m.target.account === account);
      return { ok: t?.account === account || viaAlias, domainDisabled: false };
    },
    catchallSeparator(domain) {
      const c = domainConf(domain);
      return c ? (catchallSeparators(c)[0] ?? '') : '';
    },
    submit: (req) =>
      d.queue.add({
        account: req.account,
        sender: { localpart: req.sender.localpart, domain: req.sender.domain.ascii, domainStr: domainStr(req.sender.domain) },
        recipients: req.recipients.map((r) => ({ localpart: r.localpart, domain: r.domain.ascii, domainStr: domainStr(r.domain) })),
        prefix: req.prefix,
        data: req.data,
        has8bit: req.has8bit,
        smtputf8: req.smtputf8,
        requireTls: req.requireTls,
        messageId: req.messageId,
        subject: req.subject,
        extra: req.extra,
        fromId: req.fromId || undefined,
        futureRelease: req.futureRelease,
        cid: req.cid,
      }),
    suppressions: {
      list: (account) => d.queue.suppressions.list(account),
      async add(account, address, manual, reason) {
        const now = d.clock.now();
        const added = d.queue.db.tx(() => d.queue.suppressions.add({ created: now, account, originalAddress: address, manual, reason }));
        await d.queue.db.durable();
        if (added) d.queue.deps.bus.emit('queue.suppressed', { account, address, reason, manual });
        return !!added;
      },
      remove: (account, address) => new QueueAdmin(d.queue).suppressionRemove(account, address),
      lookup: (account, address) => d.queue.suppressions.lookup(account, address),
    },
  };
}
