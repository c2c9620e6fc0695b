/** Whether the reply is `BAD` (syntax, protocol) or `NO` (refused, e.g. APPEND too big). */
export type ImapErrorStatus = 'BAD' | 'NO';

/** Options of an {@link ImapParseError}. */
export interface ImapParseErrorOptions {
  /** The command's tag; absent when the tag could not be read (the reply is `* BAD`). */
  tag?: string;
  /** The command name when known, uppercased ("UID FETCH"). */
  command?: string;
  /** Reply status; BAD unless said otherwise. */
  status?: ImapErrorStatus;
  /** Response code without brackets, e.g. "TOOBIG" (RFC 4469 §4.2). */
  code?: string;
  /**
   * The connection must be closed after the reply (send `* BYE` first): the command could not
   * be read to its end, so what follows on the wire cannot be interpreted.
   */
  fatal?: boolean;
  /** Extra detail for logs only (position, remaining input); never sent to the client. */
  detail?: string;
  cause?: unknown;
}

/**
 * A client command that cannot be read or parsed. The one typed error thrown by the command
 * reader, the grammar parser and the argument parsers. `text` is what the client sees; the
 * `message` adds `detail` for logs (style rule 5).
 */
export class ImapParseError extends Error {
  readonly tag: string | undefined;
  readonly command: string | undefined;
  readonly status: ImapErrorStatus;
  readonly code: string | undefined;
  readonly fatal: boolean;
  readonly text: string;
  readonly detail: string | undefined;

  constructor(text: string, opts: ImapParseErrorOptions = {}) {
    super(opts.detail ? `${text} (${opts.detail})` : text, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'ImapParseError';
    this.text = text;
    this.tag = opts.tag;
    this.command = opts.command;
    this.status = opts.status ?? 'BAD';
    this.code = opts.code;
    this.fatal = opts.fatal ?? false;
    this.detail = opts.detail;
  }
}
