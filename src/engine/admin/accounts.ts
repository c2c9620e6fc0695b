// Accounts and addresses (mox's admin.AccountAdd/AccountRemove/AddressAdd/AddressRemove):
// each change composes a new domains.conf and hands it to the engine, which checks, writes
// and applies it; a refused change leaves the file as it was.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { catchallSeparators, canonicalLocalpart, type Dynamic, type ResolvedDynamic } from '../../config/index.js';
import { CtlError } from '../../ctl/index.js';
import { QueueAdmin } from '../../queue/index.js';
import { deriveSecrets } from '../../sasl/index.js';
import type { Address } from '../../smtp/index.js';
import type { Engine } from '../engine.js';
import { addressKey, badRequest, canonicalKey, destinations, domainKey, findDestination, xparseAddress, xparseDomain } from './common.js';

/** A new account's config for its first address, as mox's MakeAccountConfig. */
export function newAccountConfig(addr: Address): Dynamic['Accounts'][string] {
  return {
    Domain: domainKey(addr.domain),
    Destinations: { [addressKey(addr)]: {} },
    RejectsMailbox: 'Rejects',
    JunkFilter: { Threshold: 0.95, Params: { Onegrams: true, MaxPower: 0.01, TopWords: 10, IgnoreWords: 0.1, RareWords: 2 } },
    AutomaticJunkFlags: { Enabled: true, JunkMailboxRegexp: '^(junk|spam)', NeutralMailboxRegexp: '^(inbox|neutral|postmaster|dmarc|tlsrpt|rejects)' },
    SubjectPass: { Period: 12 * 3600_000 },
    NoCustomPassword: true,
  } as unknown as Dynamic['Accounts'][string];
}

/** Why an address cannot be added (mox's checkAddressAvailable), or undefined. */
export function addressUnavailable(c: ResolvedDynamic, addr: Address): string | undefined {
  const dc = c.Domains[domainKey(addr.domain)];
  if (!dc) return 'domain does not exist';
  const lp = canonicalLocalpart(addr.localpart, dc);
  const key = canonicalKey(c, addressKey(addr));
  for (const acc of Object.values(c.Accounts)) {
    for (const k of Object.keys(acc.Destinations ?? {})) {
      if (!k.startsWith('@') && canonicalKey(c, k) === key) return `canonicalized address ${key} already configured`;
    }
  }
  for (const sep of catchallSeparators(dc)) {
    if (addr.localpart.includes(sep)) return `localpart cannot include domain catchall separator ${sep}`;
  }
  if (Object.keys(dc.Aliases).some((a) => canonicalLocalpart(a, dc) === lp)) return 'address in use as alias';
  return undefined;
}

/** Adds an account with one address (mox: no password yet; mail can be delivered). */
export async function accountAdd(engine: Engine, account: string, address: string): Promise<void> {
  let addr: Address;
  try {
    addr = xparseAddress(address);
  } catch (err) {
    throw badRequest(`parsing email address: ${(err as Error).message}`);
  }
  await engine.updateDynamic(async (d, cur) => {
    if (Object.hasOwn(d.Accounts, account)) throw badRequest('account already present');
    const dir = join(cur.static.DataDir, 'accounts', account);
    const exists = await stat(dir).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw badRequest(`stat account directory ${JSON.stringify(dir)}, expected "does not exist": ${err.message}`);
      },
    );
    if (exists) throw badRequest(`account directory ${JSON.stringify(dir)} already/still exists`);
    const why = addressUnavailable(cur.dynamic, addr);
    if (why) throw badRequest(`address not available: ${why}`);
    (d.Accounts as Record<string, unknown>)[account] = newAccountConfig(addr);
    return d;
  });
}

/**
 * Removes an account: its queued messages fail, queued webhooks are canceled, its suppression
 * list is emptied, it leaves domains.conf, and its data directory is removed.
 */
export async function accountRemove(engine: Engine, account: string): Promise<void> {
  if (!Object.hasOwn(engine.config.dynamic.Accounts, account)) throw badRequest('open account: no such account');
  const admin = new QueueAdmin(engine.queue);
  try {
    await admin.fail({ account });
  } catch (err) {
    throw new Error(`failing queued messages for account before removing: ${(err as Error).message}`);
  }
  try {
    await engine.queue.hooks.cancel({ account });
  } catch (err) {
    throw new Error(`canceling queued webhooks for account before removing: ${(err as Error).message}`);
  }
  for (const s of admin.suppressionList(account)) {
    try {
      await admin.suppressionRemove(account, s.baseAddress);
    } catch (err) {
      throw new Error(`removing suppression ${JSON.stringify(s.baseAddress)} for account: ${(err as Error).message}`);
    }
  }
  await engine.updateDynamic((d) => {
    delete (d.Accounts as Record<string, unknown>)[account];
    return d;
  });
  try {
    await engine.store.removeAccount(account);
  } catch (err) {
    throw new Error(`account removed from configuration file, but scheduling account directory for removal failed: ${(err as Error).message}`);
  }
}

