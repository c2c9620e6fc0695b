import type { SecureContext } from 'node:tls';
import type { Domain } from '../dns/index.js';

/** Which IMAP service a listener runs: plain with STARTTLS (143) or implicit TLS (993, RFC 8314). */
export type ImapService = 'imap' | 'imaps';

/** Configuration of one IMAP listener (one address and port). */
export interface ImapListenerConfig {
  /** Name of the config listener, e.g. "local". */
  listener: string;
  service: ImapService;
  host: string;
  /** Port to bind; 0 picks a free one (see ImapListener.port). */
  port: number;
  /** Our host name, for CRAM-MD5 challenges and logs. */
  hostname: Domain;
  /** TLS for STARTTLS or, with `implicitTls`, for the whole connection. */
  tls?: SecureContext;
  implicitTls: boolean;
  /**
   * Refuse LOGIN and cleartext SASL mechanisms before TLS (RFC 9051 §6.2.3, announced as
   * LOGINDISABLED). false is mox's NoRequireSTARTTLS.
   */
  requireTlsForAuth: boolean;
  /** Inactivity before the server logs a client out; RFC 9051 §5.4 asks for at least 30 minutes. */
  idleTimeoutMs: number;
  /** Largest literal in a command other than an APPEND message, in bytes. */
  maxLiteral: number;
  /** Largest APPEND message, in bytes (RFC 7889 APPENDLIMIT). */
  appendLimit: number;
  /** mox's pedantic mode: refuse protocol violations that are common in the wild. */
  pedantic: boolean;
  /** Ask TLS clients for a certificate, for AUTHENTICATE EXTERNAL and PREAUTH. */
  requestClientCert?: boolean;
  /**
   * Changes kept for a session until it reports them; past this, they are dropped and the
   * session gets NOTIFICATIONOVERFLOW (RFC 5465 §5.8). Default 100,000.
   */
  maxPendingChanges?: number;
  /** Changes held back for NOTIFY SELECTED-DELAYED (RFC 5465 §6.1.2) before overflow. Default 1,000 (mox). */
  maxDelayedChanges?: number;
}
