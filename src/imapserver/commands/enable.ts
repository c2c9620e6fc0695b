import type { CommandArgs } from '../../imap/index.js';
import type { Session } from '../session.js';

// What ENABLE can switch on (RFC 5161 §3.1): only extensions that change responses.
// METADATA: unsolicited METADATA responses (RFC 5464 §4.4.2), as mox.
const ENABLEABLE = new Set(['IMAP4REV2', 'UTF8=ACCEPT', 'CONDSTORE', 'METADATA']);

/**
 * ENABLE: RFC 5161, RFC 9051 §6.3.1. Echoes the capabilities it enabled now; unknown ones
 * are ignored. CONDSTORE in a selected mailbox also sends HIGHESTMODSEQ (RFC 7162 §3.1).
 */
export function enable(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'ENABLE' }>): void {
  const now: string[] = [];
  for (const c of a.capabilities) {
    const up = c.toUpperCase();
    if (!ENABLEABLE.has(up) || s.enabled.has(up)) continue;
    s.enabled.add(up);
    now.push(c);
    if (up === 'CONDSTORE' && s.state.kind === 'selected') {
      const mb = s.state.account.mailboxById(s.state.mailbox.id);
      if (mb) s.status(null, 'OK', 'after condstore-enabling command', `HIGHESTMODSEQ ${mb.modseq}`);
    }
  }
  s.line(`* ENABLED${now.map((c) => ` ${c}`).join('')}`);
}