/** Adds an address to an account; "@domain" adds the domain's catchall address. */
export async function addressAdd(engine: Engine, address: string, account: string): Promise<void> {
  await engine.updateDynamic((d, cur) => {
    if (!Object.hasOwn(d.Accounts, account)) throw badRequest('account does not exist');
    let key: string;
    if (address.startsWith('@')) {
      let name: string;
      try {
        name = domainKey(xparseDomain(address.slice(1)));
      } catch (err) {
        throw badRequest(`parsing domain: ${(err as Error).message}`);
      }
      key = `@${name}`;
      if (!Object.hasOwn(cur.dynamic.Domains, name)) throw badRequest('domain does not exist');
      if (findDestination(cur.dynamic, key)) throw badRequest('catchall address already configured for domain');
    } else {
      let addr: Address;
      try {
        addr = xparseAddress(address);
      } catch (err) {
        throw badRequest(`parsing email address: ${(err as Error).message}`);
      }
      const why = addressUnavailable(cur.dynamic, addr);
      if (why) throw badRequest(`address not available: ${why}`);
      key = addressKey(addr);
    }
    destinations(d, account)[key] = {};
    return d;
  });
}

/**
 * Removes an address (or "@domain" catchall) from its account. Refused when a TLS public key
 * logs in with it, or when it is the last member of an alias; other alias memberships and
 * fromid login addresses for it go too.
 */
export async function addressRemove(engine: Engine, address: string): Promise<void> {
  await engine.updateDynamic((d, cur) => {
    const found = findDestination(cur.dynamic, address);
    if (!found || found.key !== address) throw badRequest('address does not exists');
    const dests = destinations(d, found.account);
    if (!Object.hasOwn(dests, found.key)) throw badRequest('address not removed, likely a postmaster/reporting address');
    delete dests[found.key];
    const catchall = address.startsWith('@');
    let domName: string;
    try {
      domName = catchall ? domainKey(xparseDomain(address.slice(1))) : domainKey(xparseAddress(address).domain);
    } catch (err) {
      throw badRequest(`parsing address: ${(err as Error).message}`);
    }
    const dc = cur.dynamic.Domains[domName];
    if (!dc) throw badRequest(`unknown domain in address ${JSON.stringify(address)}`);
    const canon = canonicalKey(cur.dynamic, address);

    // fromid login addresses of this address (or, for a catchall, of its domain) go.
    const acc = d.Accounts[found.account] as unknown as { FromIDLoginAddresses?: string[] };
    if (acc.FromIDLoginAddresses) {
      acc.FromIDLoginAddresses = acc.FromIDLoginAddresses.filter((f) => {
        const fa = (() => {
          try {
            return xparseAddress(f);
          } catch {
            return undefined;
          }
        })();
        if (!fa || domainKey(fa.domain) !== domName) return true;
        return !catchall && canonicalKey(cur.dynamic, f) !== canon;
      });
      if (acc.FromIDLoginAddresses.length === 0) delete acc.FromIDLoginAddresses;
    }

    for (const k of engine.store.auth().tlsPublicKeys(found.account)) {
      if (!catchall && canonicalKey(cur.dynamic, k.loginAddress) === canon) {
        throw badRequest(
          `tls public key ${JSON.stringify(k.fingerprint)} references this address as login address ${JSON.stringify(k.loginAddress)}, remove the tls public key before removing the address`,
        );
      }
    }

    // Membership in aliases ends; the last member of an alias cannot go.
    for (const [name, dom] of Object.entries(d.Domains)) {
      for (const [lp, alias] of Object.entries((dom as { Aliases?: Record<string, { Addresses: string[] }> }).Aliases ?? {})) {
        const rest = alias.Addresses.filter((a) => a !== address);
        if (rest.length === alias.Addresses.length) continue;
        if (rest.length === 0) throw new Error(`address is last member of alias ${lp}@${name}, add new members or remove alias first`);
        alias.Addresses = rest;
      }
    }
    return d;
  });
}

/** Sets an account's password: only derived secrets are stored (SCRAM, CRAM-MD5, bcrypt). */
export async function setAccountPassword(engine: Engine, account: string, password: string): Promise<void> {
  if (!Object.hasOwn(engine.config.dynamic.Accounts, account)) throw new CtlError('open account: no such account');
  let secrets: string;
  try {
    secrets = JSON.stringify(await deriveSecrets(password));
  } catch (err) {
    throw new Error(`setting password: ${(err as Error).message}`);
  }
  const acc = await engine.store.account(account);
  acc.setSecrets(secrets);
  await acc.durable();
}
