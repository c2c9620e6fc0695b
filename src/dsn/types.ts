// Types for composing and parsing DSNs (RFC 3464 §2, RFC 6533 §4.1).
import type { Part } from '../message/index.js';

/** What the reporting MTA did for a recipient (RFC 3464 §2.3.3). */
export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/** All action values, in RFC 3464 §2.3.3 order. */
export const DSN_ACTIONS: readonly DsnAction[] = Object.freeze(['failed', 'delayed', 'delivered', 'relayed', 'expanded'] as const);

/** An MTA named by its host name, written as `dns; <name>` with the IP as a comment (RFC 3464 §2.2.2, RFC 3464 §2.3.5). */
export interface DsnMtaName {
  /** Host name (ASCII or Unicode; written in ASCII unless the DSN is SMTPUTF8). */
  name: string;
  /** IP address the MTA was reached at; written as an address literal comment, e.g. "(1.2.3.4)". */
  ip?: string;
}

/** The per-recipient part of a DSN to compose (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** Recipient address from the envelope, "localpart@domain" (RFC 3464 §2.3.2). */
  finalRecipient: string;
  /** Recipient as the sender gave it (DSN ORCPT), when known (RFC 3464 §2.3.1). */
  originalRecipient?: string;
  /** What happened (RFC 3464 §2.3.3). */
  action: DsnAction;
  /**
   * Enhanced status code "X.Y.Z" (RFC 3463 §2). Defaults by action as mox does: 5.0.0 for
   * failed, 4.0.0 for delayed, 2.0.0 otherwise. See {@link dsnStatusCode}.
   */
  status?: string;
  /**
   * The last delivery error as text. As mox, it is written as a comment after the Status code
   * (`Status: 5.1.1 (<error>)`) and in the human-readable part.
   */
  error?: string;
  /** The remote MTA that gave the reply in `diagnosticCode` (RFC 3464 §2.3.5). */
  remoteMta?: DsnMtaName;
  /**
   * The complete SMTP reply lines from the remote MTA, as received ("550-5.1.1 …", "550 5.1.1 …").
   * Written as `Diagnostic-Code: smtp; …` with one folded line per reply line (RFC 3464 §2.3.6).
   */
  diagnosticCode?: string[];
  /** Time of the last delivery attempt, ms since the epoch (RFC 3464 §2.3.7). */
  lastAttemptDate?: number;
  /** Log id at the final MTA (RFC 3464 §2.3.8). */
  finalLogId?: string;
  /** For delayed recipients: until when delivery is retried, ms since the epoch (RFC 3464 §2.3.9). */
  willRetryUntil?: number;
}

/** A delivery status notification to compose with {@link composeDsn}. */
export interface Dsn {
  /** From address; defaults to postmaster@<hostname>, as mox sends (RFC 3464 §2). */
  from?: string;
  /** To address: the original message's MAIL FROM (RFC 3464 §2). */
  to: string;
  /** Subject; defaults to "mail delivery failed" / "mail delivery delayed" as mox writes. */
  subject?: string;
  /** Message-ID of the original message, with angle brackets; becomes the References header. */
  references?: string;
  /** Reporting-MTA host name (RFC 3464 §2.2.2); defaults to the hostname option. */
  reportingMta?: string;
  /** Original-Envelope-Id (DSN ENVID), when the original had one (RFC 3464 §2.2.1). */
  envelopeId?: string;
  /** DSN-Gateway name, only for DSNs translated from foreign systems (RFC 3464 §2.2.3). */
  dsnGateway?: string;
  /** The MTA the original came from (RFC 3464 §2.2.4). */
  receivedFromMta?: DsnMtaName;
  /** When the original arrived at the reporting MTA (queued), ms since the epoch (RFC 3464 §2.2.5). */
  arrivalDate?: number;
  /** FUTURERELEASE request of the original: "for;<secs>" or "until;<date-time>" (RFC 4865 §3). */
  futureReleaseRequest?: string;
  /** One entry per recipient this DSN reports on; at least one. */
  recipients: DsnRecipient[];
  /** The original message's header section; sent as the third part (text/rfc822-headers). */
  originalHeader?: Buffer;
  /** The whole original message; sent as the third part (message/rfc822). Takes precedence over originalHeader. */
  originalMessage?: Buffer;
  /**
   * Whether the original needed SMTPUTF8 (RFC 6531). Then the DSN uses the global media
   * types of RFC 6533 §4 and UTF-8 addresses; otherwise it is 7-bit where possible.
   */
  smtputf8: boolean;
  /**
   * Human-readable text replacing the generated one (e.g. from templates/dsn), LF or CRLF
   * line endings. When absent, {@link dsnText} writes it.
   */
  text?: string;
}

