import {
  C501BadParamSyntax,
  C503BadCmdSeq,
  CommandSyntaxError,
  ReplyError,
  SeProto5BadCmdOrSeq1,
  SeProto5BadParams4,
} from '../smtp/index.js';

/** "501 5.5.4 bad syntax: …" for malformed arguments (RFC 5321 §4.2.4, RFC 3463 X.5.4). */
export function syntaxError(msg: string): ReplyError {
  return new ReplyError(C501BadParamSyntax, SeProto5BadParams4, `bad syntax: ${msg}`);
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
