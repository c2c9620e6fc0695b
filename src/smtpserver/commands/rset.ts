import { C250Completed, SeOther00 } from '../../smtp/index.js';
import { needNoArgs } from '../replies.js';
import type { Session } from '../session.js';

/** RSET: RFC 5321 §4.1.1.5; aborts the transaction, keeps the greeting and authentication. */
export function rset(s: Session, args: string): void {
  needNoArgs(args, 'RSET');
  s.resetTransaction();
  s.reply(C250Completed, SeOther00, 'all clear');
}
