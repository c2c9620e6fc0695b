// Reporting changes from the account's change feed to the client: untagged EXISTS, EXPUNGE
// (VANISHED with QRESYNC or UIDONLY) and FETCH (FLAGS) responses, at the moments RFC 9051 §7.5.1 allows; and waiting in IDLE
// (RFC 2177) with changes pushed as they are committed.
import type { Change } from '../store/index.js';
import { writeMetadataChange } from './commands/metadata.js';
import { messageFlags } from './flags-out.js';
import { maxSaslLine, type Session } from './session.js';
import type { SelectedState } from './state.js';
import { fetchHead, reportExpunged } from './vanished.js';

/**
 * Applies queued changes to the session's mailbox view and queues the untagged responses.
 * Without `expunges` (during FETCH, STORE, SEARCH: RFC 9051 §7.5.1), processing stops before
 * the first removal so sequence numbers do not shift under the client; later changes wait.
 */
export function applyChanges(s: Session, expunges: boolean): void {
  const st = s.state;
  if (st.kind !== 'selected') {
    for (const c of s.pending) if (c.kind === 'annotation') writeMetadataChange(s, c);
    s.pending = [];
    return;
  }
  let i = 0;
  const q = s.pending;
  while (i < q.length) {
    const c = q[i]!;
    if (c.kind === 'add') {
      // Collect consecutive adds for one EXISTS.
      const adds: Extract<Change, { kind: 'add' }>[] = [];
      while (i < q.length && q[i]!.kind === 'add') {
        const a = q[i++] as Extract<Change, { kind: 'add' }>;
        if (st.mailbox.append(a.uid)) adds.push(a);
      }
      if (adds.length === 0) continue;
      s.line(`* ${st.mailbox.exists} EXISTS`);
      // Like mox, the UID and flags of new messages follow, so clients need no extra FETCH.
      for (const a of adds) fetchFlags(s, st, a.uid, a.flags, a.keywords, a.modseq);
      continue;
    }
    if (c.kind === 'remove') {
      // todo(RFC 7162 §3.2): while a removal is held back, later MODSEQ values in FETCH
      // responses should come with a HIGHESTMODSEQ below the removal's modseq (mox neither).
      if (!expunges) break;
      i++;
      reportExpunged(s, st.mailbox, c.uids);
      continue;
    }
    i++;
    if (c.kind === 'annotation') writeMetadataChange(s, c);
    if (c.kind === 'flags') {
      const seen = st.mailbox.reported.get(c.uid);
      if (seen !== undefined && seen >= c.modseq) continue;
      fetchFlags(s, st, c.uid, c.flags, c.keywords, c.modseq);
    }
  }
  s.pending = q.slice(i);
  if (s.pending.length === 0) st.mailbox.reported.clear();
}

/**
 * Queues "* seq FETCH (UID u FLAGS (...) [MODSEQ (m)])" for a message the client knows, or
 * with UIDONLY "* u UIDFETCH (FLAGS (...) [MODSEQ (m)])" (RFC 9586 §3).
 */
function fetchFlags(s: Session, st: SelectedState, uid: number, bits: number, keywords: readonly string[], modseq: number): void {
  const w = fetchHead(s, st.mailbox, uid);
  if (!w) return;
  w.raw('FLAGS ').flags(messageFlags(s, st, bits, keywords));
  if (s.condstore) w.raw(` MODSEQ (${modseq})`);
  s.send(w.raw(')').crlf());
}

/**
 * IDLE (RFC 2177, RFC 9051 §6.3.13): sends the continuation, reports changes as they arrive
 * until the client sends DONE, and returns the line it sent instead of DONE, if any.
 */
export async function idleUntilDone(s: Session): Promise<Buffer> {
  s.send(s.writer().continuation('idling'));
  let pushing: Promise<void> = Promise.resolve();
  const push = () => {
    pushing = pushing.then(async () => {
      applyChanges(s, true);
      await s.flush();
    });
  };
  push();
  s.wake = push;
  try {
    return await s.readLine(maxSaslLine);
  } finally {
    s.wake = undefined;
    await pushing.catch(() => undefined);
  }
}
