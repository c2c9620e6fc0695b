/**
 * One MIME entity: the whole message, a part of a multipart, or the message inside a
 * message/rfc822 part. Offsets point into the buffer the part was parsed from (see
 * {@link messageBuffer} for embedded messages with an encoded body).
 */
export interface Part {
  /** Start of the boundary line that introduced this part; -1 for a (top or embedded) message. */
  boundaryOffset: number;
  /** Start of the part's header. */
  headerOffset: number;
  /** Start of the body: just after the blank line that ends the header (or where the header stops). */
  bodyOffset: number;
  /**
   * End of the body (exclusive). For a part of a multipart this is before the line ending
   * that belongs to the next delimiter (RFC 2046 §5.1.1); for a multipart it includes the epilogue.
   */
  endOffset: number;
  /** Number of lines in the raw body; 0 for multiparts (IMAP BODYSTRUCTURE needs it for text/* and message/rfc822). */
  lines: number;
  /**
   * Size of the body after removing the content-transfer-encoding; for TEXT types lines are
   * counted as ending in CRLF, as {@link decodedBody} returns them. 0 for multiparts.
   */
  decodedSize: number;
  /** Media type in upper case, e.g. "TEXT". Defaults to TEXT (or MESSAGE inside multipart/digest). */
  mediaType: string;
  /** Media subtype in upper case, e.g. "PLAIN". */
  mediaSubType: string;
  /** Content-Type parameters: lower-case names, values as sent (RFC 2231 continuations joined and decoded). */
  params: Record<string, string>;
  /** Content-ID value, trimmed, including the angle brackets. */
  contentId?: string;
  /** Content-Description value, trimmed, not RFC 2047-decoded (IMAP sends it as is). */
  contentDescription?: string;
  /** Content-Transfer-Encoding in upper case, e.g. "BASE64". Absent means 7BIT. */
  contentTransferEncoding?: string;
  /** Content-Disposition type in lower case, e.g. "attachment". */
  disposition?: string;
  /** Content-Disposition parameters, same form as {@link Part.params}. */
  dispositionParams?: Record<string, string>;
  /** Content-Language value as sent (RFC 3282), trimmed. */
  contentLanguage?: string;
  /** Content-Location value (RFC 2557), trimmed. */
  contentLocation?: string;
  /** Content-MD5 value (RFC 1864), trimmed. */
  contentMD5?: string;
  /** Envelope of a message: set on the top-level part and on embedded messages, never on other parts. */
  envelope?: Envelope;
  /** Children of a multipart; always at least one for a MULTIPART part. */
  parts: Part[];
  /** For MESSAGE/RFC822 and MESSAGE/GLOBAL: the embedded message. Always set for those types. */
  message?: Part;
}

/**
 * One entry of an IMAP ENVELOPE address list (RFC 9051 §7.5.2). A group is a start marker
 * (mailbox = group name, host null) followed by its members and an end marker (all null).
 */
export interface EnvelopeAddress {
  /** Display name, RFC 2047-decoded; null when absent. */
  name: string | null;
  /** Obsolete source route (RFC 5322 §4.4) such as "@route"; usually null. */
  adl: string | null;
  /** Localpart (quoted when it needs to be), or the group name for a group start marker. */
  mailbox: string | null;
  /** Domain in lower-case ASCII (IDNA A-labels); null only for group markers. */
  host: string | null;
}

/** The message header fields IMAP puts in ENVELOPE (RFC 9051 §7.5.2), parsed from the first instance of each. */
export interface Envelope {
  /** Date header re-formatted as "Mon, 2 Jan 2006 15:04:05 -0700"; undefined when absent or unparsable. */
  date?: string;
  /** Subject, RFC 2047-decoded; undefined when absent or empty. */
  subject?: string;
  from: EnvelopeAddress[];
  /** As in the message; use {@link envelopeWithDefaults} to fill it from From for IMAP. */
  sender: EnvelopeAddress[];
  /** As in the message; use {@link envelopeWithDefaults} to fill it from From for IMAP. */
  replyTo: EnvelopeAddress[];
  to: EnvelopeAddress[];
  cc: EnvelopeAddress[];
  bcc: EnvelopeAddress[];
  /** In-Reply-To value as sent (trimmed, unfolded), with the angle brackets. */
  inReplyTo?: string;
  /** Message-ID value as sent (trimmed, unfolded), with the angle brackets. */
  messageId?: string;
}

/** Options for {@link parseMessage}. */
export interface ParseOptions {
  /**
   * Report problems as {@link MessageError} where mox's pedantic mode does (bare CR or LF,
   * lines over 998 bytes, malformed header or Content-Type, boundary errors, bad base64).
   * Without it, parsing never throws and returns a best-effort tree.
   */
  strict?: boolean;
}
