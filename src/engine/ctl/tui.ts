import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { engineOps, type EngineOps, type QueueAction, type WebhookAction } from '../client-api.js';
import type { Engine } from '../engine.js';

/**
 * Name of our ctl command for faces attached to a running instance (the terminal UI); not
 * one of mox's. The `tui` prefix keeps it apart from mox's command names. Protocol:
 *
 *   > "tuicall"
 *   > request as JSON: {"op": name of an {@link EngineOps} method, "args": [arguments]}
 *   < "ok" or error text
 *   < data stream with the result as JSON (`null` for undefined)
 */
export const tuiCallCommand = 'tuicall';

const queueActions: readonly QueueAction[] = ['hold', 'unhold', 'retry', 'fail', 'drop'];
const webhookActions: readonly WebhookAction[] = ['retry', 'cancel'];

const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new CtlError(`${what}: want an integer`);
  return v;
};
const optNum = (v: unknown, what: string): number | undefined => (v === undefined || v === null ? undefined : num(v, what));
const ids = (v: unknown): number[] => {
  if (!Array.isArray(v)) throw new CtlError('ids: want an array of integers');
  return v.map((x) => num(x, 'ids'));
};
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], what: string): T => {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new CtlError(`${what}: want one of ${allowed.join(', ')}`);
  return v as T;
};

/** Runs one {@link EngineOps} call from its wire form, checking every argument. */
export async function callOp(ops: EngineOps, op: unknown, args: unknown[]): Promise<unknown> {
  switch (op) {
    case 'info':
      return ops.info();
    case 'queue':
      return ops.queue(optNum(args[0], 'max'));
    case 'retired':
      return ops.retired(optNum(args[0], 'max'));
    case 'webhooks':
      return ops.webhooks(optNum(args[0], 'max'));
    case 'webhookPayload':
      return ops.webhookPayload(num(args[0], 'id'));
    case 'inbox':
      return ops.inbox(optNum(args[0], 'max'));
    case 'message':
      if (typeof args[0] !== 'string') throw new CtlError('account: want a string');
      return ops.message(args[0], num(args[1], 'id'));
    case 'queueAction':
      return ops.queueAction(oneOf(args[0], queueActions, 'action'), ids(args[1]));
    case 'webhookAction':
      return ops.webhookAction(oneOf(args[0], webhookActions, 'action'), ids(args[1]));
    default:
      throw new CtlError(`unknown tui operation ${JSON.stringify(op)}`);
  }
}

/** The handlers of our `tui…` ctl commands: snapshots and actions for an attached terminal UI. */
export function tuiHandlers(engine: Engine): Record<string, CtlHandler> {
  const ops = engineOps(engine);
  return {
    [tuiCallCommand]: async (conn) => {
      const req = await conn.readJson();
      if (typeof req !== 'object' || req === null || Array.isArray(req)) throw new CtlError('tuicall: want a JSON object');
      const { op, args } = req as { op?: unknown; args?: unknown };
      if (args !== undefined && !Array.isArray(args)) throw new CtlError('tuicall: args must be an array');
      let result: unknown;
      try {
        result = await callOp(ops, op, (args as unknown[] | undefined) ?? []);
      } catch (err) {
        if (err instanceof CtlError) throw err;
        throw new CtlError(`${String(op)}: ${(err as Error).message}`, { cause: err });
      }
      await conn.ok();
      await conn.writeStream(Buffer.from(JSON.stringify(result ?? null), 'utf8'));
    },
  };
}
