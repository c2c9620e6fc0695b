/**
 * The outgoing queue: durable add (RFC 5321 §4.5.4 retry strategy as mox schedules it), a
 * scheduler on an injected clock, per-attempt results, retired history, hold rules and
 * suppression lists, with transports for delivery (loopback SMTP for localserve). Webhooks
 * about outgoing deliveries are queued in the same transactions as the changes they report
 * (webhook/), and delivered messages are matched to sent ones by fromid (incoming DSNs,
 * RFC 3464). Layer L2.
 */
export { Queue, type QueueDeps } from './queue.js';
export { holdRuleMatches } from './holdrules.js';
export { QueueAdmin } from './admin.js';
export { FilterError, type Filter, type Sort, type RetiredFilter, type RetiredSort } from './filter.js';
export { baseAddress, type Suppression } from './suppression.js';
export { backoffMs, defaultMaxAttempts } from './backoff.js';
export { LoopbackTransport, type LoopbackOptions } from './transports/smtp-loopback.js';
export { recipientAddress, senderAddress } from './rows.js';
export { recoverInterrupted } from './recover.js';
export { fromIdOf, newFromId } from './fromid.js';
export type { IncomingDelivery } from './incoming.js';
export type { AddRequest, QueuedMsg, RetiredMsg, MsgResult, HoldRule, RcptOutcome, Transport, DsnInfo } from './types.js';
