import type { CommandArgs, StatusAtt } from '../../imap/index.js';
import type { MailboxInfo } from '../../store/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import type { Session } from '../session.js';

/** STATUS: RFC 9051 §6.3.11, with HIGHESTMODSEQ (RFC 7162 §3.1.6) and SIZE (RFC 8438). */
export function status(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'STATUS' }>): void {
  const st = needAuthed(s);
  const mb = needMailbox(st, a.mailbox);
  writeStatus(s, mb, a.attributes);
}

/** Queues "* STATUS name (att value ...)" for a mailbox (also used by LIST-STATUS, RFC 5819). */
export function writeStatus(s: Session, mb: MailboxInfo, atts: readonly StatusAtt[]): void {
  const items: string[] = [];
  for (const att of atts) items.push(`${att} ${statusValue(s, mb, att)}`);
  s.send(s.writer().raw('* STATUS ').mailbox(mb.name).raw(` (${items.join(' ')})`).crlf());
}

function statusValue(s: Session, mb: MailboxInfo, att: StatusAtt): string | number {
  switch (att) {
    case 'MESSAGES':
      return mb.total;
    case 'UIDNEXT':
      return mb.uidNext;
    case 'UIDVALIDITY':
      return mb.uidValidity;
    case 'UNSEEN':
      return mb.unseen;
    case 'DELETED':
      return mb.deleted;
    case 'SIZE':
      return mb.size;
    case 'RECENT':
      // No \Recent, as mox (RFC 9051 dropped it).
      return 0;
    case 'HIGHESTMODSEQ':
      return mb.modseq;
    case 'APPENDLIMIT':
      // RFC 7889 §4: the limit for this mailbox.
      return s.config.appendLimit;
    case 'DELETED-STORAGE':
      // As mox: not tracked (RFC 9208 §4.1.4 allows an estimate).
      return 0;
  }
}
