import { capabilities } from '../capabilities.js';
import type { Session } from '../session.js';

/** CAPABILITY: RFC 9051 §6.1.1. */
export function capability(s: Session): void {
  s.line(`* CAPABILITY ${capabilities(s)}`);
}
