// Reporting changes from the account's change feed to the client: untagged EXISTS, EXPUNGE
// (VANISHED with QRESYNC or UIDONLY) and FETCH responses at the moments RFC 9051 §7.5.1
// allows, STATUS, LIST and METADATA responses as NOTIFY (RFC 5465 §5) or ENABLE METADATA ask;
// waiting in IDLE (RFC 2177) with changes pushed as they are committed; and NOTIFICATIONOVERFLOW
// (RFC 5465 §5.8).
import type { FetchAtt } from '../imap/index.js';
import { fetchResponse } from './commands/fetch.js';
import { messageFlags } from './flags-out.js';
import { MessageData } from './message-data.js';
import { writeNotice } from './notify.js';
import type { MessageChange, Pending } from './pending.js';
import { ImapError } from './responses.js';
import { maxSaslLine, type Session } from './session.js';
import type { SelectedState } from './state.js';
import { fetchHead, reportExpunged, uidOnly } from './vanished.js';

/** Changes held for NOTIFY SELECTED-DELAYED before NOTIFICATIONOVERFLOW (mox's limit). */
const maxDelayed = 1000;

/** When a report happens, what it may include. */
export interface ReportOptions {
  /** Removals may be reported: not during FETCH, STORE and SEARCH (RFC 9051 §7.5.1). */
  expunges: boolean;
  /** Changes held for NOTIFY SELECTED-DELAYED may go (RFC 5465 §6.1.2: at NOOP, IDLE and the like). */
  delayed: boolean;
}

/**
 * Applies queued changes to the session's view and queues the untagged responses. Message
 * changes that may not go yet stay queued, and so do all later ones of the selected mailbox,
 * so their order is kept; reports about other mailboxes are not held up. Runs are serialised.
 */
export function applyChanges(s: Session, opts: ReportOptions): Promise<void> {
  const run = s.reporting.then(() => report(s, opts));
  s.reporting = run.catch(() => undefined);
  return run;
}

async function report(s: Session, opts: ReportOptions): Promise<void> {
  if (s.overflowed) {
    // RFC 5465 §5.8: then as if NOTIFY NONE; as mox, also for sessions without NOTIFY.
    s.overflowed = false;
    s.pending = [];
    s.notify = { groups: [] };
    s.status(null, 'OK', 'out of sync after too many pending changes', 'NOTIFICATIONOVERFLOW');
    return;
  }
  if (s.pending.length === 0) return;
  const q = s.pending;
  s.pending = [];
  const held: Pending[] = [];
  const st = s.state;
  for (let i = 0; i < q.length; ) {
    const p = q[i]!;
    if (p.kind !== 'message') {
      i++;
      writeNotice(s, p);
      continue;
    }
    // Left over from a mailbox that is no longer selected.
    if (st.kind !== 'selected' || p.change.mailboxId !== st.mailbox.id) {
      i++;
      continue;
    }
    // todo(RFC 7162 §3.2): while a removal is held back, later MODSEQ values in FETCH
    // responses should come with a HIGHESTMODSEQ below the removal's modseq (mox neither).
    if (held.length > 0 || (p.delayed && !opts.delayed) || (p.change.kind === 'remove' && !opts.expunges)) {
      i++;
      held.push(p);
      continue;
    }
    const c = p.change;
    if (c.kind === 'add') {
      // Consecutive new messages get one EXISTS (RFC 5465 §5.2 allows it for NOTIFY too).
      const adds: { uid: number; change: MessageChange & { kind: 'add' }; fetch?: readonly FetchAtt[] }[] = [];
      for (; i < q.length; i++) {
        const a = q[i]!;
        if (a.kind !== 'message' || a.change.kind !== 'add' || a.change.mailboxId !== st.mailbox.id || (a.delayed && !opts.delayed)) break;
        if (st.mailbox.append(a.change.uid)) adds.push({ uid: a.change.uid, change: a.change, ...(a.fetch ? { fetch: a.fetch } : {}) });
      }
      if (adds.length === 0) continue;
      s.line(`* ${st.mailbox.exists} EXISTS`);
      // Like mox, the UID and flags of new messages follow, so clients need no extra FETCH;
      // with NOTIFY, what the client asked for (RFC 5465 §5.2).
      for (const a of adds) {
        if (a.fetch) await fetchNew(s, st, a.uid, a.fetch);
        else fetchFlags(s, st, a.uid, a.change.flags, a.change.keywords, a.change.modseq);
      }
      continue;
    }
    i++;
    if (c.kind === 'remove') {
      reportExpunged(s, st.mailbox, c.uids);
      continue;
    }
    const seen = st.mailbox.reported.get(c.uid);
    if (seen !== undefined && seen >= c.modseq) continue;
    fetchFlags(s, st, c.uid, c.flags, c.keywords, c.modseq);
  }
  for (const p of s.pending) held.push(p);
  s.pending = held;
  if (st.kind === 'selected' && s.pending.length === 0) st.mailbox.reported.clear();
  delayedOverflow(s);
}

