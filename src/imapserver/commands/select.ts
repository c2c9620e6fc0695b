import type { CommandArgs } from '../../imap/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import { bad, type Done } from '../responses.js';
import { writeMailboxFlags } from '../flags-out.js';
import type { Session } from '../session.js';
import { planResync, resync } from '../resync.js';
import { MailboxView } from '../state.js';
import { uidOnly } from '../vanished.js';

/**
 * SELECT and EXAMINE: RFC 9051 §6.3.2, §6.3.3, with CONDSTORE (RFC 7162 §3.1.8) and QRESYNC
 * (RFC 7162 §3.2.5). A selected mailbox is closed first ("* OK [CLOSED]", RFC 9051 §7.1), also
 * when the new one fails.
 */
export async function select(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'SELECT' | 'EXAMINE' }>): Promise<Done> {
  const st = needAuthed(s);
  // QRESYNC parameters without ENABLE QRESYNC were refused by the dispatcher (RFC 7162 §3.2.5).
  if (st.kind === 'selected') {
    // RFC 7162 §3.2.11: CLOSED separates responses for the old mailbox from the new one's.
    s.status(null, 'OK', 'x', 'CLOSED');
    deselect(s);
  }
  // RFC 9586 §3: no sequence numbers with UIDONLY, also not in QRESYNC match data (as mox,
  // checked after the old mailbox is closed).
  if (a.qresync?.seqMatch && uidOnly(s)) throw bad('cannot use message sequence match data with uidonly enabled', 'UIDREQUIRED');
  const mb = needMailbox(st, a.mailbox);
  const qr = a.qresync?.uidValidity === mb.uidValidity ? a.qresync : undefined;
  // Only UIDs, the first unseen and the keywords: no message rows (large mailboxes).
  const info = st.account.selectInfo(mb.id);
  const uids = info.uids;
  // RFC 9586 §3: UNSEEN carries a sequence number, so not with UIDONLY.
  const firstUnseen = info.firstUnseenUid && !uidOnly(s) ? uids.indexOf(info.firstUnseenUid) + 1 : 0;
  const readOnly = a.command === 'EXAMINE';
  const view = new MailboxView(mb.id, mb.name, mb.uidValidity, uids, mb.uidNext);
  const plan = qr ? planResync(view, qr) : undefined;
  for (const k of info.keywords) view.keywords.add(k);
  writeMailboxFlags(s, { mailbox: view, readOnly });
  s.line(`* ${uids.length} EXISTS`);
  if (!s.rev2) {
    // RFC 3501 §6.3.1: RECENT and UNSEEN for IMAP4rev1 clients. Deviation (as mox): no
    // \Recent (RFC 9051 dropped it); RECENT is always 0.
    s.line('* 0 RECENT');
    if (firstUnseen > 0) s.status(null, 'OK', 'x', `UNSEEN ${firstUnseen}`);
  }
  s.status(null, 'OK', 'x', `UIDVALIDITY ${mb.uidValidity}`);
  s.status(null, 'OK', 'x', `UIDNEXT ${mb.uidNext}`);
  // RFC 9051 §6.3.2: the LIST response with the mailbox name as the server knows it.
  s.send(s.writer().raw('* LIST () "/" ').mailbox(mb.name).crlf());
  if (s.condstore) s.status(null, 'OK', 'x', `HIGHESTMODSEQ ${mb.modseq}`);
  const selected = { kind: 'selected' as const, account: st.account, username: st.username, mailbox: view, readOnly };
  s.state = selected;
  dropMessageChanges(s);
  s.searchResult = undefined;
  // RFC 7162 §3.2.5: with a matching UIDVALIDITY, what changed since the client's modseq.
  if (qr && plan) await resync(s, selected, mb, qr, plan);
  return { code: readOnly ? 'READ-ONLY' : 'READ-WRITE', text: `${a.command} done` };
}

/** Leaves the selected state without expunging (UNSELECT, RFC 9051 §6.4.2). */
export function deselect(s: Session): void {
  const st = s.state;
  if (st.kind !== 'selected') return;
  s.state = { kind: 'authenticated', account: st.account, username: st.username };
  dropMessageChanges(s);
  s.searchResult = undefined;
}

/**
 * Forgets queued changes of the mailbox that is no longer selected (also those NOTIFY
 * SELECTED-DELAYED held, as mox); reports about other mailboxes stay.
 */
function dropMessageChanges(s: Session): void {
  s.pending = s.pending.filter((p) => p.kind !== 'message');
}
