/** Why a message failed to parse in strict mode. */
export type MessageErrorCode =
  | 'bareCR'
  | 'bareLF'
  | 'lineTooLong'
  | 'header'
  | 'unexpectedEOF'
  | 'badContentType'
  | 'missingBoundaryParam'
  | 'firstBoundaryMissing'
  | 'firstBoundaryCloses'
  | 'missingClosingBoundary'
  | 'badBase64'
  | 'badQuotedPrintable'
  | 'tooDeep';

/**
 * Reports a message that does not parse in strict mode (mox's pedantic mode). `offset` is
 * the byte position in the buffer being parsed where the problem was found (for an embedded
 * message with an encoded body, a position in the decoded body).
 */
export class MessageError extends Error {
  constructor(
    readonly code: MessageErrorCode,
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

/** An address or address list could not be parsed (RFC 5322 §3.4). */
export class AddressParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'AddressParseError';
  }
}
