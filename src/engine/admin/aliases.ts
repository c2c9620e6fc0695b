// Aliases (mox's admin.AliasAdd/AliasUpdate/AliasRemove/AliasAddressesAdd/Remove): lists
// kept under Domains.<domain>.Aliases.<localpart> in domains.conf.

import type { Dynamic } from '../../config/index.js';
import type { Address } from '../../smtp/index.js';
import type { Engine } from '../engine.js';
import { badRequest, domainKey } from './common.js';

/** An alias as configured (mox's config.Alias). */
export interface AliasConfig {
  Addresses: string[];
  PostPublic?: boolean;
  ListMembers?: boolean;
  AllowMsgFrom?: boolean;
}

type Aliases = Record<string, AliasConfig>;

/** Changes the aliases of the alias address's domain (mox's DomainSave). */
function saveAliases(engine: Engine, addr: Address, modify: (aliases: Aliases, lp: string) => void): Promise<unknown> {
  return engine.updateDynamic((d: Dynamic) => {
    const dom = (d.Domains as Record<string, { Aliases?: Aliases }>)[domainKey(addr.domain)];
    if (!dom) throw badRequest('domain not present');
    const aliases: Aliases = dom.Aliases ?? {};
    modify(aliases, addr.localpart);
    // Empty: leave the key out, as mox writes no empty map.
    if (Object.keys(aliases).length === 0) delete dom.Aliases;
    else dom.Aliases = aliases;
    return d;
  });
}

/** Adds an alias. */
export function aliasAdd(engine: Engine, addr: Address, alias: AliasConfig): Promise<unknown> {
  return saveAliases(engine, addr, (aliases, lp) => {
    if (Object.hasOwn(aliases, lp)) throw badRequest('alias already present');
    aliases[lp] = withoutFalse(alias);
  });
}

/** Sets an alias's PostPublic/ListMembers/AllowMsgFrom; undefined leaves a setting as is. */
export function aliasUpdate(engine: Engine, addr: Address, change: { postPublic?: boolean; listMembers?: boolean; allowMsgFrom?: boolean }): Promise<unknown> {
  return saveAliases(engine, addr, (aliases, lp) => {
    const a = aliases[lp];
    if (!a) throw new Error('alias does not exist');
    aliases[lp] = withoutFalse({
      ...a,
      PostPublic: change.postPublic ?? a.PostPublic,
      ListMembers: change.listMembers ?? a.ListMembers,
      AllowMsgFrom: change.allowMsgFrom ?? a.AllowMsgFrom,
    });
  });
}

/** Removes an alias. */
export function aliasRemove(engine: Engine, addr: Address): Promise<unknown> {
  return saveAliases(engine, addr, (aliases, lp) => {
    if (!Object.hasOwn(aliases, lp)) throw badRequest('alias does not exist');
    delete aliases[lp];
  });
}

/** Adds members to an alias. */
export function aliasAddressesAdd(engine: Engine, addr: Address, addresses: string[]): Promise<unknown> {
  if (addresses.length === 0) return Promise.reject(badRequest('at least one address required'));
  return saveAliases(engine, addr, (aliases, lp) => {
    const a = aliases[lp];
    if (!a) throw badRequest('no such alias');
    a.Addresses = [...a.Addresses, ...addresses];
  });
}

/** Removes members from an alias; every address must be a member. */
export function aliasAddressesRemove(engine: Engine, addr: Address, addresses: string[]): Promise<unknown> {
  if (addresses.length === 0) return Promise.reject(badRequest('need at least one address'));
  return saveAliases(engine, addr, (aliases, lp) => {
    const a = aliases[lp];
    if (!a) throw badRequest('no such alias');
    let left = [...addresses];
    a.Addresses = a.Addresses.filter((m) => {
      const n = left.length;
      left = left.filter((x) => x !== m);
      return left.length === n;
    });
    if (left.length > 0) throw badRequest(`address not found: ${left.join(', ')}`);
  });
}

// Optional booleans that are false are left out of domains.conf, as mox's writer does.
function withoutFalse(a: AliasConfig): AliasConfig {
  const out: AliasConfig = { Addresses: a.Addresses };
  if (a.PostPublic) out.PostPublic = true;
  if (a.ListMembers) out.ListMembers = true;
  if (a.AllowMsgFrom) out.AllowMsgFrom = true;
  return out;
}
