/**
 * The public API of the package (layer L4, with engine/; nothing in src/ imports it):
 * - the CI fixture: `startLocalserve()` runs a localserve mail server in-process on free
 *   ports for a test suite (submission per RFC 6409, IMAP per RFC 9051, the webapi, and HTTP
 *   endpoints to wait for messages), with helpers to inspect delivered messages, the queue
 *   and webhooks;
 * - the engine and the {@link EngineClient} contract through which the terminal UI (and
 *   other faces) reach a running instance in-process or over the ctl socket, with the event
 *   and snapshot types they see.
 */
export {
  startLocalserve,
  Localserve,
  WaitTimeoutError,
  fixtureHttpPath,
  type StartLocalserveOptions,
  type PortsOption,
  type WebhookState,
  type LocalserveInfo,
  type LocalservePorts,
  type LocalserveCredentials,
  type MessageQuery,
  type WaitOptions,
  type FixtureMessage,
  type FixtureMessageJson,
  type MessageAddress,
  type MessageAttachment,
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
export { ManualClock, SystemClock, type Clock } from './clock/index.js';
export type { BusEvent, EventMap, EventType, Cid, Service, WebhookEvent } from './events/index.js';
export type { QueuedMsg, RetiredMsg } from './queue/index.js';
export type { Hook, HookRetired } from './webhook/index.js';
export { CtlClient, CtlRemoteError, CtlNotRunningError, readEvents } from './ctl/index.js';
export { failureRules } from './simulate/index.js';
