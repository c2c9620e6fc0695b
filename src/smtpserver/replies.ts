import {
  C501BadParamSyntax,
  C503BadCmdSeq,
  C552MailboxFull,
  SeMailbox2MsgLimitExceeded3,
  SeSys3MsgLimitExceeded4,
  CommandSyntaxError,
  ReplyError,
  SeProto5BadCmdOrSeq1,
  SeProto5BadParams4,
} from '../smtp/index.js';

/** "501 5.5.4 bad syntax: …" for malformed arguments (RFC 5321 §4.2.4, RFC 3463 X.5.4). */
export function syntaxError(msg: string): ReplyError {
  return new ReplyError(C501BadParamSyntax, SeProto5BadParams4, `bad syntax: ${msg}`);
}

/** mox's default (and largest usual) message size limit, 100 MiB. */
const defaultMaxMessageSize = 100 * 1024 * 1024;

/**
 * "552 message too large" with mox's enhanced code: 5.3.4 (too big for the system, RFC 3463)
 * at or over the default 100 MiB limit, 5.2.3 (over this mailbox/listener's smaller limit).
 */
export function tooLargeError(size: number): ReplyError {
  return new ReplyError(C552MailboxFull, size >= defaultMaxMessageSize ? SeSys3MsgLimitExceeded4 : SeMailbox2MsgLimitExceeded3, 'message too large');
}

/** "503 5.5.1 …" for a command out of sequence (RFC 5321 §4.1.4). */
export function sequenceError(msg: string): ReplyError {
  return new ReplyError(C503BadCmdSeq, SeProto5BadCmdOrSeq1, msg);
}

/** Runs a parse step, turning grammar errors into a 501 reply. */
export function parsing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CommandSyntaxError) throw syntaxError(e.message);
    throw e;
  }
}

/** Throws a 501 unless the command had no arguments. */
export function needNoArgs(args: string, verb: string): void {
  if (args.trim() !== '') throw syntaxError(`${verb} takes no arguments`);
}
