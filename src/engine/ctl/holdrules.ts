import { parseDomain } from '../../dns/index.js';
import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { QueueAdmin, type HoldRule } from '../../queue/index.js';
import type { Engine } from '../engine.js';
import { goQuote } from './format.js';
import { check, parseId, readParams, writeList } from './wire.js';

/**
 * How `mox queue holdrules list` shows a rule: `id <n>: all messages` for an empty rule,
 * otherwise its non-empty fields.
 */
export function holdRuleLine(r: HoldRule): string {
  const elems: string[] = [];
  if (r.account) elems.push(`account ${goQuote(r.account)}`);
  if (r.senderDomainStr) elems.push(`sender domain ${goQuote(r.senderDomainStr)}`);
  // Deviation (mox bug): mox labels the recipient domain "sender domain" too.
  if (r.recipientDomainStr) elems.push(`recipient domain ${goQuote(r.recipientDomainStr)}`);
  return `id ${r.id}: ${elems.length === 0 ? 'all messages' : elems.join(', ')}`;
}

// A rule's domain as mox's dns.ParseDomain gives it (empty stays empty), in its Unicode form.
function ruleDomain(what: string, s: string): string {
  if (s === '') return '';
  try {
    const d = parseDomain(s);
    return d.unicode || d.ascii;
  } catch (err) {
    throw new CtlError(`parsing ${what} domain: ${(err as Error).message}`);
  }
}

/** The handlers for queueholdruleslist, queueholdrulesadd and queueholdrulesremove (mox's ctl.go). */
export function holdRuleHandlers(engine: Engine): Record<string, CtlHandler> {
  const admin = () => new QueueAdmin(engine.queue);
  return {
    // < "ok"; < stream of text lines.
    queueholdruleslist: async (conn) => {
      const rules = admin().holdRules();
      await writeList(conn, 'hold rules:', rules.map(holdRuleLine));
    },

    // > account; > sender domain; > recipient domain (each may be empty); < "ok" or error.
    queueholdrulesadd: async (conn) => {
      const [account, sender, recipient] = await readParams(conn, 3);
      const rule = { account: account!, senderDomainStr: ruleDomain('sender', sender!), recipientDomainStr: ruleDomain('recipient', recipient!) };
      await check('add hold rule', () => admin().holdRuleAdd(rule));
      await conn.ok();
    },

    // > id; < "ok" or error.
    queueholdrulesremove: async (conn) => {
      const [idText] = await readParams(conn, 1);
      const id = parseId(idText!);
      const removed = await check('remove hold rule', () => admin().holdRuleRemove(id));
      // mox: its database answers "absent" for an unknown id.
      if (!removed) throw new CtlError('remove hold rule: absent');
      await conn.ok();
    },
  };
}
