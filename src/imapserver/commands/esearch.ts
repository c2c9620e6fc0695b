import type { CommandArgs, MailboxFilter } from '../../imap/index.js';
import type { MailboxInfo } from '../../store/index.js';
import { needAuthed } from '../guards.js';
import { normalizeInbox, SEPARATOR } from '../mailbox-names.js';
import { savedResult } from '../numsets.js';
import { Progress } from '../progress.js';
import { bad } from '../responses.js';
import { SearchMatcher } from '../search-match.js';
import { returnSpec, searchMailbox, writeEsearch, type SearchTarget } from '../search-run.js';
import type { Session } from '../session.js';
import { MailboxView, type AuthedState } from '../state.js';
import { needCharset } from './search.js';

type Args = Extract<CommandArgs, { command: 'SEARCH' | 'UID SEARCH' | 'ESEARCH' }>;

/** Whether `name` is `root` or below it; with `one`, at most one level below (RFC 7377 §2 SUBTREE-ONE). */
function inSubtree(name: string, root: string, one: boolean): boolean {
  if (name === root) return true;
  if (!name.startsWith(root + SEPARATOR)) return false;
  return !one || !name.slice(root.length + 1).includes(SEPARATOR);
}

/** The mailboxes one filter names (RFC 5465 §6, RFC 7377 §2); unknown names are left out. */
function filterMailboxes(st: AuthedState, f: MailboxFilter, all: MailboxInfo[]): MailboxInfo[] {
  switch (f.kind) {
    case 'SELECTED':
    case 'SELECTED-DELAYED': {
      // RFC 7377 §2: "selected" needs a selected mailbox.
      if (st.kind !== 'selected') throw bad('cannot use ESEARCH with selected when state is not selected');
      return all.filter((m) => m.id === st.mailbox.id);
    }
    case 'PERSONAL':
      // RFC 5465 §6: all mailboxes of the user's personal namespace, which is all we have.
      return all;
    case 'INBOXES':
      // todo(RFC 5465 §6): mox also adds the mailboxes its delivery rules file into; we know
      // only Inbox and what is below it.
      return all.filter((m) => inSubtree(m.name, 'Inbox', false));
    case 'SUBSCRIBED':
      return all.filter((m) => m.subscribed);
    case 'SUBTREE':
    case 'SUBTREE-ONE': {
      const roots = (f.mailboxes ?? []).map(normalizeInbox);
      return all.filter((m) => roots.some((r) => inSubtree(m.name, r, f.kind === 'SUBTREE-ONE')));
    }
    case 'MAILBOXES': {
      const names = new Set((f.mailboxes ?? []).map(normalizeInbox));
      return all.filter((m) => names.has(m.name));
    }
  }
}

/**
 * ESEARCH (MULTISEARCH, RFC 7377 §2): searches the mailboxes named by the IN filters (or the
 * selected mailbox) and answers with one ESEARCH response per mailbox that has matches,
 * carrying MAILBOX and UIDVALIDITY and always UIDs (RFC 7377 §2, as mox: no response for a
 * mailbox without matches). In the selected mailbox only messages the session knows are
 * searched; elsewhere all. SAVE only works on the selected mailbox alone (RFC 7377 §2).
 */
export async function esearch(s: Session, tag: string, a: Args): Promise<void> {
  const st = needAuthed(s);
  needCharset(a.charset);
  const ret = returnSpec(a.return, true);
  const selectedId = st.kind === 'selected' ? st.mailbox.id : undefined;
  const all = st.account.mailboxes();
  let boxes: MailboxInfo[];
  if (a.sources) {
    const byId = new Map<number, MailboxInfo>();
    for (const f of a.sources) for (const m of filterMailboxes(st, f, all)) byId.set(m.id, m);
    boxes = [...byId.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  } else {
    // RFC 7377 §2: without IN, the selected mailbox.
    if (st.kind !== 'selected') throw bad('no mailbox selected');
    boxes = all.filter((m) => m.id === selectedId);
  }
  if (ret.save && !(boxes.length === 1 && boxes[0]!.id === selectedId)) throw bad('can only use SAVE on selected mailbox');
  if (ret.save) s.searchResult = [];

  const targets: { mb: MailboxInfo; t: SearchTarget }[] = boxes.map((mb) => {
    if (st.kind === 'selected' && mb.id === selectedId) {
      const view = st.mailbox;
      return { mb, t: { mailboxId: mb.id, uids: view.all(), seqOf: (u) => view.seqOf(u), saved: new Set(savedResult(s, view)) } };
    }
    // Sequence numbers in another mailbox count all its messages in UID order.
    const view = new MailboxView(mb.id, mb.name, mb.uidValidity, st.account.selectInfo(mb.id).uids, mb.uidNext);
    return { mb, t: { mailboxId: mb.id, uids: view.all(), seqOf: (u) => view.seqOf(u), saved: undefined } };
  });
  const progress = new Progress(s, tag, targets.reduce((n, x) => n + x.t.uids.length, 0));
  const hasModseq = SearchMatcher.hasModseq(a.key);
  for (const { mb, t } of targets) {
    const hits = await searchMailbox(s, st.account, t, a.key, progress);
    if (ret.save) s.searchResult = hits.uids;
    // RFC 7377 §2: no ESEARCH response for a mailbox without matches; none with only SAVE.
    if (hits.uids.length === 0 || ret.opts.length === 0) continue;
    writeEsearch(s, tag, ret, {
      uid: true,
      nums: hits.uids,
      mailbox: { name: mb.name, uidValidity: mb.uidValidity },
      ...(hasModseq ? { hits } : {}),
    });
  }
}
