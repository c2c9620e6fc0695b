import { engineOps, type BusEvent, type Engine, type EngineClient, type SubscribeOptions } from '../../src/index.js';

/** Options for {@link inProcessClient}. */
export interface InProcessOptions {
  /** How to stop the server on quit (default: engine.stop). */
  stop?: () => Promise<void>;
  /**
   * Events to replay with the backlog that the bus does not keep (log records held by the
   * CLI's log sink); merged with the backlog by sequence number.
   */
  replay?: () => BusEvent[];
}

/**
 * An {@link EngineClient} for an engine in this process (`mox localserve` with the UI):
 * events straight from its bus, batched per tick so a burst costs one update; snapshots and
 * actions from {@link engineOps}. Closing stops the engine.
 */
export function inProcessClient(engine: Engine, opts: InProcessOptions = {}): EngineClient {
  const ops = engineOps(engine);
  return {
    ...ops,
    mode: 'inProcess',
    subscribe(fn: (events: BusEvent[]) => void, sub: SubscribeOptions = {}): () => void {
      let pending: BusEvent[] = [];
      let scheduled = false;
      let ended = false;
      const flush = () => {
        scheduled = false;
        if (ended || pending.length === 0) return;
        const batch = pending;
        pending = [];
        fn(batch);
      };
      // The backlog is taken in the same tick as subscribing: nothing is missed or repeated.
      if (sub.backlog) pending.push(...[...(opts.replay?.() ?? []), ...engine.bus.backlog()].sort((a, b) => a.seq - b.seq));
      const off = engine.bus.onAny((ev) => {
        pending.push(ev);
        if (ev.type === 'engine.stopped') {
          flush();
          ended = true;
          sub.onEnd?.('engine stopped');
          return;
        }
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
      if (pending.length) {
        scheduled = true;
        setImmediate(flush);
      }
      return () => {
        ended = true;
        off();
      };
    },
    close: () => opts.stop?.() ?? engine.stop('quit from terminal UI'),
  };
}
