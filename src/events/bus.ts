import type { BusEvent, EventMap, EventType } from './types.js';

/** Receives one event type's payload. */
export type Listener<K extends EventType> = (data: EventMap[K], ev: BusEvent) => void;
/** Receives every event. */
export type AnyListener = (ev: BusEvent) => void;

/** Options for a {@link Bus}. */
export interface BusOptions {
  /** Time source for event timestamps (ms since epoch). */
  now: () => number;
  /** How many recent events to keep for late subscribers (TUI attach, ctl). 0 disables. */
  backlog?: number;
  /** Event types never kept in the backlog (high-volume ones such as protocol lines). */
  noBacklog?: EventType[];
  /** Called when a listener throws; listeners must never break the emitter. */
  onListenerError?: (err: unknown, type: EventType) => void;
}

/**
 * A synchronous, typed publish/subscribe bus. Emit is cheap when nobody listens: check
 * {@link Bus.has} before building an expensive payload.
 */
export class Bus {
  private readonly typed = new Map<EventType, Set<Listener<any>>>();
  private readonly any = new Set<AnyListener>();
  private readonly ring: BusEvent[] = [];
  private ringStart = 0;
  private seq = 0;
  private readonly backlogSize: number;
  private readonly noBacklog: Set<EventType>;

  constructor(private readonly opts: BusOptions) {
    this.backlogSize = opts.backlog ?? 0;
    this.noBacklog = new Set(opts.noBacklog ?? []);
  }

  /** Subscribes to one event type; returns the unsubscribe function. */
  on<K extends EventType>(type: K, fn: Listener<K>): () => void {
    let set = this.typed.get(type);
    if (!set) this.typed.set(type, (set = new Set()));
    set.add(fn);
    return () => {
      set!.delete(fn);
    };
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onAny(fn: AnyListener): () => void {
    this.any.add(fn);
    return () => {
      this.any.delete(fn);
    };
  }

  /** Resolves with the first event of `type` for which `match` returns true. */
  once<K extends EventType>(type: K, match: (data: EventMap[K]) => boolean = () => true, signal?: AbortSignal): Promise<EventMap[K]> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const off = this.on(type, (data) => {
        if (!match(data)) return;
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(data);
      });
      const onAbort = () => {
        off();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Whether an emit of `type` would reach anyone (a listener or the backlog). */
  has(type: EventType): boolean {
    return (
      this.any.size > 0 ||
      (this.typed.get(type)?.size ?? 0) > 0 ||
      (this.backlogSize > 0 && !this.noBacklog.has(type))
    );
  }

  /** Publishes an event to its listeners, then to "any" listeners. */
  emit<K extends EventType>(type: K, data: EventMap[K]): void {
    const set = this.typed.get(type);
    const keep = this.backlogSize > 0 && !this.noBacklog.has(type);
    if (!keep && this.any.size === 0 && (!set || set.size === 0)) return;
    const ev = { type, time: this.opts.now(), seq: ++this.seq, data } as BusEvent;
    if (keep) this.remember(ev);
    if (set) {
      for (const fn of [...set]) {
        try {
          fn(data, ev);
        } catch (err) {
          this.opts.onListenerError?.(err, type);
        }
      }
    }
    for (const fn of [...this.any]) {
      try {
        fn(ev);
      } catch (err) {
        this.opts.onListenerError?.(err, type);
      }
    }
  }

  /** The kept recent events, oldest first. */
  backlog(): BusEvent[] {
    return [...this.ring.slice(this.ringStart), ...this.ring.slice(0, this.ringStart)];
  }

  private remember(ev: BusEvent): void {
    if (this.ring.length < this.backlogSize) {
      this.ring.push(ev);
      return;
    }
    this.ring[this.ringStart] = ev;
    this.ringStart = (this.ringStart + 1) % this.backlogSize;
  }
}
