/**
 * The outgoing queue: durable add (RFC 5321 §4.5.4 retry strategy as mox schedules it), a
 * scheduler on an injected clock, per-attempt results, retired history, hold rules and
 * suppression lists, with transports for delivery (loopback SMTP for localserve). Layer L2.
 */
export { Queue, holdRuleMatches, type QueueDeps } from './queue.js';
export { backoffMs, defaultMaxAttempts } from './backoff.js';
export { LoopbackTransport, type LoopbackOptions } from './transports/smtp-loopback.js';
export { recipientAddress, senderAddress } from './rows.js';
export { recoverInterrupted } from './recover.js';
export type { AddRequest, QueuedMsg, RetiredMsg, MsgResult, HoldRule, RcptOutcome, Transport } from './types.js';
