import type { CommandArgs } from '../../imap/index.js';
import type { Session } from '../session.js';

// What ENABLE can switch on (RFC 5161 §3.1): only extensions that change responses.
// METADATA: unsolicited METADATA responses (RFC 5464 §4.4.2), as mox.
const ENABLEABLE = new Set(['IMAP4REV2', 'UTF8=ACCEPT', 'CONDSTORE', 'QRESYNC', 'UIDONLY', 'METADATA']);

/**
 * ENABLE: RFC 5161, RFC 9051 §6.3.1. Echoes the capabilities it enabled now; unknown ones
 * are ignored. CONDSTORE in a selected mailbox also sends HIGHESTMODSEQ (RFC 7162 §3.1).
 * QRESYNC implies CONDSTORE (RFC 7162 §3.2.3), which is then echoed too, as mox does.
 * UIDONLY (RFC 9586 §3) takes effect at once, also in a selected mailbox, as in mox.
 */
export function enable(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'ENABLE' }>): void {
  const now: string[] = [];
  const on = (name: string, echo: string) => {
    s.enabled.add(name);
    now.push(echo);
    if (name === 'CONDSTORE' && s.state.kind === 'selected') {
      const mb = s.state.account.mailboxById(s.state.mailbox.id);
      if (mb) s.status(null, 'OK', 'after condstore-enabling command', `HIGHESTMODSEQ ${mb.modseq}`);
    }
  };
  for (const c of a.capabilities) {
    const up = c.toUpperCase();
    if (!ENABLEABLE.has(up) || s.enabled.has(up)) continue;
    on(up, c);
  }
  if (s.enabled.has('QRESYNC') && !s.enabled.has('CONDSTORE')) on('CONDSTORE', 'CONDSTORE');
  s.line(`* ENABLED${now.map((c) => ` ${c}`).join('')}`);
}
