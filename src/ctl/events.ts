import type { Bus, BusEvent, EventType } from '../events/index.js';
import type { CtlClient } from './client.js';
import type { CtlHandler } from './server.js';

/**
 * Name of the command that streams engine events (ours, not mox's; for the terminal UI
 * attached to a running instance). Protocol:
 *
 *   > "events"
 *   > options as JSON: {"backlog": bool, "types": [event type, …]} (both optional)
 *   < "ok" or error
 *   < data stream of JSON lines, one {@link BusEvent} per line, until the client closes the
 *     connection or the server shuts down (then the stream ends with "0")
 */
export const eventsCommand = 'events';

/** What an event stream subscriber asks for. */
export interface EventStreamRequest {
  /** Start with the bus's backlog of recent events. */
  backlog?: boolean;
  /** Only these event types; all when absent or empty. */
  types?: readonly EventType[];
}

/** Options for {@link eventLines}. */
export interface EventLinesOptions extends EventStreamRequest {
  /** Ends the feed when aborted. */
  signal?: AbortSignal;
  /**
   * Events held while the reader is slower than the bus (default 10000). Past this the
   * oldest are dropped; the reader sees the gap in `seq`.
   */
  maxQueued?: number;
}

const requestShape = { object: { backlog: 'boolean', types: { array: 'string' } } } as const;

/**
 * Feeds bus events as JSON lines: each item is every event queued since the last one, one
 * JSON object per line. Subscribes when iteration starts (taking the backlog first, in the
 * same tick, so nothing is missed or repeated) and unsubscribes when it ends: by the signal,
 * or by the consumer returning the iterator. Returning takes effect at once, also while the
 * feed waits for events.
 */
export function eventLines(bus: Bus, opts: EventLinesOptions = {}): AsyncIterable<Buffer> {
  return { [Symbol.asyncIterator]: () => new EventFeed(bus, opts) };
}

class EventFeed implements AsyncIterator<Buffer> {
  private queue: BusEvent[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly off: () => void;
  private readonly types: ReadonlySet<string> | undefined;
  private readonly max: number;
  private readonly onAbort = () => this.end();

  constructor(
    bus: Bus,
    private readonly opts: EventLinesOptions,
  ) {
    this.types = opts.types && opts.types.length > 0 ? new Set(opts.types) : undefined;
    this.max = Math.max(1, opts.maxQueued ?? 10000);
    if (opts.backlog) for (const ev of bus.backlog()) this.add(ev);
    this.off = bus.onAny((ev) => this.add(ev));
    if (opts.signal?.aborted) this.end();
    else opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private add(ev: BusEvent): void {
    if (this.ended || (this.types && !this.types.has(ev.type))) return;
    this.queue.push(ev);
    if (this.queue.length > this.max) this.queue.splice(0, this.queue.length - this.max);
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.off();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.queue = [];
    this.notify();
  }

  async next(): Promise<IteratorResult<Buffer>> {
    while (this.queue.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.ended) return { done: true, value: undefined };
    const batch = this.queue;
    this.queue = [];
    return { done: false, value: Buffer.from(batch.map((ev) => `${JSON.stringify(ev)}\n`).join(''), 'utf8') };
  }

  async return(): Promise<IteratorResult<Buffer>> {
    this.end();
    return { done: true, value: undefined };
  }
}

/**
 * The server handler for {@link eventsCommand}: reads the request, answers `ok`, then
 * streams events until the client leaves or the server shuts down.
 */
export function eventsHandler(bus: Bus, opts: { maxQueued?: number } = {}): CtlHandler {
  return async (conn) => {
    const req = await conn.readJson(requestShape);
    await conn.ok();
    const types = req.types as EventType[];
    await conn.writeStream(eventLines(bus, { backlog: req.backlog, types, signal: conn.signal, maxQueued: opts.maxQueued }));
  };
}

/**
 * Splits a data stream of JSON lines (lines may span chunks) into parsed values. A line
 * that is not JSON throws.
 */
export async function* jsonLines(stream: AsyncIterable<Buffer>): AsyncGenerator<unknown, void, undefined> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    let buf: Buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let nl: number;
    while ((nl = buf.indexOf(10)) >= 0) {
      const line = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (line.length > 0) yield JSON.parse(line.toString('utf8')) as unknown;
    }
    rest = buf;
  }
  if (rest.length > 0) yield JSON.parse(rest.toString('utf8')) as unknown;
}

/**
 * Client side of {@link eventsCommand}: asks for the event stream and yields the events.
 * Ending the iteration leaves the stream; close the client to stop the server's feed (the
 * connection cannot carry another command while the feed waits for events).
 */
export async function* readEvents(client: CtlClient, req: EventStreamRequest = {}): AsyncGenerator<BusEvent, void, undefined> {
  await client.writeLine(eventsCommand);
  await client.writeJson({ backlog: req.backlog ?? false, types: req.types ?? [] });
  await client.readOk();
  for await (const v of jsonLines(client.readStream())) yield v as BusEvent;
}
