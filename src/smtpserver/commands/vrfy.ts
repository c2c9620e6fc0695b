import { C252WithoutVrfy, ReplyError, SePol7Other0 } from '../../smtp/index.js';
import type { Session } from '../session.js';

/** VRFY: RFC 5321 §4.1.1.6, §3.5.3; we never confirm addresses (252, as mox). */
export function vrfy(_s: Session, _args: string): void {
  throw new ReplyError(C252WithoutVrfy, SePol7Other0, 'no verify but will try delivery');
}

/** EXPN: RFC 5321 §4.1.1.7; lists are not expanded (252, as mox). */
export function expn(_s: Session, _args: string): void {
  throw new ReplyError(C252WithoutVrfy, SePol7Other0, 'no expand but will try delivery');
}
