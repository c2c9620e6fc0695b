/** One delivery attempt's outcome, as mox records it (MsgResult). */
export interface MsgResult {
  /** Start of the attempt, ms since epoch. */
  start: number;
  durationMs: number;
  success: boolean;
  code: number;
  /** Enhanced code without the class digit, e.g. "0.0". */
  secode: string;
  error: string;
}

/** A message in the queue, one per recipient (mox's queue.Msg). */
export interface QueuedMsg {
  id: number;
  /** Id of the first message of a multi-recipient submission (same file and prefix); 0 otherwise. */
  baseId: number;
  queued: number;
  hold: boolean;
  senderAccount: string;
  senderLocalpart: string;
  /** Sender domain in ASCII (IDNA) form; "" for the null sender. */
  senderDomain: string;
  senderDomainStr: string;
  fromId: string;
  recipientLocalpart: string;
  recipientDomain: string;
  recipientDomainStr: string;
  attempts: number;
  /** 0 means the default (8). */
  maxAttempts: number;
  dialedIps: Record<string, string[]>;
  nextAttempt: number;
  lastAttempt: number | null;
  results: MsgResult[];
  has8bit: boolean;
  smtputf8: boolean;
  isDmarcReport: boolean;
  isTlsReport: boolean;
  /** Prefix plus file size. */
  size: number;
  messageId: string;
  /** Headers sent before the file's content (Received, DKIM-Signature, ...). */
  msgPrefix: Buffer;
  subject: string;
  /** For a DSN we send: the complete message (SMTPUTF8 variant). */
  dsnUtf8: Buffer | null;
  /** Named transport; "" uses routes/direct (or loopback in localserve). */
  transport: string;
  requireTls: boolean | null;
  futureReleaseRequest: string;
  extra: Record<string, string>;
  /** Set (not stored) when this message's failure added its recipient to the suppression list. */
  suppressing?: boolean;
}

/** A message that left the queue (mox's queue.MsgRetired). */
export interface RetiredMsg extends Omit<QueuedMsg, 'hold' | 'nextAttempt' | 'msgPrefix' | 'dsnUtf8' | 'senderDomain'> {
  lastActivity: number;
  recipientAddress: string;
  success: boolean;
  keepUntil: number;
}

/** A rule that puts matching new messages on hold (mox's queue.HoldRule). Empty fields match all. */
export interface HoldRule {
  id: number;
  account: string;
  senderDomainStr: string;
  recipientDomainStr: string;
}

/** What a submitter hands the queue: one message for one or more recipients. */
export interface AddRequest {
  account: string;
  /** Sender address parts; empty localpart and domain for the null sender. */
  sender: { localpart: string; domain: string; domainStr: string };
  recipients: { localpart: string; domain: string; domainStr: string }[];
  prefix: Buffer;
  data: Buffer;
  has8bit: boolean;
  smtputf8: boolean;
  requireTls: boolean | null;
  messageId: string;
  subject: string;
  extra: Record<string, string>;
  fromId?: string;
  /** When the first attempt may start (FUTURERELEASE), and mox's request text. */
  futureRelease?: { at: number; request: string };
  cid?: number;
  transport?: string;
}

/** The per-recipient outcome a transport reports. */
export interface RcptOutcome {
  msgId: number;
  ok: boolean;
  code: number;
  secode: string;
  error: string;
  permanent: boolean;
  /** The remote's full reply lines, for DSNs ("Full SMTP response"). */
  lines?: string[];
  /** The host that answered, for DSNs (RFC 3464 Remote-MTA). */
  remoteMta?: string;
  /** Not attempted: the recipient is on the sender's suppression list. */
  suppressed?: boolean;
}

/** What a DSN about a queued message needs (mox's deliverDSNFailure/Delay arguments). */
export interface DsnInfo {
  kind: 'failed' | 'delayed';
  msg: QueuedMsg;
  error: string;
  code: number;
  secode: string;
  lines: string[];
  remoteMta?: string;
  /** For delayed DSNs: until when delivery is retried (RFC 3464 Will-Retry-Until). */
  retryUntil?: number;
}

/** Delivers a group of queued messages (same file, sender and attempt) somewhere. */
export interface Transport {
  deliver(msgs: QueuedMsg[], content: { prefix: Buffer; data: Buffer }, signal: AbortSignal): Promise<RcptOutcome[]>;
}
