/**
 * SMTP wire facts shared by the server and the client: reply codes and enhanced status codes
 * (RFC 5321 §4.2, RFC 3463, RFC 5248), the typed reply error, reply formatting, paths and
 * addresses (RFC 5321 §4.1.2, RFC 6531), and mox's received-id. Layer L0.
 */
export * from './codes.js';
export { ReplyError, formatReply, type ReplyOptions } from './reply.js';
export {
  type Address,
  type Path,
  type IPDomain,
  AddressError,
  parseAddress,
  tryParseAddress,
  addressString,
  pathString,
  localpartString,
  ipDomainString,
  isPostmaster,
} from './address.js';
export { CommandParser, CommandSyntaxError, type MailParam } from './parser.js';
export { ReceivedIdCodec } from './receivedid.js';
