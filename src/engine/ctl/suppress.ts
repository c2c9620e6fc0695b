import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { QueueAdmin, type Suppression } from '../../queue/index.js';
import { addressString, parseAddress } from '../../smtp/index.js';
import type { Engine } from '../engine.js';
import { goQuote, goTimeString } from './format.js';
import { check, readParams, writeList } from './wire.js';

/** The reason mox records for an address added with `mox queue suppress add`. */
export const cliSuppressionReason = 'added through mox cli';

/** A suppression as a tab-separated line of `mox queue suppress list`. */
export function suppressionLine(s: Suppression): string {
  return [goQuote(s.account), goQuote(s.originalAddress), s.manual ? 'Yes' : 'No', goTimeString(s.created), goQuote(s.baseAddress), goQuote(s.reason)].join('\t');
}

/** What `mox queue suppress lookup` prints for an entry, or for none. */
export function suppressionLookupText(s: Suppression | undefined): string {
  if (!s) return 'not present\n';
  return `present\nadded: ${goTimeString(s.created)}\nmanual: ${s.manual ? 'yes' : 'no'}\nbase address: ${s.baseAddress}\nreason: ${goQuote(s.reason)}\n`;
}

// An address in the form mox keys suppressions by: localpart text, "@", Unicode domain.
function normalAddress(s: string): string {
  try {
    return addressString(parseAddress(s), true);
  } catch (err) {
    throw new CtlError(`parsing address: ${(err as Error).message}`);
  }
}

/**
 * The handlers for queuesuppresslist, queuesuppressadd, queuesuppressremove and
 * queuesuppresslookup (mox's ctl.go).
 */
export function suppressHandlers(engine: Engine): Record<string, CtlHandler> {
  const admin = () => new QueueAdmin(engine.queue);
  const needAccount = (account: string) => {
    if (!Object.hasOwn(engine.config.dynamic.Accounts, account)) throw new CtlError('looking up account: unknown account');
  };
  return {
    // > account or ""; < "ok"; < stream of text lines.
    queuesuppresslist: async (conn) => {
      const [account] = await readParams(conn, 1);
      const l = await check('listing suppressions', () => admin().suppressionList(account || undefined));
      // Deviation (typo): mox's header says "base adddress".
      await writeList(conn, 'suppressions (account, address, manual, time added, base address, reason):', l.map(suppressionLine));
    },

    // > account; > address; < "ok" or error.
    queuesuppressadd: async (conn) => {
      const [account, address] = await readParams(conn, 2);
      needAccount(account!);
      const addr = normalAddress(address!);
      const added = await check('adding suppression', () => admin().suppressionAdd(account!, addr, cliSuppressionReason));
      // mox: the unique index on (account, base address) refuses a second entry.
      if (!added) throw new CtlError('adding suppression: address already in suppression list');
      await conn.ok();
    },

    // > account; > address; < "ok" or error.
    queuesuppressremove: async (conn) => {
      const [account, address] = await readParams(conn, 2);
      const addr = normalAddress(address!);
      const removed = await check('removing suppression', () => admin().suppressionRemove(account!, addr));
      // mox: its database answers "absent" when nothing matched.
      if (!removed) throw new CtlError('removing suppression: absent');
      await conn.ok();
    },

    // > account or ""; > address; < "ok" or error; < stream of text.
    queuesuppresslookup: async (conn) => {
      const [account, address] = await readParams(conn, 2);
      if (account) needAccount(account);
      const addr = normalAddress(address!);
      const found = await check('looking up suppression', () => admin().suppressionLookup(addr, account || undefined));
      await conn.ok();
      await conn.writeStream(suppressionLookupText(found[0]));
    },
  };
}
