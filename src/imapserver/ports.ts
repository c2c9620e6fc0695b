import type { Clock } from '../clock/index.js';
import type { PasswordCache, ServerDeps } from '../sasl/index.js';
import type { Account } from '../store/index.js';

/**
 * What the IMAP server needs from the rest of the engine. Implemented in engine/ and handed
 * to the listener (style §4: edges get instances through ports).
 */
export interface ImapPorts {
  clock: Clock;
  /** Credential lookup for LOGIN and the SASL mechanisms (the same as SmtpPorts.saslLookup). */
  saslLookup: ServerDeps['lookup'];
  /** Secret for stable fake SCRAM salts of unknown users. */
  saslUnknownUserKey?: Uint8Array;
  /** Recently verified passwords (LOGIN, PLAIN): repeated logins skip bcrypt. */
  passwordCache?: PasswordCache;
  /** Opens an account by name (after authentication). */
  account(name: string): Promise<Account>;
  /**
   * The account's limit on the total size of its messages in bytes, 0 for none (mox's
   * QuotaMessageSize: the account's value, else the global default). Absent: no limits.
   */
  quota?(account: string): number;
  /**
   * The login a TLS client certificate's public key (by fingerprint) is registered for, and
   * whether it may skip login on connect (mox's PREAUTH), or null.
   */
  tlsClientKey?(fingerprint: string): { username: string; account: string; noPreauth: boolean } | null;
  /**
   * Mailboxes other than Inbox (and below) that deliveries to the account go to: those of its
   * destinations and rulesets, not for mailing lists. For NOTIFY's INBOXES (RFC 5465 §6.3);
   * absent: only Inbox and below.
   */
  inboxMailboxes?(account: string): readonly string[];
  /** Registers a new connection; refused when the client IP or network is over its limits. */
  connectionOpened?(remoteIp: string): { ok: true; release: () => void } | { ok: false; reason: 'rate' | 'count' };
  /** Whether an IP may try to authenticate (false while rate limited). */
  authAllowed(remoteIp: string): boolean;
  /** Counts a failed login from an IP; returns true when the IP is over the limit. */
  authFailed(remoteIp: string): boolean;
  /** Resets the failure count of an IP after a good login. */
  authSucceeded(remoteIp: string): void;
}
