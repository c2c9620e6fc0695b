import type { Session } from '../session.js';

/** NAMESPACE: RFC 9051 §6.3.10, RFC 2342. One personal namespace with "/" as separator. */
export function namespace(s: Session): void {
  s.line('* NAMESPACE (("" "/")) NIL NIL');
}