/** Options for {@link composeDsn}. */
export interface ComposeOptions {
  /** Our host name: the From domain and the default Reporting-MTA. */
  hostname: string;
  /** Current time in ms since the epoch, for the Date header. */
  now: number;
  /** Zone for all dates written, in minutes east of UTC. */
  tzOffsetMinutes: number;
  /** A fresh Message-ID, with or without angle brackets; see {@link newMessageId}. */
  messageId: string;
  /** MIME boundary; a random one when absent. */
  boundary?: string;
}

/** An address-typed value from Original-Recipient or Final-Recipient (RFC 3464 §2.1.2, RFC 6533 §3). */
export interface DsnAddress {
  /** Address type in lower case, e.g. "rfc822", "utf-8", "unknown". */
  type: string;
  /** The address with comments removed and RFC 6533 `\x{HEX}` escapes decoded (for the utf-8 type). */
  address: string;
  /** Localpart and domain, for rfc822 and utf-8 addresses that are localpart@domain. */
  localpart?: string;
  /** Domain of `localpart`, as written (not normalised). */
  domain?: string;
}

/** An MTA-typed value (RFC 3464 §2.1.2 mta-name-type). */
export interface DsnMta {
  /** MTA name type in lower case, usually "dns". */
  type: string;
  /** The name, comments removed. */
  name: string;
  /** Text of the first comment, e.g. the IP address mox and others put there. */
  comment?: string;
}

/** A parsed Status field (RFC 3464 §2.3.4, RFC 3463 §2). */
export interface DsnStatus {
  /** The code as "class.subject.detail", without leading zeros. */
  code: string;
  /** 2 (success), 4 (persistent transient failure) or 5 (permanent failure). */
  class: 2 | 4 | 5;
  subject: number;
  detail: number;
  /** Text of a comment after the code (mox puts its error message there). */
  comment?: string;
}

/** A parsed Diagnostic-Code field (RFC 3464 §2.3.6). */
export interface DsnDiagnostic {
  /** Diagnostic type in lower case, e.g. "smtp", "x-postfix". */
  type: string;
  /** The text after the semicolon, unfolded and trimmed. Comments are kept (they are part of the reply). */
  text: string;
}

/** One field of a delivery-status group as written: name and unfolded value. */
export interface DsnField {
  name: string;
  value: string;
}

/** One per-recipient group of a delivery-status part (RFC 3464 §2.3). */
export interface ParsedDsnRecipient {
  finalRecipient: DsnAddress;
  originalRecipient?: DsnAddress;
  action: DsnAction;
  status: DsnStatus;
  remoteMta?: DsnMta;
  diagnosticCode?: DsnDiagnostic;
  /** ms since the epoch. */
  lastAttemptDate?: number;
  finalLogId?: string;
  /** ms since the epoch. */
  willRetryUntil?: number;
  /** All fields of the group in order, extension fields included. */
  fields: DsnField[];
}

/** The parsed content of a message/delivery-status or message/global-delivery-status part. */
export interface DeliveryStatus {
  /** Whether this was the global (UTF-8) variant (RFC 6533 §4.1). */
  utf8: boolean;
  originalEnvelopeId?: string;
  reportingMta: DsnMta;
  dsnGateway?: DsnMta;
  receivedFromMta?: DsnMta;
  /** ms since the epoch. */
  arrivalDate?: number;
  /** mox's Future-Release-Request extension field (RFC 4865), as written. */
  futureReleaseRequest?: string;
  /** All per-message fields in order, extension fields included. */
  fields: DsnField[];
  /** At least one. */
  recipients: ParsedDsnRecipient[];
}

/** A parsed DSN message: outer header facts, the human-readable text, the status, the returned original. */
export interface ParsedDsn {
  /** The MIME tree of the whole message (offsets into the parsed buffer). */
  part: Part;
  /** From address (address only), when the header has exactly one. */
  from?: string;
  /** To address (address only), when the header has exactly one. */
  to?: string;
  /** Subject, RFC 2047-decoded. */
  subject?: string;
  /** Message-ID with angle brackets. */
  messageId?: string;
  /** References header value as written (unfolded). */
  references?: string;
  /** Date header, ms since the epoch. */
  date?: number;
  /** report-type parameter of the multipart/report, lower case. */
  reportType?: string;
  /** The first part's text when it is text/plain (decoded, CRLF line endings kept). */
  text?: string;
  /** The machine-readable second part. */
  status: DeliveryStatus;
  /** The optional third part: returned headers or message. */
  original?: {
    /** Lower-case media type, e.g. "text/rfc822-headers", "message/global". */
    contentType: string;
    /** Content with the transfer encoding removed. */
    data: Buffer;
  };
}
