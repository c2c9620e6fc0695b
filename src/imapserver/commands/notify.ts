import type { CommandArgs, NotifyEventGroup, StatusAtt } from '../../imap/index.js';
import { needAuthed } from '../guards.js';
import { applyChanges } from '../idle.js';
import { checkMailboxName } from '../mailbox-names.js';
import { MESSAGE_EVENTS, messageEventsWanted, NOTIFY_EVENTS, type NotifySettings } from '../notify.js';
import { bad, no } from '../responses.js';
import type { Session } from '../session.js';
import { writeStatus } from './status.js';

type Args = Extract<CommandArgs, { command: 'NOTIFY' }>;

const KNOWN_EVENTS = new Set(NOTIFY_EVENTS.map((e) => e.toUpperCase()));

/**
 * Checks event groups as mox does: unknown events (and AnnotationChange, which we lack) are
 * NO [BADEVENT (...)] listing the ones we know (RFC 5465 §3.1); MessageNew without
 * MessageExpunge or the reverse, FlagChange without them (RFC 5465 §5), two SELECTED filters
 * or other events with SELECTED (RFC 5465 §6.1) are BAD.
 */
function checkGroups(groups: readonly NotifyEventGroup[]): void {
  for (const g of groups) {
    const has = (name: string) => g.events.some((e) => e.name === name);
    for (const e of g.events) {
      if (!KNOWN_EVENTS.has(e.name)) throw no(`unimplemented event ${e.name}`, `BADEVENT (${NOTIFY_EVENTS.join(' ')})`);
    }
    if (has('MESSAGENEW') !== has('MESSAGEEXPUNGE')) throw bad('MessageNew and MessageExpunge must be specified together');
    if (has('FLAGCHANGE') && !has('MESSAGENEW')) throw bad('FlagChange and/or AnnotationChange requires MessageNew and MessageExpunge');
  }
  const selected = groups.filter((g) => g.filter.kind === 'SELECTED' || g.filter.kind === 'SELECTED-DELAYED');
  if (selected.length > 1) throw bad('cannot have multiple selected/selected-delayed mailbox filters');
  for (const g of selected) {
    const other = g.events.find((e) => !MESSAGE_EVENTS.has(e.name));
    if (other) throw bad(`selected/selected-delayed is only allowed with message events, not ${other.name}`);
  }
}

/**
 * NOTIFY: RFC 5465 §3.1. NONE turns off all unsolicited responses, also the default ones for
 * the selected mailbox; what is queued is dropped (as mox). SET first reports what is queued
 * (it implies NOOP), then replaces the settings; with STATUS, a STATUS response follows for
 * each mailbox other than the selected one that gets message events (as mox: MESSAGES,
 * UIDNEXT, UIDVALIDITY, UNSEEN, and HIGHESTMODSEQ with CONDSTORE). A MODSEQ fetch attribute
 * enables CONDSTORE (RFC 7162 §3.1). Mailbox names that do not exist are simply not matched.
 */
export async function notify(s: Session, _tag: string, a: Args): Promise<void> {
  const st = needAuthed(s);
  if (a.none) {
    s.pending = [];
    s.notify = { groups: [] };
    return;
  }
  checkGroups(a.groups);
  const groups = a.groups.map((g) => (g.filter.mailboxes ? { ...g, filter: { ...g.filter, mailboxes: g.filter.mailboxes.map(checkMailboxName) } } : g));
  await applyChanges(s, { expunges: true, delayed: true });
  const modseqAtt = groups.some((g) => g.events.some((e) => e.fetch?.some((f) => f.att === 'MODSEQ')));
  if (modseqAtt && !s.condstore) {
    s.enabled.add('CONDSTORE');
    const mb = st.kind === 'selected' ? st.account.mailboxById(st.mailbox.id) : undefined;
    if (mb) s.status(null, 'OK', 'after condstore-enabling command', `HIGHESTMODSEQ ${mb.modseq}`);
  }
  const settings: NotifySettings = { groups };
  s.notify = settings;
  if (!a.status) return;
  const atts: StatusAtt[] = ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN'];
  if (s.condstore) atts.push('HIGHESTMODSEQ');
  const wanted = messageEventsWanted(s, st, settings);
  for (const mb of st.account.mailboxes()) {
    if (st.kind === 'selected' && mb.id === st.mailbox.id) continue;
    if (wanted(mb)) writeStatus(s, mb, atts);
  }
}