/**
 * RFC 5465 §5.8: too many changes held for SELECTED-DELAYED; they are dropped and the session
 * continues as after NOTIFY NONE (as mox).
 */
function delayedOverflow(s: Session): void {
  if (!s.notify) return;
  let n = 0;
  for (const p of s.pending) if (p.kind === 'message' && p.delayed) n++;
  if (n <= (s.config.maxDelayedChanges ?? maxDelayed)) return;
  s.pending = s.pending.filter((p) => p.kind !== 'message');
  s.notify = { groups: [] };
  s.status(null, 'OK', 'out of sync after too many pending changes for selected mailbox', 'NOTIFICATIONOVERFLOW');
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
 * The FETCH response NOTIFY asked for a new message (RFC 5465 §5.2). As mox: when it cannot be
 * made, an untagged NO says why and a FETCH with only the UID follows. todo(RFC 5465 §5.2):
 * attributes without .PEEK do not set \Seen (as mox).
 */
async function fetchNew(s: Session, st: SelectedState, uid: number, atts: readonly FetchAtt[]): Promise<void> {
  try {
    const info = st.account.messageByUid(st.mailbox.id, uid);
    if (!info) throw new ImapError('NO', 'message was expunged');
    s.send(await fetchResponse(s, st, new MessageData(st.account, info), { uid: true, atts }, false));
  } catch (e) {
    s.log.debug('generating notify fetch response', { err: e, uid });
    s.line(`* NO generating notify fetch response: ${e instanceof ImapError ? e.text : 'internal error'}`);
    s.line(uidOnly(s) ? `* ${uid} UIDFETCH (UID ${uid})` : `* ${st.mailbox.seqOf(uid)} FETCH (UID ${uid})`);
  }
}

/**
 * IDLE (RFC 2177, RFC 9051 §6.3.13): sends the continuation, reports changes as they arrive
 * (with NOTIFY, all it asks for, also SELECTED-DELAYED: RFC 5465 §4) until the client sends
 * DONE, and returns the line it sent instead of DONE, if any.
 */
export async function idleUntilDone(s: Session): Promise<Buffer> {
  s.send(s.writer().continuation('idling'));
  const stop = pushChanges(s, { expunges: true, delayed: true });
  try {
    return await s.readLine(maxSaslLine);
  } finally {
    await stop();
  }
}

/**
 * Reports changes now and whenever more arrive, until the returned function is called (it
 * resolves once the last report is written). For IDLE, and for NOTIFY between commands
 * (RFC 5465 §3.1: "the client listens for event notifications all the time").
 */
export function pushChanges(s: Session, opts: ReportOptions): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  const push = () => {
    last = applyChanges(s, opts)
      .then(() => s.flush())
      .catch((err: unknown) => s.log.debug('pushing changes', { err }));
  };
  push();
  s.wake = push;
  return async () => {
    if (s.wake === push) s.wake = undefined;
    await last;
  };
}
