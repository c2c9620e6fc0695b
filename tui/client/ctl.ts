import { CtlClient, readEvents, tuiCallCommand, type BusEvent, type EngineClient, type EngineOps, type SubscribeOptions } from '../../src/index.js';

/** Options for {@link attachClient}. */
export interface AttachOptions {
  /** Path of the running instance's ctl socket (`<DataDir>/ctl`). */
  socketPath: string;
}

/**
 * An {@link EngineClient} attached to a running instance over its ctl socket: one connection
 * carries the event stream (mox's framing, our `events` command), and each snapshot or action
 * is a `tuicall` command on a connection of its own (a ctl connection runs one command at a
 * time, and the stream never ends by itself). Closing detaches: the server keeps running.
 * Rejects when no instance listens on the socket.
 */
export async function attachClient(opts: AttachOptions): Promise<EngineClient> {
  // Fail early, with the ctl client's error, when nothing is running.
  const probe = await CtlClient.connect(opts.socketPath);
  await probe.close();
  const streams = new Set<CtlClient>();
  let closed = false;

  const call = async (op: keyof EngineOps, args: unknown[]): Promise<unknown> => {
    const c = await CtlClient.connect(opts.socketPath);
    try {
      await c.call(tuiCallCommand, [JSON.stringify({ op, args })]);
      const body = await c.readStreamAll(64 * 1024 * 1024);
      await c.close();
      const v = JSON.parse(body.toString('utf8')) as unknown;
      return v === null ? undefined : v;
    } catch (err) {
      c.destroy();
      throw err;
    }
  };

  const ops: EngineOps = {
    info: () => call('info', []) as ReturnType<EngineOps['info']>,
    queue: (max) => call('queue', [max ?? null]) as ReturnType<EngineOps['queue']>,
    retired: (max) => call('retired', [max ?? null]) as ReturnType<EngineOps['retired']>,
    webhooks: (max) => call('webhooks', [max ?? null]) as ReturnType<EngineOps['webhooks']>,
    webhookPayload: (id) => call('webhookPayload', [id]) as ReturnType<EngineOps['webhookPayload']>,
    inbox: (max) => call('inbox', [max ?? null]) as ReturnType<EngineOps['inbox']>,
    message: (account, id) => call('message', [account, id]) as ReturnType<EngineOps['message']>,
    queueAction: (action, ids) => call('queueAction', [action, ids]) as ReturnType<EngineOps['queueAction']>,
    webhookAction: (action, ids) => call('webhookAction', [action, ids]) as ReturnType<EngineOps['webhookAction']>,
  };

  return {
    ...ops,
    mode: 'attached',
    subscribe(fn: (events: BusEvent[]) => void, sub: SubscribeOptions = {}): () => void {
      let stopped = false;
      let conn: CtlClient | undefined;
      void (async () => {
        let reason = 'connection to mox closed';
        try {
          conn = await CtlClient.connect(opts.socketPath);
          streams.add(conn);
          if (stopped) return;
          // readEvents yields one event at a time; hand them on per tick, as one batch.
          let pending: BusEvent[] = [];
          let scheduled = false;
          for await (const ev of readEvents(conn, { backlog: sub.backlog ?? false })) {
            if (stopped) break;
            pending.push(ev);
            if (!scheduled) {
              scheduled = true;
              setImmediate(() => {
                scheduled = false;
                const b = pending;
                pending = [];
                if (!stopped && b.length) fn(b);
              });
            }
          }
          if (pending.length && !stopped) fn(pending);
        } catch (err) {
          reason = `connection to mox lost: ${(err as Error).message}`;
        } finally {
          if (conn) streams.delete(conn);
          conn?.destroy();
        }
        if (!stopped && !closed) sub.onEnd?.(reason);
      })();
      return () => {
        stopped = true;
        conn?.destroy();
      };
    },
    close: async () => {
      closed = true;
      for (const c of streams) c.destroy();
      streams.clear();
    },
  };
}
