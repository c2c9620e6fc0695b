/**
 * Delivery status notifications as Go mox writes and reads them: composing the
 * multipart/report (RFC 6522) that the queue stores for a sender when delivery is delayed or
 * fails, with the human-readable text, the message/delivery-status part (RFC 3464) or its
 * UTF-8 variant message/global-delivery-status (RFC 6533), and the returned headers or
 * message; parsing incoming DSNs (for matching them to sent messages by fromid) into typed
 * per-message and per-recipient fields; and mapping a parsed recipient to the SMTP code and
 * enhanced code mox puts in its webhooks (RFC 3463). Layer L0: imports node built-ins and
 * the message, smtp and dns leaves.
 */
export type {
  Dsn,
  DsnRecipient,
  DsnAction,
  DsnMtaName,
  ComposeOptions,
  ParsedDsn,
  DeliveryStatus,
  ParsedDsnRecipient,
  DsnAddress,
  DsnMta,
  DsnStatus,
  DsnDiagnostic,
  DsnField,
} from './types.js';
export { DSN_ACTIONS } from './types.js';
export { DsnError } from './errors.js';
export {
  composeDsn,
  dsnStatusCode,
  newMessageId,
  dsnStorePrefix,
  SUBJECT_FAILED,
  SUBJECT_DELAYED,
  SUBJECT_OTHER,
} from './compose.js';
export { dsnText } from './text.js';
export { parseDsn, parseDeliveryStatus } from './parse.js';
export { parseSmtpCodes, dsnRecipientCodes, type SmtpCodes } from './codes.js';
