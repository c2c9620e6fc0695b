import type { LoadedConfig } from '../config/index.js';
import type { AccountHooks } from '../webhook/index.js';

/**
 * An account's webhook settings from domains.conf (OutgoingWebhook, IncomingWebhook,
 * KeepRetiredWebhookPeriod), or undefined for an unknown account. Read at the moment a
 * hook is queued, so a reloaded config applies to the next hook.
 */
export function accountHooks(config: LoadedConfig, account: string): AccountHooks | undefined {
  const acc = config.dynamic.Accounts[account];
  if (!acc) return undefined;
  const out = acc.OutgoingWebhook;
  const inc = acc.IncomingWebhook;
  return {
    outgoing: out ? { url: out.URL, authorization: out.Authorization ?? '', events: out.Events ?? [] } : undefined,
    incoming: inc ? { url: inc.URL, authorization: inc.Authorization ?? '' } : undefined,
    keepRetiredMs: acc.KeepRetiredWebhookPeriod ?? 0,
  };
}
