// QUOTA with QUOTA=RES-STORAGE (RFC 9208), as mox has it: one quota root "" per account,
// the STORAGE resource being the total size of the account's messages (mox's
// QuotaMessageSize). SETQUOTA is not implemented (no QUOTASET capability, RFC 9208 §4.1.3).
import { ImapParseError, type CommandArgs, type LiteralAnnouncement } from '../../imap/index.js';
import { checkMailboxName } from '../mailbox-names.js';
import { needAuthed } from '../guards.js';
import { no } from '../responses.js';
import type { Session } from '../session.js';
import type { AuthedState } from '../state.js';

/** The account's total message size limit in bytes, 0 when there is none. */
export function quotaLimit(s: Session, st: AuthedState): number {
  const q = s.ports.quota?.(st.account.name) ?? 0;
  return q > 0 ? q : 0;
}

/** The text of NO [OVERQUOTA] (RFC 9208 §4.3.1), as mox words it. */
export function overQuotaText(limit: number): string {
  return `account over maximum total message size ${limit}`;
}

// RFC 9208 §4.2.1: "* QUOTA root (STORAGE usage limit)", in units of 1024 octets (rounded up,
// as mox). Only when there is a limit: the resource list cannot be empty.
function writeQuota(s: Session, st: AuthedState): void {
  const limit = quotaLimit(s, st);
  if (limit === 0) return;
  const kib = (n: number) => Math.ceil(n / 1024);
  s.line(`* QUOTA "" (STORAGE ${kib(st.account.messageSize())} ${kib(limit)})`);
}

/**
 * GETQUOTAROOT (RFC 9208 §4.1.2): the mailbox need not exist (the client asks which limits
 * would apply); its name must be valid. Answers "* QUOTAROOT mailbox """ and the quota.
 */
export function getquotaroot(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'GETQUOTAROOT' }>): void {
  const st = needAuthed(s);
  const name = checkMailboxName(a.mailbox);
  // RFC 9208 §4.2.2: quotaroot response.
  s.send(s.writer().raw('* QUOTAROOT ').mailbox(name).raw(' ""').crlf());
  writeQuota(s, st);
}

/** GETQUOTA (RFC 9208 §4.1.1): only the root "" exists. */
export function getquota(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'GETQUOTA' }>): void {
  const st = needAuthed(s);
  if (a.root !== '') throw no('unknown quota root');
  writeQuota(s, st);
}

/**
 * A literal check for the command reader: refuses an APPEND message literal that would take
 * the account over its quota with NO [OVERQUOTA] (RFC 9208 §4.3.1) before the client sends it
 * (no continuation for a synchronising literal), counting the earlier messages of a
 * MULTIAPPEND, as mox does. APPEND checks again, atomically, when it stores the messages.
 */
export function appendQuotaCheck(s: Session): (lit: LiteralAnnouncement) => void {
  let announced = 0;
  return (lit) => {
    if (lit.index === 0) announced = 0;
    const st = s.state;
    if (lit.command !== 'APPEND' || !lit.message || (st.kind !== 'authenticated' && st.kind !== 'selected')) return;
    const limit = quotaLimit(s, st);
    if (limit === 0) return;
    announced += lit.size;
    if (st.account.messageSize() + announced > limit) {
      throw new ImapParseError(overQuotaText(limit), { tag: lit.tag, command: lit.command, status: 'NO', code: 'OVERQUOTA' });
    }
  };
}
