/**
 * The engine's one typed event vocabulary. Logs, the terminal UI, the ctl event stream,
 * metrics and the CI fixture all subscribe to the same {@link Bus}. Events are emitted after
 * the state change they report is durable. Layer L1.
 */
export type { EventMap, EventType, BusEvent, Cid, Service, WebhookEvent } from './types.js';
export { Bus } from './bus.js';
export type { BusOptions, Listener, AnyListener } from './bus.js';
export { CidSource, formatCid } from './ids.js';
