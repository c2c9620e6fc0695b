import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { parseDomain } from '../../dns/index.js';
import { addressString, parseAddress, type Address } from '../../smtp/index.js';
import { aliasAdd, aliasAddressesAdd, aliasAddressesRemove, aliasRemove, aliasUpdate } from '../admin/aliases.js';
import { domainKey, findDestination } from '../admin/common.js';
import type { Engine } from '../engine.js';
import { check, readParams } from './wire.js';

function xaddress(s: string): Address {
  try {
    return parseAddress(s);
  } catch (err) {
    throw new CtlError(`parsing address: ${(err as Error).message}`);
  }
}

/** mox's xparseJSON: a JSON line of the expected shape, else "parsing from ctl as json: …". */
function parseJsonLine<T>(line: string, valid: (v: unknown) => v is T): T {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw new CtlError(`parsing from ctl as json: ${(err as Error).message}`);
  }
  if (!valid(v)) throw new CtlError('parsing from ctl as json: unexpected value');
  return v;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

interface WireAlias {
  Addresses: string[] | null;
  PostPublic?: boolean;
  ListMembers?: boolean;
  AllowMsgFrom?: boolean;
}

// Go mox's CLI also sends config.Alias's internal fields (LocalpartStr, Domain,
// ParsedAddresses: no json tags); they are accepted and ignored, as Go mox's server does.
const aliasKeys = new Set(['Addresses', 'PostPublic', 'ListMembers', 'AllowMsgFrom', 'LocalpartStr', 'Domain', 'ParsedAddresses']);
function isWireAlias(v: unknown): v is WireAlias {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  // mox decodes with DisallowUnknownFields; Go's field matching ignores case.
  for (const k of Object.keys(o)) {
    const known = [...aliasKeys].find((a) => a.toLowerCase() === k.toLowerCase());
    if (!known) return false;
    if (known !== k) {
      o[known] = o[k];
      delete o[k];
    }
  }
  if (o.Addresses !== undefined && o.Addresses !== null && !isStringList(o.Addresses)) return false;
  return ['PostPublic', 'ListMembers', 'AllowMsgFrom'].every((k) => o[k] === undefined || typeof o[k] === 'boolean');
}

/** "true"/"false" sets a setting; anything else leaves it (mox's aliasupdate). */
function optBool(s: string): boolean | undefined {
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** The alias config for an address, as mox's Conf.AccountDestination finds it. */
function lookupAlias(engine: Engine, address: string) {
  const a = (() => {
    try {
      return parseAddress(address);
    } catch {
      return undefined;
    }
  })();
  const dc = a ? engine.config.dynamic.Domains[domainKey(a.domain)] : undefined;
  const alias = a && dc ? dc.Aliases[a.localpart] : undefined;
  if (alias) return alias;
  if (findDestination(engine.config.dynamic, address)) throw new CtlError('looking up alias: address not an alias');
  throw new CtlError('looking up alias: no such address');
}

/** The handlers for aliaslist, aliasprint, aliasadd, aliasupdate, aliasrm, aliasaddaddr and aliasrmaddr. */
export function aliasHandlers(engine: Engine): Record<string, CtlHandler> {
  return {
    // > domain; < "ok" or error; < stream: one alias address per line.
    aliaslist: async (conn) => {
      const [domain] = await readParams(conn, 1);
      let d;
      try {
        d = parseDomain(domain!);
      } catch (err) {
        throw new CtlError(`parsing domain: ${(err as Error).message}`);
      }
      const dc = engine.config.dynamic.Domains[domainKey(d)];
      if (!dc) throw new CtlError('listing aliases: no such domain');
      await conn.ok();
      // Deviation (order): mox lists in Go's random map order; we sort.
      const lines = Object.keys(dc.Aliases)
        .sort()
        .map((lp) => `${addressString({ localpart: lp, domain: d }, true)}\n`);
      await conn.writeStream(lines.join(''));
    },

    // > address; < "ok" or error; < stream: settings and members.
    aliasprint: async (conn) => {
      const [address] = await readParams(conn, 1);
      const a = lookupAlias(engine, address!);
      await conn.ok();
      const text =
        `# postpublic ${a.PostPublic}\n# listmembers ${a.ListMembers}\n# allowmsgfrom ${a.AllowMsgFrom}\n# members:\n` +
        a.Addresses.map((m) => `${m}\n`).join('');
      await conn.writeStream(text);
    },

    // > address; > json alias; < "ok" or error.
    aliasadd: async (conn) => {
      const [address, line] = await readParams(conn, 2);
      const addr = xaddress(address!);
      const alias = parseJsonLine(line!, isWireAlias);
      await check('adding alias', () =>
        aliasAdd(engine, addr, { Addresses: alias.Addresses ?? [], PostPublic: alias.PostPublic, ListMembers: alias.ListMembers, AllowMsgFrom: alias.AllowMsgFrom }),
      );
      await conn.ok();
    },

    // > alias; > postpublic; > listmembers; > allowmsgfrom (each "true", "false" or ""); < "ok" or error.
    aliasupdate: async (conn) => {
      const [address, pp, lm, amf] = await readParams(conn, 4);
      const addr = xaddress(address!);
      await check('saving alias', () => aliasUpdate(engine, addr, { postPublic: optBool(pp!), listMembers: optBool(lm!), allowMsgFrom: optBool(amf!) }));
      await conn.ok();
    },

    // > alias; < "ok" or error.
    aliasrm: async (conn) => {
      const [address] = await readParams(conn, 1);
      const addr = xaddress(address!);
      await check('removing alias', () => aliasRemove(engine, addr));
      await conn.ok();
    },

    // > alias; > json list of addresses; < "ok" or error.
    aliasaddaddr: async (conn) => {
      const [address, line] = await readParams(conn, 2);
      const addr = xaddress(address!);
      const list = parseJsonLine(line!, (v): v is string[] | null => v === null || isStringList(v)) ?? [];
      await check('adding addresses to alias', () => aliasAddressesAdd(engine, addr, list));
      await conn.ok();
    },

    // > alias; > json list of addresses; < "ok" or error.
    aliasrmaddr: async (conn) => {
      const [address, line] = await readParams(conn, 2);
      const addr = xaddress(address!);
      const list = parseJsonLine(line!, (v): v is string[] | null => v === null || isStringList(v)) ?? [];
      await check('removing addresses to alias', () => aliasAddressesRemove(engine, addr, list));
      await conn.ok();
    },
  };
}
