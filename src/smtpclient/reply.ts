/** One SMTP reply: code, enhanced code (without class digit) and the text lines. */
export interface Reply {
  code: number;
  /** Enhanced status code as "x.y.z" when the server sent one, else "". */
  enhanced: string;
  lines: string[];
}

/** The text of a reply as one line, e.g. "451 4.0.0 failure … (id)". */
export function replyText(r: Reply): string {
  return r.lines.map((l) => `${r.code}${r.enhanced ? ' ' + r.enhanced : ''} ${l}`).join('\n');
}

/**
 * A delivery failure. `permanent` follows mox: 5xx is permanent (except 552 on a pipelined
 * RCPT, RFC 5321 §4.5.3.1.10 says treat as temporary), everything else temporary; network
 * errors and timeouts have code 0.
 */
export class SmtpClientError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly enhanced: string,
    readonly permanent: boolean,
    /** The command that failed: "dial", "greeting", "ehlo", "starttls", "mail", "rcpt", "data". */
    readonly stage: string,
    options?: ErrorOptions & { lines?: string[] },
  ) {
    super(message, options);
    this.name = 'SmtpClientError';
    this.lines = options?.lines ?? [];
  }

  /** The remote's reply lines as sent (code and enhanced code included), if there was a reply. */
  readonly lines: string[];

  /** The enhanced code without its class digit ("0.0"), as mox stores Secode. */
  get secode(): string {
    return this.enhanced ? this.enhanced.split('.').slice(1).join('.') : '';
  }
}

/** Builds the error for a failure reply to a command. */
export function replyError(stage: string, r: Reply, pipelinedRcpt = false): SmtpClientError {
  const permanent = r.code >= 500 && !(pipelinedRcpt && r.code === 552);
  return new SmtpClientError(`${stage}: ${replyText(r)}`, r.code, r.enhanced, permanent, stage, { lines: replyText(r).split('\n') });
}
