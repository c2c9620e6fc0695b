import { enhancedCode } from './codes.js';

/** Options of a {@link ReplyError}. */
export interface ReplyOptions {
  /** The real reason, for logs only; never sent to the client. */
  cause?: unknown;
  /** Log level for the cause; user errors are debug, server errors error. */
  level?: 'debug' | 'info' | 'error';
  /** Close the connection after the reply. */
  close?: boolean;
  /** Do not append the " (<id>)" suffix mox adds to error replies. */
  noId?: boolean;
}

/**
 * A protocol reply, thrown by command handlers and written by the session's one catch site
 * (style rule 4). `text` is what the client sees; `cause` goes to the logs.
 */
export class ReplyError extends Error {
  constructor(
    readonly code: number,
    readonly secode: string,
    readonly text: string,
    readonly opts: ReplyOptions = {},
  ) {
    super(`${code} ${enhancedCode(code, secode)} ${text}`, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'ReplyError';
  }

  /** The enhanced status code, e.g. "5.5.1", or "" when there is none. */
  get enhanced(): string {
    return enhancedCode(this.code, this.secode);
  }
}

/**
 * Formats a reply as wire lines (each without CRLF): one line per "\n" in `text`, the last
 * with a space after the code and the others with "-" (RFC 5321 §4.2.1). Lines longer than
 * 510 octets are wrapped at a space (RFC 5321 §4.5.3.1.5).
 */
export function formatReply(code: number, secode: string, text: string): string[] {
  const ecode = enhancedCode(code, secode);
  const prefix = (sep: string) => `${code}${sep}${ecode}${ecode ? ' ' : ''}`;
  const out: string[] = [];
  const parts = text.split('\n');
  parts.forEach((line, i) => {
    const pre = prefix(' ').length;
    while (pre + line.length > 510) {
      let e = 510 - pre;
      while (e > 400 && line[e] !== ' ') e--;
      out.push(prefix('-') + line.slice(0, e));
      line = line.slice(e);
    }
    out.push(prefix(i < parts.length - 1 ? '-' : ' ') + line);
  });
  return out;
}
