import { C500BadSyntax, ReplyError, SeMsg6Other0 } from '../smtp/index.js';
import { deliverMessage } from './deliver.js';
import type { Session } from './session.js';
import type { Transaction } from './state.js';
import { submitMessage } from './submit.js';

/** A complete message received with DATA or BDAT. */
export interface ReceivedData {
  data: Buffer;
  has8bit: boolean;
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
  if (s.submission) await submitMessage(s, tx, msg);
  else await deliverMessage(s, tx, msg);
}

/** Whether any byte is 8-bit (≥ 0x80). */
export function has8bit(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return true;
  return false;
}
