/**
 * The public API of mox-ts: the engine, the {@link EngineClient} contract through which the
 * terminal UI (and other faces) reach a running instance in-process or over the ctl socket,
 * and the event and snapshot types they see. Layer L4 (composition).
 */
export {
  Engine,
  engineOps,
  tuiCallCommand,
  type EngineOptions,
  type BoundService,
  type EngineClient,
  type EngineOps,
  type SubscribeOptions,
  type InstanceInfo,
  type ListenerInfo,
  type AttemptInfo,
  type QueueItem,
  type RetiredItem,
  type WebhookItem,
  type WebhookAttemptInfo,
  type InboxItem,
  type MessageView,
  type QueueAction,
  type WebhookAction,
} from './engine/index.js';
export type { BusEvent, EventMap, EventType, Cid, Service, WebhookEvent } from './events/index.js';
export { CtlClient, CtlRemoteError, CtlNotRunningError, readEvents } from './ctl/index.js';
export { failureRules } from './simulate/index.js';
