import type { SecureContext } from 'node:tls';
import type { Domain } from '../dns/index.js';

/** Which SMTP service a listener runs. */
export type SmtpService = 'smtp' | 'submission' | 'submissions';

/** Configuration of one SMTP listener (one address and port). */
export interface SmtpListenerConfig {
  /** Name of the config listener, e.g. "local". */
  listener: string;
  service: SmtpService;
  host: string;
  /** Port to bind; 0 picks a free one (see SmtpListener.port). */
  port: number;
  /** Our host name, for the greeting, EHLO and Received headers. */
  hostname: Domain;
  /** TLS for STARTTLS or, with `implicitTls`, for the whole connection. */
  tls?: SecureContext;
  implicitTls: boolean;
  /** Refuse AUTH before TLS (RFC 4954 §4); submission without NoRequireSTARTTLS. */
  requireTlsForAuth: boolean;
  /** Refuse MAIL before TLS on incoming SMTP (mox's RequireSTARTTLS). */
  requireTlsForMail: boolean;
  /** Largest message accepted, in bytes (RFC 1870 SIZE). */
  maxMessageSize: number;
  /** Recipients per transaction (RFC 9422 LIMITS RCPTMAX). */
  maxRecipients: number;
  /** mox's pedantic mode: refuse protocol violations that are common in the wild. */
  pedantic: boolean;
  /** Idle time before the server gives up on a client, RFC 5321 §4.5.3.2.7 (5 minutes). */
  idleTimeoutMs: number;
  /** Whether to announce and accept REQUIRETLS (RFC 8689). */
  requireTlsExtension: boolean;
  /** Ask TLS clients for a certificate, for AUTH EXTERNAL (submission). */
  requestClientCert?: boolean;
}

/** A session's view of the client's HELO/EHLO. */
export interface Hello {
  ehlo: boolean;
  /** The client's name (domain or address literal) as given, or the remote IP for lenient submission. */
  name: string;
}

/** MAIL FROM parameters that matter after MAIL (RFC 1870, RFC 6152, RFC 6531, RFC 8689, RFC 4865). */
export interface MailParams {
  size?: number;
  body8bit: boolean;
  smtputf8: boolean;
  requireTls: boolean;
  /** Requested future release: when, and mox's FutureReleaseRequest text ("for;<secs>" / "until;<time>"). */
  futureRelease?: { at: number; request: string };
}
