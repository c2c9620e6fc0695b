// Reply codes, RFC 5321 §4.2.2, with the AUTH codes of RFC 4954 §6 and RFC 7504.
export const C211SystemStatus = 211;
export const C214Help = 214;
export const C220ServiceReady = 220;
export const C221Closing = 221;
export const C235AuthSuccess = 235; // RFC 4954 §6
export const C250Completed = 250;
export const C251UserNotLocalWillForward = 251;
export const C252WithoutVrfy = 252;
export const C334ContinueAuth = 334; // RFC 4954 §4
export const C354Continue = 354;
export const C421ServiceUnavail = 421;
export const C450MailboxUnavail = 450;
export const C451LocalErr = 451;
export const C452StorageFull = 452; // also "too many recipients", RFC 5321 §4.5.3.1.10
export const C454TempAuthFail = 454; // RFC 4954 §6
export const C455BadParams = 455;
export const C500BadSyntax = 500;
export const C501BadParamSyntax = 501;
export const C502CmdNotImpl = 502;
export const C503BadCmdSeq = 503;
export const C504ParamNotImpl = 504;
export const C521HostNoMail = 521; // RFC 7504 §3
export const C523EncryptionNeeded = 523; // RFC 5248 §2.4
export const C525AccountDisabled = 525; // RFC 5248 §2.4
export const C530SecurityRequired = 530; // RFC 3207 §4, RFC 4954 §6
export const C534AuthMechWeak = 534; // RFC 4954 §6
export const C535AuthBadCreds = 535; // RFC 4954 §6
export const C538EncReqForAuth = 538; // RFC 4954 §6
export const C550MailboxUnavail = 550;
export const C551UserNotLocal = 551;
export const C552MailboxFull = 552;
export const C553BadMailbox = 553;
export const C554TransactionFailed = 554;
export const C555UnrecognizedAddrParams = 555;
export const C556DomainNoMail = 556; // RFC 7504 §3

// Enhanced status code subjects and details (RFC 3463 §3, RFC 5248), without the class digit:
// the class comes from the reply code's first digit.
export const SeOther00 = '0.0';
export const SeAddr1Other0 = '1.0';
export const SeAddr1UnknownDestMailbox1 = '1.1';
export const SeAddr1UnknownSystem2 = '1.2';
export const SeAddr1MailboxSyntax3 = '1.3';
export const SeAddr1DestValid5 = '1.5';
export const SeAddr1DestMailboxMoved6 = '1.6';
export const SeAddr1SenderSyntax7 = '1.7';
export const SeAddr1NullMX10 = '1.10'; // RFC 7505 §4.2
export const SeMailbox2Other0 = '2.0';
export const SeMailbox2Disabled1 = '2.1';
export const SeMailbox2Full2 = '2.2';
export const SeMailbox2MsgLimitExceeded3 = '2.3';
export const SeSys3Other0 = '3.0';
export const SeSys3StorageFull1 = '3.1';
export const SeSys3NotAccepting2 = '3.2';
export const SeSys3NotSupported3 = '3.3';
export const SeSys3MsgLimitExceeded4 = '3.4';
export const SeNet4Other0 = '4.0';
export const SeNet4NoAnswer1 = '4.1';
export const SeNet4BadConn2 = '4.2';
export const SeNet4Name3 = '4.3';
export const SeNet4Routing4 = '4.4';
export const SeNet4Congestion5 = '4.5';
export const SeNet4Loop6 = '4.6';
export const SeNet4DeliveryExpired7 = '4.7';
export const SeProto5Other0 = '5.0';
export const SeProto5BadCmdOrSeq1 = '5.1';
export const SeProto5Syntax2 = '5.2';
export const SeProto5TooManyRcpts3 = '5.3';
export const SeProto5BadParams4 = '5.4';
export const SeProto5ProtocolMismatch5 = '5.5';
export const SeProto5AuthExchangeTooLong6 = '5.6'; // RFC 4954 §4
export const SeMsg6Other0 = '6.0';
export const SeMsg6MediaUnsupported1 = '6.1';
export const SeMsg6NonASCIIAddrNotPermitted7 = '6.7'; // RFC 6531 §3.7.5
export const SeMsg6UTF8ReplyRequired8 = '6.8';
export const SeMsg6UTF8CannotTransfer9 = '6.9';
export const SePol7Other0 = '7.0';
export const SePol7DeliveryUnauth1 = '7.1';
export const SePol7ExpnProhibited2 = '7.2';
export const SePol7MsgIntegrity7 = '7.7';
export const SePol7AuthBadCreds8 = '7.8'; // RFC 4954 §6
export const SePol7AuthWeakMech9 = '7.9';
export const SePol7EncNeeded10 = '7.10'; // RFC 5248
export const SePol7EncReqForAuth11 = '7.11'; // RFC 4954 §6
export const SePol7AccountDisabled13 = '7.13';
export const SePol7SenderHasNullMX27 = '7.27'; // RFC 7505 §4.2
export const SePol7MissingReqTLS30 = '7.30'; // RFC 8689 §5

/** The full enhanced code for a reply code and subcode, e.g. (550, "1.1") → "5.1.1". */
export function enhancedCode(code: number, secode: string): string {
  return secode ? `${Math.floor(code / 100)}.${secode}` : '';
}
