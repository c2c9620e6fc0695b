import { formatNumbers, type CommandArgs } from '../../imap/index.js';
import { parseFlags } from '../../store/index.js';
import { needAuthed, needMailbox } from '../guards.js';
import { no, type Done } from '../responses.js';
import type { Session } from '../session.js';
import { mailboxFailure } from './create.js';
import { quotaLimit } from './quota.js';

/**
 * APPEND: RFC 9051 §6.3.12 with MULTIAPPEND (RFC 3502: all messages or none), flags,
 * internal date, literal8 (RFC 3516 §4.4) and UTF8 (RFC 6855 §4). A missing mailbox is
 * NO [TRYCREATE]; success carries APPENDUID (RFC 4315 §3). When the mailbox is selected, the
 * new messages are reported as EXISTS before the tagged OK. Past the account's quota: NO
 * [OVERQUOTA] (RFC 9208 §4.3.1).
 */
export async function append(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'APPEND' }>): Promise<Done> {
  const st = needAuthed(s);
  const mb = needMailbox(st, a.mailbox, 'TRYCREATE');
  const now = s.ports.clock.now();
  const items = a.messages.map((m) => {
    if (m.data.length === 0) throw no('empty message');
    const f = parseFlags(m.flags);
    return { data: m.data, flags: f.bits, keywords: f.keywords, received: m.date?.epochMs ?? now };
  });
  let added;
  try {
    added = await st.account.appendMessages(mb.id, items, { origin: s, quota: quotaLimit(s, st) });
  } catch (e) {
    throw mailboxFailure(e);
  }
  return { code: `APPENDUID ${mb.uidValidity} ${formatNumbers(added.map((m) => m.uid))}`, text: 'APPEND done' };
}
