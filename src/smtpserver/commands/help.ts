import { C214Help, SeOther00 } from '../../smtp/index.js';
import type { Session } from '../session.js';

/** HELP: RFC 5321 §4.1.1.8. */
export function help(s: Session, _args: string): void {
  s.reply(C214Help, SeOther00, 'see rfc 5321 (smtp)');
}
