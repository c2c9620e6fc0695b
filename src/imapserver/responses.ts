// Typed command failures (style rule 4 and 5: one catch site, text for the client apart from
// the cause for the logs) and small response helpers shared by the commands.
import type { LogLevel } from '../log/index.js';
import { flagNamesOf } from '../store/index.js';

/** Options of an {@link ImapError}. */
export interface ImapErrorOptions {
  /** Response code without brackets, e.g. "TRYCREATE" or "AUTHENTICATIONFAILED" (RFC 5530). */
  code?: string;
  /** The reason for the logs; never sent to the client. */
  cause?: unknown;
  /** Log level for the cause; default debug. */
  level?: LogLevel;
  /** Close the connection after the reply (a `* BYE` is sent first). */
  close?: boolean;
}

/**
 * A command failure: `NO` when the command was understood but refused, `BAD` for protocol
 * errors (RFC 9051 §7.1.2, §7.1.3). Thrown by handlers and guards, written by the dispatcher.
 */
export class ImapError extends Error {
  readonly code: string | undefined;
  readonly level: LogLevel;
  readonly close: boolean;

  constructor(
    readonly status: 'NO' | 'BAD',
    readonly text: string,
    opts: ImapErrorOptions = {},
  ) {
    super(`${status} ${opts.code ? `[${opts.code}] ` : ''}${text}`, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'ImapError';
    this.code = opts.code;
    this.level = opts.level ?? 'debug';
    this.close = opts.close ?? false;
  }
}

/** A `NO` failure. */
export function no(text: string, code?: string, opts: Omit<ImapErrorOptions, 'code'> = {}): ImapError {
  return new ImapError('NO', text, { ...opts, ...(code ? { code } : {}) });
}

/** A `BAD` failure. */
export function bad(text: string, code?: string, opts: Omit<ImapErrorOptions, 'code'> = {}): ImapError {
  return new ImapError('BAD', text, { ...opts, ...(code ? { code } : {}) });
}

/** What a handler asks the dispatcher to put in the tagged OK: a response code and/or text. */
export interface Done {
  code?: string;
  text?: string;
  /** The handler already wrote the tagged response (STARTTLS). */
  sent?: boolean;
}

/** Flag names of a message as IMAP shows them (system flags, mox's well-known keywords, keywords). */
export function flagList(bits: number, keywords: readonly string[]): string[] {
  return flagNamesOf({ bits, keywords: [...keywords] });
}

/** The flags a SELECT announces (RFC 9051 §7.3.5): system flags and the keywords mox always knows. */
export const SYSTEM_FLAGS: readonly string[] = [
  '\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft', '$Forwarded', '$Junk', '$NotJunk', '$Phishing', '$MDNSent',
];
