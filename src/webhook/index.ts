/**
 * Webhooks as Go mox sends them: the JSON payloads for outgoing delivery events and for
 * incoming messages (mox's webhook.Outgoing and webhook.Incoming, same field names), the
 * webhook queue in the queue database (hooks and retired hooks, superseding per queue
 * message), and the dispatcher that POSTs them with mox's headers, retry intervals and one
 * request per URL at a time. Payloads describe RFC 5322 messages, RFC 2045/2046 structure
 * and RFC 3463 enhanced codes; requests carry an RFC 9110 Authorization header when
 * configured. Layer L2: imports L0/L1 only; the queue calls in to queue hooks inside its
 * own transactions.
 */
export type {
  AccountHooks,
  Hook,
  HookEventName,
  HookFilter,
  HookResult,
  HookRetired,
  HookRetiredFilter,
  HookSort,
  Incoming,
  IncomingMeta,
  NameAddress,
  Outgoing,
  OutgoingEvent,
  Structure,
} from './types.js';
export { outgoingEvents } from './types.js';
export { incomingPayload, outgoingPayload, maxTextBytes, type IncomingInput, type OutgoingInput } from './payload.js';
export { HookStore, hookDelivering, type NewHook } from './store.js';
export { HookFilterError } from './filter.js';
export { WebhookQueue, defaultKeepRetiredMs, eventName, type After, type OutgoingHookInput, type WebhookQueueDeps } from './hooks.js';
export { HookDispatcher, hookBackoffMs, hookIntervalsMs, maxConcurrentHooks, type HookDispatcherDeps } from './dispatcher.js';
export { HttpHookPoster, hookTimeoutMs, maxResponseBytes, type HookPoster, type HookRequest, type HookResponse } from './post.js';
export { rfc3339 } from './time.js';
