// Arguments of APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502, BINARY RFC 3516, UTF8 RFC 6855)
// and REPLACE (RFC 8508).
import type { ImapDateTime } from './datetime.js';
import type { Parser } from './parser.js';
import type { AppendMessage, CommandArgs } from './types.js';

/** [flag-list SP] [date-time SP] (literal / literal8 / "UTF8" SP "(" literal8 ")"). */
function appendMessage(p: Parser): AppendMessage {
  let flags: string[] = [];
  let date: ImapDateTime | undefined;
  if (p.peekByte() === 0x28) {
    flags = p.flagList();
    p.sp();
  }
  if (p.peekByte() === 0x22) {
    date = p.dateTime();
    p.sp();
  }
  let utf8 = false;
  if (p.takeWord(['UTF8'])) {
    // RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")".
    utf8 = true;
    p.sp();
    p.needChar('(');
  }
  // Message data may hold NUL bytes; whether to accept them is the session's choice (RFC 3516 §4.4).
  const lit = p.literal(true, true);
  if (utf8) {
    if (!lit.binary) throw p.error('UTF8 append data must be a literal8');
    p.needChar(')');
  }
  return { flags, data: lit.data, binary: lit.binary, utf8, ...(date ? { date } : {}) };
}

/** APPEND mailbox 1*(SP append-message): one message, or several with MULTIAPPEND (RFC 3502 §6.3.11). */
export function parseAppend(p: Parser): CommandArgs {
  p.sp();
  const mailbox = p.mailbox();
  const messages: AppendMessage[] = [];
  while (p.takeSp()) messages.push(appendMessage(p));
  if (messages.length === 0) throw p.error('expected message');
  p.end();
  return { command: 'APPEND', mailbox, messages };
}

/** REPLACE/UID REPLACE seq-number SP mailbox SP append-message (RFC 8508 §6). */
export function parseReplace(command: 'REPLACE' | 'UID REPLACE') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const target = p.seqNumber();
    p.sp();
    const mailbox = p.mailbox();
    p.sp();
    const message = appendMessage(p);
    p.end();
    return { command, uid: command === 'UID REPLACE', target, mailbox, message };
  };
}
