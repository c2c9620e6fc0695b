// Typed DKIM errors: a code callers can switch on, and a message for people.

/** What went wrong, as a short stable code. */
export type DkimErrorCode =
  | 'header'
  | 'from'
  | 'syntax'
  | 'record'
  | 'no-record'
  | 'multiple-records'
  | 'dns'
  | 'sig-alg-mismatch'
  | 'hash-not-allowed'
  | 'key-not-for-email'
  | 'identity-mismatch'
  | 'expired'
  | 'body-hash'
  | 'sig-verify'
  | 'algorithm'
  | 'canonicalization'
  | 'query-method'
  | 'revoked'
  | 'tld'
  | 'policy'
  | 'weak-key'
  | 'key';

/** A DKIM signing, parsing or verification error. */
export class DkimError extends Error {
  constructor(
    readonly code: DkimErrorCode,
    message: string,
  ) {
    super(`dkim: ${message}`);
    this.name = 'DkimError';
  }
}
