import type { Clock } from '../clock/index.js';
import type { Domain } from '../dns/index.js';
import type { AccountCredentials, PasswordCache } from '../sasl/index.js';
import type { Account } from '../store/index.js';

/** What the webapi needs to know of an account's configuration. */
export interface AccountSettings {
  /** Display name for an empty From (mox's FullName). */
  fullName: string;
  /** Login addresses that send with a unique MAIL FROM per recipient (FromIDLoginAddresses). */
  fromIdLoginAddresses: string[];
  /** When not empty, logins are refused with this text (mox's LoginDisabled). */
  loginDisabled: string;
  /** Maximum total message size in bytes for the Sent copy; 0 for none. */
  quota: number;
}

/** A suppression list entry as the queue keeps it (times in ms). */
export interface SuppressionEntry {
  id: number;
  created: number;
  account: string;
  baseAddress: string;
  originalAddress: string;
  manual: boolean;
  reason: string;
}

/** One message for the queue: the composed message for one or more recipients. */
export interface WebapiSubmitRequest {
  cid: number;
  account: string;
  /** MAIL FROM; the localpart may carry a FromID after the catchall separator. */
  sender: { localpart: string; domain: Domain };
  fromId: string;
  recipients: { localpart: string; domain: Domain }[];
  /** Headers in front of the message (Received). */
  prefix: Buffer;
  data: Buffer;
  has8bit: boolean;
  smtputf8: boolean;
  requireTls: boolean | null;
  messageId: string;
  subject: string;
  extra: Record<string, string>;
  futureRelease?: { at: number; request: string };
}

/**
 * What the webapi needs from the engine (style §4: edges get instances through ports). The
 * engine implements these with the store, the queue, the config and the auth limiter.
 */
export interface WebapiPorts {
  clock: Clock;
  /** Our host name, for Message-ID, Received and the index page. */
  hostname: Domain;
  /** Credentials of a login address (as for SASL PLAIN), or null when unknown. */
  credentials(username: string): Promise<AccountCredentials | null>;
  /** Recently verified passwords, so repeated calls skip bcrypt. */
  passwordCache?: PasswordCache;
  /** Whether an IP may try to log in (false while rate limited, shared with SMTP and IMAP). */
  authAllowed(ip: string): boolean;
  /** Counts a failed login. */
  authFailed(ip: string): void;
  /** Resets the IP's failed-login count after a good login. */
  authSucceeded(ip: string): void;
  /** A new connection id for logs and Received headers. */
  nextCid(): number;
  /** mox's received-id of a cid. */
  receivedId(cid: number): string;
  /** The account's storage. */
  account(name: string): Promise<Account>;
  /** The account's settings from the config; undefined when the account is gone. */
  settings(account: string): AccountSettings | undefined;
  /**
   * Whether an address may be used as From by the account (mox's AllowMsgFrom): it is one of
   * its addresses (catchall separator variants included), or its domain is disabled.
   */
  allowMsgFrom(account: string, localpart: string, domain: Domain): { ok: boolean; domainDisabled: boolean };
  /** The first catchall separator of a configured domain, or "" (LocalpartCatchallSeparator(s)). */
  catchallSeparator(domain: Domain): string;
  /** Adds the message to the queue, per recipient; resolves with the queue ids after the commit. */
  submit(req: WebapiSubmitRequest): Promise<number[]>;
  suppressions: {
    list(account: string): SuppressionEntry[];
    /** Adds an entry; false when the base address is listed already. */
    add(account: string, address: string, manual: boolean, reason: string): Promise<boolean>;
    /** Removes an entry; false when there was none. */
    remove(account: string, address: string): Promise<boolean>;
    lookup(account: string, address: string): SuppressionEntry | undefined;
  };
}
