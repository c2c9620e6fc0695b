// Guards named need… (style rule 4): they narrow the session state or throw the response.
import type { MailboxInfo } from '../store/index.js';
import { bad, no } from './responses.js';
import type { Session } from './session.js';
import type { AuthedState, SelectedState } from './state.js';

/** The authenticated (or selected) state. */
export function needAuthed(s: Session): AuthedState {
  const st = s.state;
  if (st.kind !== 'authenticated' && st.kind !== 'selected') throw bad('not authenticated');
  return st;
}

/** The selected state (RFC 9051 §3.3). */
export function needSelected(s: Session): SelectedState {
  const st = s.state;
  if (st.kind !== 'selected') throw bad('no mailbox selected');
  return st;
}

/** The selected state of a mailbox opened with SELECT, not EXAMINE (RFC 9051 §6.3.3). */
export function needWritable(s: Session): SelectedState {
  const st = needSelected(s);
  if (st.readOnly) throw no('mailbox open in read-only mode', 'READ-ONLY');
  return st;
}

/** The selected mailbox's current row; NO [NONEXISTENT] when another session deleted it. */
export function needSelectedMailbox(st: SelectedState): MailboxInfo {
  const mb = st.account.mailboxById(st.mailbox.id);
  if (!mb) throw no('mailbox has been deleted', 'NONEXISTENT');
  return mb;
}

/** A mailbox by name; NO with `code` (e.g. TRYCREATE, RFC 9051 §7.1) when it does not exist. */
export function needMailbox(st: AuthedState, name: string, code = 'NONEXISTENT'): MailboxInfo {
  const mb = st.account.mailbox(name);
  if (!mb) throw no('mailbox does not exist', code);
  return mb;
}
