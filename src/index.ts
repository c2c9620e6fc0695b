/**
 * The public API of the package. The CI fixture: `startLocalserve()` runs a localserve mail
 * server in-process on free ports for a test suite (submission per RFC 6409, IMAP per
 * RFC 9051, the webapi, and HTTP endpoints to wait for messages), with helpers to inspect
 * delivered messages, the queue and webhooks. Layer L4 (with engine/): nothing in src/
 * imports it.
 */
export {
  startLocalserve,
  Localserve,
  WaitTimeoutError,
  fixtureHttpPath,
  type StartLocalserveOptions,
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
} from './engine/index.js';
export { ManualClock, SystemClock, type Clock } from './clock/index.js';
export type { EventMap, EventType, BusEvent } from './events/index.js';
export type { QueuedMsg, RetiredMsg } from './queue/index.js';
export type { Hook, HookRetired } from './webhook/index.js';
