import { needSelected, needSelectedMailbox } from '../guards.js';
import type { Session } from '../session.js';
import { deselect } from './select.js';

/**
 * CLOSE: RFC 9051 §6.4.1. Expunges \Deleted messages silently (no EXPUNGE responses) unless
 * the mailbox was opened read-only, then leaves the selected state.
 */
export async function close(s: Session): Promise<void> {
  const st = needSelected(s);
  if (!st.readOnly && st.account.mailboxById(st.mailbox.id)) {
    await st.account.expunge(needSelectedMailbox(st).id, { uids: [...st.mailbox.all()], origin: s });
  }
  deselect(s);
}

/** UNSELECT: RFC 9051 §6.4.2, RFC 3691. Leaves the selected state without expunging. */
export function unselect(s: Session): void {
  needSelected(s);
  deselect(s);
}
