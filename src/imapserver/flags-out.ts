// Flags as a session shows them: keywords announced before their first use.
import { flagList, SYSTEM_FLAGS } from './responses.js';
import type { Session } from './session.js';
import type { SelectedState } from './state.js';

/**
 * Queues "* FLAGS (...)" and "* OK [PERMANENTFLAGS (...)]" for the selected mailbox (RFC 9051
 * §7.3.5, §7.1): system flags and the keywords the session knows; "\*" allows new keywords.
 * Read-only sessions can change none.
 */
export function writeMailboxFlags(s: Session, st: Pick<SelectedState, 'mailbox' | 'readOnly'>): void {
  const flags = [...SYSTEM_FLAGS, ...st.mailbox.keywords];
  s.send(s.writer().raw('* FLAGS ').flags(flags).crlf());
  s.send(s.writer().raw('* OK [PERMANENTFLAGS ').flags(st.readOnly ? [] : [...flags, '\\*']).raw('] x').crlf());
}

/**
 * The flags of a message for a FETCH response. A keyword the session has not been told
 * about is announced first with new FLAGS and PERMANENTFLAGS responses (RFC 9051 §7.3.5:
 * clients such as imaptest refuse keywords missing from FLAGS).
 */
export function messageFlags(s: Session, st: SelectedState, bits: number, keywords: readonly string[]): string[] {
  let fresh = false;
  for (const k of keywords) {
    if (st.mailbox.keywords.has(k)) continue;
    st.mailbox.keywords.add(k);
    fresh = true;
  }
  if (fresh) writeMailboxFlags(s, st);
  return flagList(bits, keywords);
}
