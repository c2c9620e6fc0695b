import { C530SecurityRequired, ReplyError, SePol7Other0 } from '../smtp/index.js';
import type { Session } from './session.js';

/** RFC 4954 §6: submission requires authentication before a transaction. */
export function needAuth(s: Session): void {
  if (s.submission && !s.auth) throw new ReplyError(C530SecurityRequired, SePol7Other0, 'authentication required');
}

/** mox's RequireSTARTTLS for incoming mail: RFC 3207 §4 "530 Must issue a STARTTLS command first". */
export function needTlsForMail(s: Session): void {
  if (!s.submission && s.config.requireTlsForMail && !s.tls) {
    throw new ReplyError(C530SecurityRequired, SePol7Other0, 'STARTTLS required for mail delivery');
  }
}
