import { needsSmtputf8, parseMessage } from '../message/index.js';
import { C500BadSyntax, C550MailboxUnavail, ReplyError, SeMsg6Other0 } from '../smtp/index.js';
import { deliverMessage } from './deliver.js';
import type { Session } from './session.js';
import type { Transaction } from './state.js';
import { submitMessage } from './submit.js';

/** A complete message received with DATA or BDAT. */
export interface ReceivedData {
  data: Buffer;
  has8bit: boolean;
  /** Whether the message needs SMTPUTF8 to be passed on (set by acceptMessage). */
  smtputf8?: boolean;
}

/**
 * What happens at the end of DATA or the last BDAT: checks common to both, then queueing
 * (submission) or local delivery (incoming).
 */
export async function acceptMessage(s: Session, tx: Transaction, msg: ReceivedData): Promise<void> {
  if (s.submission && s.config.pedantic && msg.has8bit && !tx.params.body8bit) {
    // RFC 6152 §3: 8-bit data needs BODY=8BITMIME.
    throw new ReplyError(C500BadSyntax, SeMsg6Other0, 'message with non-us-ascii requires 8bitmime extension');
  }
  const utf8 = smtputf8Required(tx, msg.data);
  if (utf8 && !tx.params.smtputf8 && s.config.pedantic) {
    // RFC 6531 §3.4, RFC 6532 §3.2: UTF-8 addresses or headers need SMTPUTF8 on MAIL.
    throw new ReplyError(C550MailboxUnavail, SeMsg6Other0, 'smtputf8 extension is required but was not added to the MAIL command');
  }
  const m = { ...msg, smtputf8: utf8 };
  if (s.submission) await submitMessage(s, tx, m);
  else await deliverMessage(s, tx, m);
}

/**
 * Whether passing the message on needs SMTPUTF8: a non-ASCII localpart in MAIL FROM or a
 * RCPT TO, or non-ASCII in any header (as mox decides; a client that asked for SMTPUTF8 for
 * a plain message does not make the queue require it from the next hop).
 */
function smtputf8Required(tx: Transaction, data: Buffer): boolean {
  if (/[^\x00-\x7f]/.test(tx.from.localpart)) return true;
  if (tx.rcpts.some((r) => /[^\x00-\x7f]/.test(r.path.localpart))) return true;
  if (!has8bit(data)) return false;
  return needsSmtputf8(data, parseMessage(data));
}

/** Whether any byte is 8-bit (≥ 0x80). */
export function has8bit(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return true;
  return false;
}
