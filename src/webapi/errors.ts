import type { ErrorResult, WebapiErrorCode } from './types.js';

/** A webapi error: thrown by handlers, sent as a 400 with its code (style rule 6). */
export class WebapiError extends Error {
  constructor(
    readonly code: WebapiErrorCode | (string & {}),
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WebapiError';
  }

  /** The JSON body sent for this error. */
  toJSON(): ErrorResult {
    return { Code: this.code, Message: this.message };
  }
}

