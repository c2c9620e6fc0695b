// Which changes a session reports, and how (RFC 5465): without NOTIFY, message changes in the
// selected mailbox (RFC 9051 §7.5.1) and annotation changes after ENABLE METADATA (RFC 5464
// §4.4.2); with NOTIFY, what its event groups ask for, matched as mox does: the first group
// whose mailboxes match and that names the event wins, and a matching group with NONE stops
// the search (RFC 5465 §6).
import type { NotifyEvent, NotifyEventGroup } from '../imap/index.js';
import type { Change, MailboxInfo } from '../store/index.js';
import { SEPARATOR } from './mailbox-names.js';
import { isMessageChange, type Pending } from './pending.js';
import type { Session } from './session.js';
import type { AuthedState } from './state.js';

/** NOTIFY settings of a session; no groups is NOTIFY NONE (RFC 5465 §3.1). */
export interface NotifySettings {
  readonly groups: readonly NotifyEventGroup[];
}

/** The events we implement, as BADEVENT lists them (RFC 5465 §3.1); AnnotationChange is not (as mox). */
export const NOTIFY_EVENTS = ['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName', 'SubscriptionChange', 'MailboxMetadataChange', 'ServerMetadataChange'];

/** Event names as the parser gives them (upper case). */
type EventKind = 'MESSAGENEW' | 'MESSAGEEXPUNGE' | 'FLAGCHANGE' | 'MAILBOXNAME' | 'SUBSCRIPTIONCHANGE' | 'MAILBOXMETADATACHANGE' | 'SERVERMETADATACHANGE';

/** The message events (RFC 5465 §8 message-event), the only ones SELECTED allows (RFC 5465 §6.1). */
export const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['MESSAGENEW', 'MESSAGEEXPUNGE', 'FLAGCHANGE', 'ANNOTATIONCHANGE']);

/** What matching needs to know about the session and account. */
interface MatchContext {
  /** Id of the selected mailbox, 0 when none is selected. */
  selectedId: number;
  subscribed(name: string): boolean;
  inbox(name: string): boolean;
}

/** A matched event group, and the event in it. */
interface Matched {
  group: NotifyEventGroup;
  event: NotifyEvent;
}

function mailboxMatches(ctx: MatchContext, g: NotifyEventGroup, name: string): boolean {
  const names = g.filter.mailboxes ?? [];
  switch (g.filter.kind) {
    case 'SELECTED':
    case 'SELECTED-DELAYED':
      return false;
    case 'PERSONAL': // RFC 5465 §6.2: all we have.
      return true;
    case 'INBOXES': // RFC 5465 §6.3
      return name !== '' && ctx.inbox(name);
    case 'SUBSCRIBED': // RFC 5465 §6.4
      return name !== '' && ctx.subscribed(name);
    case 'SUBTREE': // RFC 5465 §6.5
      return names.some((n) => name === n || name.startsWith(n + SEPARATOR));
    case 'SUBTREE-ONE': // RFC 7377 §2: the mailbox and its direct children.
      return names.some((n) => name === n || (name.startsWith(n + SEPARATOR) && !name.slice(n.length + 1).includes(SEPARATOR)));
    case 'MAILBOXES': // RFC 5465 §6.6: no wildcards.
      return names.includes(name);
  }
}

/**
 * The group and event that make a change reportable, or undefined. Message events of the
 * selected mailbox are only matched by SELECTED/SELECTED-DELAYED (RFC 5465 §3.1); other events
 * of the selected mailbox by the other filters, as mox reads RFC 5465 §6.
 */
function match(ctx: MatchContext, settings: NotifySettings, mailboxId: number, name: string, kind: EventKind): Matched | undefined {
  const messageEvent = MESSAGE_EVENTS.has(kind);
  for (const group of settings.groups) {
    const f = group.filter.kind;
    if (f === 'SELECTED' || f === 'SELECTED-DELAYED') {
      if (mailboxId !== ctx.selectedId || mailboxId === 0 || !messageEvent) continue;
      const event = group.events.find((e) => e.name === kind);
      // Only one selected filter can exist (RFC 5465 §6.1), so this is final.
      return event ? { group, event } : undefined;
    }
    if (messageEvent && mailboxId !== 0 && mailboxId === ctx.selectedId) continue;
    if (!mailboxMatches(ctx, group, name)) continue;
    // RFC 5465 §5: NONE means no events for these mailboxes, also not from later groups.
    if (group.events.length === 0) return undefined;
    const event = group.events.find((e) => e.name === kind);
    if (event) return { group, event };
  }
  return undefined;
}

