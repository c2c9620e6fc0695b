import type { Clock } from '../clock/index.js';
import type { Path } from '../smtp/index.js';
import type { PasswordCache, ServerDeps } from '../sasl/index.js';
import type { SmtpService } from './types.js';
import type { AuthMethod } from './authres.js';

/** Outcome of a connection check: allowed (release when it ends) or refused. */
export type ConnectionVerdict = { ok: true; release: () => void } | { ok: false; reason: 'rate' | 'count' };

/** A reply the policy wants sent instead of success. */
export interface PolicyReply {
  code: number;
  secode: string;
  text: string;
}

/**
 * A policy decision: nothing (go on), fail with a reply, or hold the command without an
 * answer for `ms` (then send `then`, unless the server shuts down first).
 */
export type Verdict = undefined | { fail: PolicyReply } | { hang: { ms: number; then: PolicyReply } };

/** What the policy sees of a session. */
export interface PolicyContext {
  cid: number;
  service: SmtpService;
  /** The authenticated account, for submission. */
  account?: string;
}

/**
 * Decisions the engine makes for the protocol (style rule 6: protocol code does not know the
 * profile). localserve plugs in the special-localpart failures here; serve plugs in the
 * sender-must-match-account rule.
 */
export interface SmtpPolicy {
  /** After MAIL FROM is parsed and its parameters checked. */
  mailFrom(ctx: PolicyContext, from: Path): Verdict;
  /** For each RCPT TO, after syntax and limit checks. */
  rcptTo(ctx: PolicyContext, from: Path, rcpt: Path): Verdict;
  /** End of DATA on submission: one verdict for the whole message. */
  submitData(ctx: PolicyContext, from: Path, rcpts: Path[]): Verdict;
  /** End of DATA on incoming SMTP: a verdict per recipient. */
  deliverData(ctx: PolicyContext, from: Path, rcpt: Path): Verdict;
}

/** Where an incoming recipient goes. */
export interface RecipientTarget {
  account: string;
  /** The configured destination address it matched, e.g. "@example.org" for a catchall. */
  destination: string;
  mailbox: string;
  /** Set when the address is an alias (list): the message goes to its members instead. */
  alias?: AliasTarget;
}

/** An alias (list) recipient: who may post to it and where its members' mail goes. */
export interface AliasTarget {
  /** The alias address as "localpart@asciidomain", lowercased. */
  address: string;
  /** Anyone may send to the alias; otherwise only members (judged by the From header). */
  postPublic: boolean;
  /** Messages with the alias address itself in From are allowed. */
  allowMsgFrom: boolean;
  /** Members: address ("localpart@asciidomain", lowercased) and delivery target. */
  members: { address: string; target: RecipientTarget }[];
}

/** A message accepted on submission, to be queued. */
export interface SubmitRequest {
  cid: number;
  account: string;
  username: string;
  from: Path;
  rcpts: Path[];
  /** Headers we add in front of the received data (Received, Message-Id, Date, ...). */
  prefix: Buffer;
  /** The message as received (after dot-unstuffing). */
  data: Buffer;
  has8bit: boolean;
  smtputf8: boolean;
  /** RFC 8689: true (REQUIRETLS), false (TLS-Required: No header), or null (default policy). */
  requireTls: boolean | null;
  futureRelease?: { at: number; request: string };
  /** mox's X-Mox-Extra-* header values. */
  extra: Record<string, string>;
  messageIdHeader: string;
  subject: string;
}

/** What the incoming-mail checks see. */
export interface IncomingCheckInput {
  cid: number;
  remoteIp: string;
  /** The EHLO/HELO name. */
  hello: string;
  from: Path;
  /** The message as received. */
  data: Buffer;
}

/** The verdict of the incoming-mail checks (SPF, DKIM, DMARC, iprev: RFC 7208, 6376, 7489, 8601). */
export interface IncomingCheckResult {
  /** Methods for the Authentication-Results header. */
  methods: AuthMethod[];
  /** Comment after the authserv-id, e.g. why checks were skipped. */
  comment?: string;
}

/** A message accepted on incoming SMTP, for local delivery. */
export interface IncomingRequest {
  cid: number;
  from: Path;
  /** The recipients to deliver to, each with its target and the prefix headers for it. */
  rcpts: { path: Path; target: RecipientTarget; prefix: Buffer }[];
  data: Buffer;
  remoteIp: string;
  remotePort: number;
}

/**
 * What the SMTP server needs from the rest of the engine. Implemented in engine/ and handed
 * to the listener (style §4: edges get instances through ports).
 */
export interface SmtpPorts {
  clock: Clock;
  /** Credential lookup for SASL mechanisms. */
  saslLookup: ServerDeps['lookup'];
  /** Secret for stable fake SCRAM salts of unknown users (sasl ServerDeps.unknownUserKey). */
  saslUnknownUserKey: Uint8Array;
  /** Recently verified passwords (PLAIN, LOGIN): repeated logins skip bcrypt. */
  passwordCache?: PasswordCache;
  /** mox's received-id of a connection, appended to error replies and used in Received. */
  receivedId(cid: number): string;
  /** Resolves an incoming recipient or throws a ReplyError (e.g. 550 5.1.1 no such user). */
  resolveRecipient(rcpt: Path): RecipientTarget;
  /** Queues a submitted message; resolves with the queue ids after the commit. */
  submit(req: SubmitRequest): Promise<number[]>;
  /** Delivers an incoming message; resolves after the commit, or throws. */
  deliver(req: IncomingRequest): Promise<void>;
  /** Authenticates an incoming message (SPF/DKIM/DMARC/iprev); may throw a ReplyError to reject. */
  checkIncoming(input: IncomingCheckInput): Promise<IncomingCheckResult>;
  policy: SmtpPolicy;
  /** Counts a failed login from an IP; returns true when the IP is over the limit. */
  authFailed(remoteIp: string): boolean;
  /** Registers a new connection; refused when the client IP or network is over its limits. */
  connectionOpened(remoteIp: string): ConnectionVerdict;
  /** The login a TLS client certificate's public key is registered for (by fingerprint), or null. */
  tlsClientIdentity(fingerprint: string): { username: string; account: string } | null;
  /** Whether an IP may try to authenticate (false while rate limited). */
  authAllowed(remoteIp: string): boolean;
  /** Resets the failure count of an IP after a good login. */
  authSucceeded(remoteIp: string): void;
}
