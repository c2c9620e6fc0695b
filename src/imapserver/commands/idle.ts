import { isIdleDone } from '../../imap/index.js';
import { idleUntilDone } from '../idle.js';
import { bad } from '../responses.js';
import type { Session } from '../session.js';

/**
 * IDLE: RFC 9051 §6.3.13, RFC 2177. Changes are pushed while waiting; anything but DONE
 * means client and server disagree about the protocol state, so the connection is closed.
 */
export async function idle(s: Session): Promise<void> {
  const line = await idleUntilDone(s);
  s.traceIn(line, false);
  if (!isIdleDone(line)) throw bad('expected DONE', undefined, { close: true });
}