/** A match context for one batch of changes: subscriptions and inboxes looked up once each. */
function matchContext(s: Session, st: AuthedState): MatchContext {
  const subs = new Map<string, boolean>();
  let inboxes: Set<string> | undefined;
  return {
    selectedId: st.kind === 'selected' ? st.mailbox.id : 0,
    subscribed: (name) => {
      let v = subs.get(name);
      if (v === undefined) subs.set(name, (v = st.account.isSubscribed(name)));
      return v;
    },
    inbox: (name) => {
      if (name === 'Inbox' || name.startsWith(`Inbox${SEPARATOR}`)) return true;
      inboxes ??= new Set(s.ports.inboxMailboxes?.(st.account.name) ?? []);
      return inboxes.has(name);
    },
  };
}

/**
 * Turns a batch of committed changes into the reports the session owes its client. Changes
 * made by the session itself are not reported (RFC 5465 §5), except new messages in the
 * selected mailbox: those are the EXISTS responses of its own APPEND, COPY and MOVE.
 */
export function queueChanges(s: Session, st: AuthedState, changes: readonly Change[], origin: unknown): Pending[] {
  const own = origin === s;
  const selectedId = st.kind === 'selected' ? st.mailbox.id : 0;
  const out: Pending[] = [];
  const settings = s.notify;
  if (!settings) {
    for (const c of changes) {
      // RFC 5464 §4.4.2, as mox: other sessions' annotation changes after ENABLE METADATA.
      if (c.kind === 'annotation' && !own && s.enabled.has('METADATA')) out.push({ kind: 'metadata', mailbox: c.mailbox, key: c.key });
      if (!isMessageChange(c) || c.mailboxId !== selectedId || (own && c.kind !== 'add')) continue;
      out.push({ kind: 'message', change: c, delayed: false });
    }
    return out;
  }
  const ctx = matchContext(s, st);
  const boxes = new Map<number, MailboxInfo | undefined>();
  const mailbox = (id: number) => {
    if (!boxes.has(id)) boxes.set(id, st.account.mailboxById(id));
    return boxes.get(id);
  };
  // RFC 5465 §5.4: children renamed along with their parent get no event of their own.
  const renamedFrom = changes.flatMap((c) => (c.kind === 'mailboxRename' ? [c.oldName] : []));
  for (const c of changes) {
    if (own) {
      if (c.kind === 'add' && c.mailboxId === selectedId) out.push({ kind: 'message', change: c, delayed: false });
      continue;
    }
    switch (c.kind) {
      case 'add':
      case 'remove':
      case 'flags': {
        const kind = c.kind === 'add' ? 'MESSAGENEW' : c.kind === 'remove' ? 'MESSAGEEXPUNGE' : 'FLAGCHANGE';
        if (c.mailboxId === selectedId) {
          const m = match(ctx, settings, c.mailboxId, '', kind);
          if (!m) continue;
          const fetch = c.kind === 'add' && m.event.fetch?.length ? m.event.fetch : undefined;
          out.push({ kind: 'message', change: c, delayed: m.group.filter.kind === 'SELECTED-DELAYED', ...(fetch ? { fetch } : {}) });
          continue;
        }
        const mb = mailbox(c.mailboxId);
        if (!mb || !match(ctx, settings, mb.id, mb.name, kind)) continue;
        const event = c.kind === 'add' ? 'new' : c.kind === 'remove' ? 'expunge' : 'flags';
        const item: Pending = {
          kind: 'status',
          event,
          mailboxId: mb.id,
          mailbox: mb.name,
          // RFC 5465 §5.2: the next UID after the new message.
          uidNext: c.kind === 'add' ? Math.max(c.uid + 1, mb.uidNext) : mb.uidNext,
          messages: mb.total,
          unseen: mb.unseen,
          uidValidity: mb.uidValidity,
          modseq: c.modseq,
        };
        // Deviation (fewer responses): one STATUS per mailbox and event for a batch (one
        // command's changes), where mox sends one per message; the counts are current anyway.
        const last = out[out.length - 1];
        if (last?.kind === 'status' && last.mailboxId === mb.id && last.event === event) out[out.length - 1] = item;
        else out.push(item);
        continue;
      }
      case 'mailboxAdd':
        if (match(ctx, settings, c.mailboxId, c.name, 'MAILBOXNAME')) out.push({ kind: 'list', mailbox: c.name, flags: c.subscribed ? ['\\Subscribed'] : [] });
        continue;
      case 'mailboxRemove':
        // RFC 5465 §5.4: a name that no longer exists gets \NonExistent.
        if (match(ctx, settings, c.mailboxId, c.name, 'MAILBOXNAME')) out.push({ kind: 'list', mailbox: c.name, flags: ['\\NonExistent'] });
        continue;
      case 'mailboxRename':
        // Deviation (RFC 5465 §5.4): mox also sends a LIST for each renamed child.
        if (renamedFrom.some((o) => c.oldName.startsWith(o + SEPARATOR))) continue;
        if (match(ctx, settings, c.mailboxId, c.name, 'MAILBOXNAME')) {
          out.push({ kind: 'list', mailbox: c.name, flags: c.subscribed ? ['\\Subscribed'] : [], oldName: c.oldName });
        }
        continue;
      case 'subscriptionAdd':
      case 'subscriptionRemove': {
        // RFC 5465 §5.5: \Subscribed if and only if subscribed now; as mox, \NonExistent too.
        if (!match(ctx, settings, 0, c.name, 'SUBSCRIPTIONCHANGE')) continue;
        const flags = c.kind === 'subscriptionAdd' ? ['\\Subscribed'] : [];
        if (!c.exists) flags.push('\\NonExistent');
        out.push({ kind: 'list', mailbox: c.name, flags });
        continue;
      }
      case 'annotation': {
        // RFC 5465 §5.6, §5.7: no ENABLE METADATA needed.
        const kind = c.mailboxId === 0 ? 'SERVERMETADATACHANGE' : 'MAILBOXMETADATACHANGE';
        if (match(ctx, settings, c.mailboxId, c.mailbox, kind)) out.push({ kind: 'metadata', mailbox: c.mailbox, key: c.key });
        continue;
      }
    }
  }
  return out;
}

