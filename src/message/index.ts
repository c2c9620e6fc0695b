/**
 * Email messages parsed once: header fields with offsets (RFC 5322 §2.2, §3.6), the MIME part
 * tree with byte offsets, line counts and decoded sizes (RFC 2045, RFC 2046), IMAP ENVELOPE
 * data (RFC 9051 §7.5.2), address lists (RFC 5322 §3.4, RFC 6532), dates (RFC 5322 §3.3),
 * Message-ID and References (RFC 5322 §3.6.4), encoded words (RFC 2047), parameter
 * continuations (RFC 2231), and body decoding (base64, quoted-printable, charsets). The part
 * tree serialises to compact JSON so a store can keep it per message and serve FETCH from
 * offsets. Media types are kept in upper case (as mox does, ready for IMAP); parameter names
 * in lower case. Layer L0: imports only Node built-ins and the smtp and dns leaves.
 */
export type { Part, Envelope, EnvelopeAddress, ParseOptions } from './types.js';
export { MessageError, AddressParseError, type MessageErrorCode } from './errors.js';
export { parseMessage, partHeader, MAX_DEPTH } from './part.js';
export { Header, parseHeader, scanHeader, unfoldValue, type HeaderField, type HeaderScan, type FieldVisitor } from './header.js';
export { parseContentType, parseDisposition, parseMimeValue, isToken, type ContentType, type MimeValue } from './params.js';
export { envelopeFromFields, parseEnvelope, envelopeWithDefaults, envelopeNamedAddresses } from './envelope.js';
export { partStructure, type Structure } from './structure.js';
export {
  parseAddressList,
  parseAddress,
  isGroup,
  envelopeAddresses,
  envelopeMailbox,
  type Mailbox,
  type AddressGroup,
  type AddressListItem,
  type AddressListOptions,
} from './address.js';
export { parseDateTime, formatDateTime, type DateTime } from './date.js';
export { messageIdCanonical, parseMessageIdList, referencedIds, MessageIdError } from './messageid.js';
export { decodeWords } from './words.js';
export { headerBytesToString, decodeCharset } from './charset.js';
export {
  decodedBody,
  rawBody,
  messageBuffer,
  decodeTransfer,
  decodeBase64,
  decodeQuotedPrintable,
  toCRLF,
} from './decode.js';
export {
  readableText,
  partText,
  dispositionFilename,
  isDSN,
  needsSmtputf8,
  hasNonAscii,
  type ReadableText,
  type DispositionFilename,
} from './readable.js';
export { resolvePart, headerFields, mimeHeaderFields, headerBytes, type ResolvedPart } from './section.js';
export { partToJSON, partFromJSON } from './json.js';
export { formatMessageDate, localZoneOffset, foldedField } from './compose.js';
