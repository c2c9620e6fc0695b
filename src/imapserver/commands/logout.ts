import type { Session } from '../session.js';

/** LOGOUT: RFC 9051 §6.1.3. "* BYE" first, then the tagged OK, then the server closes. */
export function logout(s: Session): void {
  s.line('* BYE thanks');
  s.release();
  s.state = { kind: 'logout' };
}