/**
 * A test for whether the settings ask for message events of a mailbox (for NOTIFY SET STATUS,
 * RFC 5465 §3.1; MessageNew, as mox: it comes with MessageExpunge, and FlagChange needs both).
 */
export function messageEventsWanted(s: Session, st: AuthedState, settings: NotifySettings): (mb: MailboxInfo) => boolean {
  const ctx = matchContext(s, st);
  return (mb) => match(ctx, settings, mb.id, mb.name, 'MESSAGENEW') !== undefined;
}

/** Queues the response for a non-message report: STATUS, LIST or METADATA. */
export function writeNotice(s: Session, p: Exclude<Pending, { kind: 'message' }>): void {
  switch (p.kind) {
    case 'metadata':
      // RFC 5464 §4.4.2: names only, no values.
      s.send(s.writer().raw('* METADATA ').mailbox(p.mailbox).sp().astring(p.key).crlf());
      return;
    case 'list': {
      const w = s.writer().raw('* LIST ').flags(p.flags).raw(' "/" ').mailbox(p.mailbox);
      // RFC 5465 §5.4: the old name of a renamed mailbox.
      if (p.oldName !== undefined) w.raw(' ("OLDNAME" (').mailbox(p.oldName).raw('))');
      s.send(w.crlf());
      return;
    }
    case 'status': {
      // RFC 5465 §5.1-§5.3, as mox: UNSEEN always (clients want it), HIGHESTMODSEQ with CONDSTORE.
      const modseq = s.condstore ? `HIGHESTMODSEQ ${p.modseq} ` : '';
      const items =
        p.event === 'flags'
          ? `${modseq}UIDVALIDITY ${p.uidValidity} UNSEEN ${p.unseen}`
          : `UIDNEXT ${p.uidNext} MESSAGES ${p.messages} ${modseq}UNSEEN ${p.unseen}`;
      s.send(s.writer().raw('* STATUS ').mailbox(p.mailbox).raw(` (${items})`).crlf());
      return;
    }
  }
}
