import { C421ServiceUnavail, ReplyError, SeSys3NotAccepting2 } from '../smtp/index.js';
import type { Verdict } from './ports.js';
import type { Session } from './session.js';

/**
 * Applies a policy verdict: nothing, a failure reply, or holding the command without a reply
 * (the connection stays open and other sessions go on) until the time passes or the server
 * shuts down.
 */
export async function applyVerdict(s: Session, v: Verdict): Promise<void> {
  if (!v) return;
  if ('fail' in v) throw new ReplyError(v.fail.code, v.fail.secode, v.fail.text);
  await s.flush();
  const waited = await s.pause(v.hang.ms);
  if (!waited) throw new ReplyError(C421ServiceUnavail, SeSys3NotAccepting2, 'shutting down', { close: true });
  throw new ReplyError(v.hang.then.code, v.hang.then.secode, v.hang.then.text);
}
