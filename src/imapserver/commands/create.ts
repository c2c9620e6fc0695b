import type { CommandArgs } from '../../imap/index.js';
import { StoreError } from '../../store/index.js';
import { needAuthed } from '../guards.js';
import { checkMailboxName } from '../mailbox-names.js';
import { no } from '../responses.js';
import type { Session } from '../session.js';

const SPECIAL_USE = new Set(['\\Archive', '\\Drafts', '\\Junk', '\\Sent', '\\Trash']);

/** Maps store failures of mailbox commands to response codes (RFC 5530, RFC 9051 §7.1). */
export function mailboxFailure(e: unknown): unknown {
  if (!(e instanceof StoreError)) return e;
  switch (e.code) {
    case 'exists':
      return no('mailbox already exists', 'ALREADYEXISTS');
    case 'notFound':
      return no('mailbox does not exist', 'NONEXISTENT');
    case 'overQuota':
      // RFC 9208 §4.3.1.
      return no(e.message, 'OVERQUOTA');
    case 'invalid':
      return /children/.test(e.message) ? no('mailbox has children', 'HASCHILDREN') : no(e.message, 'CANNOT');
    default:
      return e;
  }
}

/**
 * CREATE: RFC 9051 §6.3.4, with CREATE-SPECIAL-USE (RFC 6154 §3). Missing parents are
 * created too; a trailing "/" only declares the intent to add children. As mox, every created
 * mailbox is subscribed and announced with an untagged LIST (\Subscribed); with IMAP4rev2, the
 * name as the client gave it follows as OLDNAME when it differs (RFC 9051 §6.3.4).
 */
export function create(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'CREATE' }>): void {
  const st = needAuthed(s);
  const name = checkMailboxName(a.mailbox.endsWith('/') ? a.mailbox.slice(0, -1) : a.mailbox);
  if (name === 'Inbox') throw no('mailbox already exists', 'ALREADYEXISTS');
  // One special-use attribute per mailbox (as the store keeps it); unknown ones: RFC 6154 §3.
  const uses = a.specialUse.map((u) => [...SPECIAL_USE].find((x) => x.toLowerCase() === u.toLowerCase()));
  if (uses.some((u) => u === undefined) || uses.length > 1) throw no('unsupported special-use attribute', 'USEATTR');
  let created;
  try {
    created = st.account.createMailbox(name, { specialUse: uses[0] ?? '', origin: s, subscribe: true });
  } catch (e) {
    throw mailboxFailure(e);
  }
  for (const mb of created) {
    const w = s.writer().raw('* LIST (\\Subscribed) "/" ').mailbox(mb.name);
    if (s.rev2 && mb.name === name && name !== a.mailbox && name !== 'Inbox' && !name.startsWith('Inbox/')) {
      w.raw(' ("OLDNAME" (').mailbox(a.mailbox).raw('))');
    }
    s.send(w.crlf());
  }
}
