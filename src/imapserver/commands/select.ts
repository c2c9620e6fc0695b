import type { CommandArgs } from '../../imap/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import { bad, SYSTEM_FLAGS, type Done } from '../responses.js';
import type { Session } from '../session.js';
import { MailboxView } from '../state.js';

/**
 * SELECT and EXAMINE: RFC 9051 §6.3.2, §6.3.3, with CONDSTORE (RFC 7162 §3.1.8). A selected
 * mailbox is closed first ("* OK [CLOSED]", RFC 9051 §7.1), also when the new one fails.
 */
export function select(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'SELECT' | 'EXAMINE' }>): Done {
  const st = needAuthed(s);
  // RFC 7162 §3.2.5: QRESYNC parameters need ENABLE QRESYNC, which we do not offer.
  if (a.qresync) throw bad('QRESYNC is not enabled');
  if (st.kind === 'selected') {
    s.status(null, 'OK', 'x', 'CLOSED');
    deselect(s);
  }
  const mb = needMailbox(st, a.mailbox);
  // Only UIDs, the first unseen and the keywords: no message rows (large mailboxes).
  const info = st.account.selectInfo(mb.id);
  const uids = info.uids;
  const firstUnseen = info.firstUnseenUid ? uids.indexOf(info.firstUnseenUid) + 1 : 0;
  const readOnly = a.command === 'EXAMINE';
  const flags = [...SYSTEM_FLAGS, ...info.keywords];
  s.send(s.writer().raw('* FLAGS ').flags(flags).crlf());
  // RFC 9051 §7.1: PERMANENTFLAGS; "\*" allows new keywords. Read-only: none can change.
  s.send(s.writer().raw('* OK [PERMANENTFLAGS ').flags(readOnly ? [] : [...flags, '\\*']).raw('] x').crlf());
  s.line(`* ${uids.length} EXISTS`);
  if (!s.rev2) {
    // RFC 3501 §6.3.1: RECENT and UNSEEN for IMAP4rev1 clients; we have no \Recent.
    s.line('* 0 RECENT');
    if (firstUnseen > 0) s.status(null, 'OK', 'x', `UNSEEN ${firstUnseen}`);
  }
  s.status(null, 'OK', 'x', `UIDVALIDITY ${mb.uidValidity}`);
  s.status(null, 'OK', 'x', `UIDNEXT ${mb.uidNext}`);
  // RFC 9051 §6.3.2: the LIST response with the mailbox name as the server knows it.
  s.send(s.writer().raw('* LIST () "/" ').mailbox(mb.name).crlf());
  if (s.condstore) s.status(null, 'OK', 'x', `HIGHESTMODSEQ ${mb.modseq}`);
  s.state = { kind: 'selected', account: st.account, username: st.username, mailbox: new MailboxView(mb.id, mb.name, mb.uidValidity, uids, mb.uidNext), readOnly };
  s.pending = [];
  s.searchResult = undefined;
  return { code: readOnly ? 'READ-ONLY' : 'READ-WRITE', text: `${a.command} done` };
}

/** Leaves the selected state without expunging (UNSELECT, RFC 9051 §6.4.2). */
export function deselect(s: Session): void {
  const st = s.state;
  if (st.kind !== 'selected') return;
  s.state = { kind: 'authenticated', account: st.account, username: st.username };
  s.pending = [];
  s.searchResult = undefined;
}
