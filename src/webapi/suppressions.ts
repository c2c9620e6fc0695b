import { localZoneOffset } from '../message/index.js';
import { addressString, parseAddress } from '../smtp/index.js';
import type { CallContext, CallResult } from './context.js';
import { WebapiError } from './errors.js';
import { rfc3339 } from './json.js';
import type { SuppressionEntry } from './ports.js';
import type { Suppression, SuppressionAddRequest, SuppressionPresentRequest, SuppressionRemoveRequest } from './types.js';

/** Parses an address for the webapi; `badAddress` when it is not valid (mox's xparseAddress). */
export function needAddress(s: string): ReturnType<typeof parseAddress> {
  try {
    return parseAddress(s);
  } catch (err) {
    throw new WebapiError('badAddress', `parsing address ${JSON.stringify(s)}: ${(err as Error).message}`);
  }
}

/** A suppression entry in the webapi's JSON shape; times in the local zone, as mox. */
export function suppressionJson(s: SuppressionEntry): Suppression {
  return {
    ID: s.id,
    Created: rfc3339(s.created, localZoneOffset(s.created)),
    Account: s.account,
    BaseAddress: s.baseAddress,
    OriginalAddress: s.originalAddress,
    Manual: s.manual,
    Reason: s.reason,
  };
}

/** SuppressionList: the account's entries. */
export function suppressionList(ctx: CallContext): Promise<CallResult> {
  return Promise.resolve({ json: { Suppressions: ctx.ports.suppressions.list(ctx.account.name).map(suppressionJson) } });
}

/** SuppressionAdd: a second entry for the same base address is refused, as mox's unique index does. */
export async function suppressionAdd(ctx: CallContext, req: SuppressionAddRequest): Promise<CallResult> {
  const addr = addressString(needAddress(req.EmailAddress), true);
  const added = await ctx.ports.suppressions.add(ctx.account.name, addr, req.Manual, req.Reason);
  if (!added) throw new WebapiError('error', 'not unique: "Account+BaseAddress"');
  return { json: {} };
}

/** SuppressionRemove: "absent" when the address was not listed (mox's database error). */
export async function suppressionRemove(ctx: CallContext, req: SuppressionRemoveRequest): Promise<CallResult> {
  const addr = addressString(needAddress(req.EmailAddress), true);
  if (!(await ctx.ports.suppressions.remove(ctx.account.name, addr))) throw new WebapiError('error', 'absent');
  return { json: {} };
}

/** SuppressionPresent: whether the base address of the address is listed. */
export function suppressionPresent(ctx: CallContext, req: SuppressionPresentRequest): Promise<CallResult> {
  const addr = addressString(needAddress(req.EmailAddress), true);
  return Promise.resolve({ json: { Present: ctx.ports.suppressions.lookup(ctx.account.name, addr) !== undefined } });
}
