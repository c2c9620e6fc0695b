// Request and result shapes of the webapi, with Go mox's JSON field names (webapi package of
// mox v0.0.15). Times travel as RFC 3339 strings; 64-bit ids as JSON numbers.

/** An error as the webapi returns it: HTTP 400 with `{"Code": ..., "Message": ...}`. */
export interface ErrorResult {
  Code: string;
  Message: string;
}

/**
 * Error codes mox sends: `protocol` (bad request encoding), `server`, `user`, `error` (plain
 * storage errors), and the method-specific ones.
 */
export type WebapiErrorCode =
  | 'protocol'
  | 'server'
  | 'user'
  | 'error'
  | 'badAddress'
  | 'missingBody'
  | 'multipleFrom'
  | 'badFrom'
  | 'domainDisabled'
  | 'noRecipients'
  | 'messageLimitReached'
  | 'recipientLimitReached'
  | 'messageTooLarge'
  | 'malformedMessageID'
  | 'sentOverQuota'
  | 'messageNotFound'
  | 'partNotFound';

/** A display name and address. */
export interface NameAddress {
  Name: string;
  Address: string;
}

/** A message as composed for Send or parsed for MessageGet. */
export interface Message {
  From: NameAddress[];
  To: NameAddress[];
  CC: NameAddress[];
  BCC: NameAddress[];
  ReplyTo: NameAddress[];
  MessageID: string;
  References: string[];
  /** RFC 3339, or null. */
  Date: string | null;
  Subject: string;
  Text: string;
  HTML: string;
}

/** A file for Send: base64 data with optional name, type and Content-ID. */
export interface File {
  Name: string;
  ContentType: string;
  ContentID: string;
  Data: string;
}

/** Send: the Message fields inlined, plus delivery options. */
export interface SendRequest extends Message {
  Extra: Record<string, string>;
  Headers: [string, string][];
  AlternativeFiles: File[];
  InlineFiles: File[];
  AttachedFiles: File[];
  RequireTLS: boolean | null;
  /** RFC 3339, or null. */
  FutureRelease: string | null;
  SaveSent: boolean;
}

/** One queued message of a Send, per recipient. */
export interface Submission {
  Address: string;
  QueueMsgID: number;
  FromID: string;
}

/** Result of Send. */
export interface SendResult {
  MessageID: string;
  Submissions: Submission[];
}

/** An entry of an account's suppression list. */
export interface Suppression {
  ID: number;
  /** RFC 3339. */
  Created: string;
  Account: string;
  BaseAddress: string;
  OriginalAddress: string;
  Manual: boolean;
  Reason: string;
}

/** SuppressionList takes no parameters. */
export type SuppressionListRequest = Record<string, never>;
/** Result of SuppressionList. */
export interface SuppressionListResult {
  Suppressions: Suppression[];
}
/** SuppressionAdd parameters. */
export interface SuppressionAddRequest {
  EmailAddress: string;
  Manual: boolean;
  Reason: string;
}
/** SuppressionRemove parameters. */
export interface SuppressionRemoveRequest {
  EmailAddress: string;
}
/** SuppressionPresent parameters. */
export interface SuppressionPresentRequest {
  EmailAddress: string;
}
/** Result of SuppressionPresent. */
export interface SuppressionPresentResult {
  Present: boolean;
}

/** The MIME structure of a message part (mox's webhook.Structure). */
import type { Structure } from '../message/index.js';
export type { Structure };

/** Delivery and storage details of a stored message. */
export interface MessageMeta {
  Size: number;
  DSN: boolean;
  Flags: string[];
  MailFrom: string;
  MailFromValidated: boolean;
  RcptTo: string;
  MsgFrom: string;
  MsgFromValidated: boolean;
  DKIMVerifiedDomains: string[];
  RemoteIP: string;
  MailboxName: string;
}

/** Parameters of the methods that address one stored message. */
export interface MsgIDRequest {
  MsgID: number;
}
/** Result of MessageGet. */
export interface MessageGetResult {
  Message: Message;
  Structure: Structure;
  Meta: MessageMeta;
}
/** MessagePartGet parameters. */
export interface MessagePartGetRequest {
  MsgID: number;
  PartPath: number[];
}
/** MessageFlagsAdd and MessageFlagsRemove parameters. */
export interface MessageFlagsRequest {
  MsgID: number;
  Flags: string[];
}
/** MessageMove parameters. */
export interface MessageMoveRequest {
  MsgID: number;
  DestMailboxName: string;
}

/** The names of the webapi methods, in Go's (alphabetical) order. */
export type MethodName =
  | 'MessageDelete'
  | 'MessageFlagsAdd'
  | 'MessageFlagsRemove'
  | 'MessageGet'
  | 'MessageMove'
  | 'MessagePartGet'
  | 'MessageRawGet'
  | 'Send'
  | 'SuppressionAdd'
  | 'SuppressionList'
  | 'SuppressionPresent'
  | 'SuppressionRemove';

/** Requests of each method. */
export interface MethodRequests {
  MessageDelete: MsgIDRequest;
  MessageFlagsAdd: MessageFlagsRequest;
  MessageFlagsRemove: MessageFlagsRequest;
  MessageGet: MsgIDRequest;
  MessageMove: MessageMoveRequest;
  MessagePartGet: MessagePartGetRequest;
  MessageRawGet: MsgIDRequest;
  Send: SendRequest;
  SuppressionAdd: SuppressionAddRequest;
  SuppressionList: SuppressionListRequest;
  SuppressionPresent: SuppressionPresentRequest;
  SuppressionRemove: SuppressionRemoveRequest;
}

/** Results of each method; bytes for the methods that return message data. */
export interface MethodResults {
  MessageDelete: Record<string, never>;
  MessageFlagsAdd: Record<string, never>;
  MessageFlagsRemove: Record<string, never>;
  MessageGet: MessageGetResult;
  MessageMove: Record<string, never>;
  MessagePartGet: Buffer;
  MessageRawGet: Buffer;
  Send: SendResult;
  SuppressionAdd: Record<string, never>;
  SuppressionList: SuppressionListResult;
  SuppressionPresent: SuppressionPresentResult;
  SuppressionRemove: Record<string, never>;
}
