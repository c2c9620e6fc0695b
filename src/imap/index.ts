/**
 * The IMAP wire layer: reading complete client commands with their literals (synchronising,
 * non-synchronising LITERAL+/LITERAL- RFC 7888, literal8 RFC 3516) under size limits; a grammar
 * cursor (atoms, strings, numbers, sequence sets, flags, mailbox names, dates); typed argument
 * parsers for the IMAP4rev2 commands (RFC 9051; IMAP4rev1 RFC 3501) and the extensions Go mox
 * announces (ENABLE, SASL-IR, ID, COMPRESS, CONDSTORE/QRESYNC, ESEARCH, SEARCHRES, MULTISEARCH,
 * LIST-EXTENDED, LIST-STATUS, SPECIAL-USE, STATUS=SIZE, APPENDLIMIT, MULTIAPPEND, UTF8=ACCEPT,
 * REPLACE, WITHIN, SAVEDATE, PREVIEW, QUOTA, METADATA, NOTIFY, MOVE, UIDPLUS, UIDONLY), plus SORT
 * and THREAD (RFC 5256), which Go mox does not implement; a response writer producing Buffers;
 * and modified UTF-7 (RFC 3501 §5.1.3). No sessions or state: that is imapserver/. Layer L0.
 */
export { ImapParseError, type ImapErrorStatus, type ImapParseErrorOptions } from './errors.js';
export { utf7Encode, utf7Decode, Utf7Error, type Utf7ErrorReason } from './utf7.js';
export {
  type NumSet,
  type NumRange,
  type SetNumber,
  formatNumSet,
  formatNumbers,
  compactNumbers,
  numSetContains,
} from './numset.js';
export {
  type ImapDate,
  type ImapDateTime,
  parseDateText,
  parseDateTimeText,
  formatDateTime,
  formatDate,
} from './datetime.js';
export { Parser, INBOX, type Literal, type ParseContext, type ParserOptions } from './parser.js';
export {
  readCommand,
  ImapCommand,
  DEFAULT_LIMITS,
  type CommandSource,
  type CommandLimits,
  type LiteralAnnouncement,
  type ReadCommandOptions,
} from './reader.js';
export { BufferSource } from './buffer-source.js';
export { parseArguments, argumentParser } from './args.js';
export { enablesCondstore, usesSequenceNumbers } from './args-info.js';
export { parseSaslResponse, isIdleDone } from './args-session.js';
export type {
  CommandArgs,
  CommandName,
  StatusAtt,
  Section,
  Partial,
  SimpleFetchAtt,
  FetchAtt,
  SearchKey,
  SearchReturn,
  SortKey,
  SortCriterion,
  MailboxFilter,
  NotifyEvent,
  NotifyEventGroup,
  AppendMessage,
  QresyncParams,
} from './types.js';
export { ResponseWriter, type WriterOptions, type Condition } from './writer.js';
