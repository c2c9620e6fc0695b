import { C221Closing, SeOther00 } from '../../smtp/index.js';
import { needNoArgs } from '../replies.js';
import type { Session } from '../session.js';

/** QUIT: RFC 5321 §4.1.1.10; reply, then close. */
export function quit(s: Session, args: string): void {
  needNoArgs(args, 'QUIT');
  s.reply(C221Closing, SeOther00, 'okay thanks bye');
  s.closing = true;
}
