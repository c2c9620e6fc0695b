import type { CommandArgs } from '../../imap/index.js';
import { formatNumbers } from '../../imap/index.js';
import { parseFlags, type MessageInfo } from '../../store/index.js';
import { needSelectedMailbox, needWritable } from '../guards.js';
import { resolveSet } from '../numsets.js';
import { type Done } from '../responses.js';
import { messageFlags } from '../flags-out.js';
import type { Session } from '../session.js';
import { fetchHead } from '../vanished.js';

/**
 * STORE and UID STORE: RFC 9051 §6.4.6, with UNCHANGEDSINCE (RFC 7162 §3.1.3). Without
 * .SILENT every message in the set gets a FETCH response with its flags; with CONDSTORE the
 * MODSEQ too (also when silent). Messages modified after UNCHANGEDSINCE are left alone and
 * listed in the MODIFIED response code. With UIDONLY the responses are UIDFETCH (RFC 9586 §3).
 */
export function store(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'STORE' | 'UID STORE' }>): Done | void {
  const st = needWritable(s);
  const mb = needSelectedMailbox(st);
  const uids = resolveSet(s, st.mailbox, a.set, a.uid);
  if (uids.length === 0) return;
  const op = a.mode === '+' ? 'add' : a.mode === '-' ? 'remove' : 'set';
  const r = st.account.storeFlags(mb.id, uids, op, parseFlags(a.flags), {
    ...(a.unchangedSince !== undefined ? { unchangedSince: a.unchangedSince } : {}),
    origin: s,
  });
  const current = new Map<number, MessageInfo>();
  for (const m of r.updated) current.set(m.uid, m);
  const modified = new Set(r.modified);
  if (!a.silent || s.condstore || modified.size > 0) {
    for (const m of st.account.messagesByUids(mb.id, uids, { lean: true })) {
      if (!current.has(m.uid)) current.set(m.uid, m);
    }
  }
  for (const uid of uids) {
    const m = current.get(uid);
    if (!m) continue;
    st.mailbox.reported.set(uid, m.modseq);
    const failed = modified.has(uid);
    // RFC 7162 §3.1.3: a message that failed the test gets its current flags and modseq.
    if (a.silent && !s.condstore && !failed) continue;
    const w = fetchHead(s, st.mailbox, uid);
    if (!w) continue;
    const flags = !a.silent || failed;
    if (flags) w.raw('FLAGS ').flags(messageFlags(s, st, m.flags, m.keywords));
    if (s.condstore) w.raw(`${flags ? ' ' : ''}MODSEQ (${m.modseq})`);
    s.send(w.raw(')').crlf());
  }
  if (modified.size > 0) {
    const nums = [...modified].map((u) => (a.uid ? u : st.mailbox.seqOf(u))).sort((x, y) => x - y);
    return { code: `MODIFIED ${formatNumbers(nums)}`, text: 'conditional store did not modify all' };
  }
}
