/**
 * The SMTP server: incoming mail (RFC 5321) and message submission (RFC 6409, RFC 8314),
 * with PIPELINING (RFC 2920), SIZE (RFC 1870), STARTTLS (RFC 3207), AUTH (RFC 4954),
 * ENHANCEDSTATUSCODES (RFC 2034, RFC 3463), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), LIMITS
 * (RFC 9422), REQUIRETLS (RFC 8689) and FUTURERELEASE (RFC 4865). Protocol only: what
 * happens to a message, and policy (such as localserve's simulated failures), comes in
 * through {@link SmtpPorts}. Layer L3.
 */
export { SmtpListener, type SmtpListenerDeps } from './listener.js';
export type { SmtpListenerConfig, SmtpService, MailParams } from './types.js';
export type {
  SmtpPorts,
  SmtpPolicy,
  Verdict,
  PolicyReply,
  PolicyContext,
  RecipientTarget,
  AliasTarget,
  SubmitRequest,
  IncomingRequest,
  IncomingCheckInput,
  IncomingCheckResult,
  ConnectionVerdict,
} from './ports.js';
export type { AuthMethod } from './authres.js';
