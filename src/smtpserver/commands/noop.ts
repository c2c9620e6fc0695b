import { C250Completed, SeOther00 } from '../../smtp/index.js';
import type { Session } from '../session.js';

/** NOOP: RFC 5321 §4.1.1.9; an argument is allowed and ignored. */
export function noop(s: Session, _args: string): void {
  s.reply(C250Completed, SeOther00, 'alrighty');
}
