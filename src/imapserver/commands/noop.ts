import type { Session } from '../session.js';

/**
 * NOOP (RFC 9051 §6.1.2) and CHECK (RFC 3501 §6.4.1, gone in IMAP4rev2): nothing to do; the
 * dispatcher reports pending changes before the tagged OK, which is what clients poll for.
 */
export function noop(_s: Session): void {
  // Intentionally empty.
}
