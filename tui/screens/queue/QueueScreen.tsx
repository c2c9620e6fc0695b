import type { ReactElement } from 'react';
import type { QueueItem, RetiredItem } from '../../../src/index.js';
import { ListView, type Column } from '../../components/ListView.js';
import { TextPane, wrapPaneLines, type PaneLine } from '../../components/TextPane.js';
import { bytes, clockTime, relTime } from '../../components/text.js';
import { matchesFilter } from '../../state/filter.js';
import type { Area } from '../types.js';

/** Queued messages matching the filter. */
export function queueRows(items: readonly QueueItem[] | undefined, filter: string): QueueItem[] {
  return (items ?? []).filter((m) => matchesFilter(filter, [m.id, m.from, m.to, m.subject, m.lastError, m.hold ? 'hold' : '']));
}

/** Retired messages matching the filter. */
export function retiredRows(items: readonly RetiredItem[] | undefined, filter: string): RetiredItem[] {
  return (items ?? []).filter((m) => matchesFilter(filter, [m.id, m.from, m.to, m.subject, m.lastError, m.success ? 'delivered' : 'failed']));
}

const queued = (now: number): Column<QueueItem>[] => [
  { title: 'ID', width: 5, value: (m) => String(m.id) },
  { title: 'NEXT', width: 9, value: (m) => (m.hold ? 'on hold' : relTime(m.nextAttempt, now)), color: (m) => (m.hold ? 'magenta' : undefined) },
  { title: 'ATT', width: 4, value: (m) => `${m.attempts}/${m.maxAttempts}` },
  { title: 'TO', flex: 2, value: (m) => m.to },
  { title: 'SIZE', width: 6, value: (m) => bytes(m.size) },
  { title: 'LAST ERROR', flex: 3, value: (m) => m.lastError, color: (m) => (m.lastError ? 'red' : undefined) },
];

const retired = (now: number): Column<RetiredItem>[] => [
  { title: 'ID', width: 5, value: (m) => String(m.id) },
  { title: 'RESULT', width: 9, value: (m) => (m.success ? 'delivered' : 'failed'), color: (m) => (m.success ? 'green' : 'red') },
  { title: 'WHEN', width: 8, value: (m) => relTime(m.lastActivity, now) },
  { title: 'ATT', width: 3, value: (m) => String(m.attempts) },
  { title: 'TO', flex: 2, value: (m) => m.to },
  { title: 'LAST ERROR', flex: 3, value: (m) => m.lastError },
];

/** The Queue list: queued messages (or, toggled with `t`, retired ones). */
export function QueueScreen(p: { rows: readonly (QueueItem | RetiredItem)[]; showRetired: boolean; selected: number; now: number; area: Area }): ReactElement {
  if (p.showRetired) {
    return (
      <ListView
        rows={p.rows as RetiredItem[]}
        columns={retired(p.now)}
        selected={p.selected}
        height={p.area.height}
        width={p.area.width}
        rowKey={(m) => m.id}
        empty="no retired messages"
      />
    );
  }
  return (
    <ListView
      rows={p.rows as QueueItem[]}
      columns={queued(p.now)}
      selected={p.selected}
      height={p.area.height}
      width={p.area.width}
      rowKey={(m) => m.id}
      empty="queue is empty (messages wait here between attempts; send to queuetemperror@example.com to see one)"
    />
  );
}

/** Lines of the history view of a queued or retired message, long ones wrapped at `width`. */
export function historyLines(m: QueueItem | RetiredItem, now: number, width: number): PaneLine[] {
  const out: PaneLine[] = [
    { text: `from:    ${m.from || '<>'}` },
    { text: `to:      ${m.to}` },
    { text: `subject: ${m.subject}` },
    { text: `queued:  ${new Date(m.queued).toISOString()} (${relTime(m.queued, now)})` },
  ];
  if ('nextAttempt' in m) out.push({ text: `next:    ${m.hold ? 'on hold' : relTime(m.nextAttempt, now)}; attempts ${m.attempts}/${m.maxAttempts}; size ${bytes(m.size)}` });
  else out.push({ text: `result:  ${m.success ? 'delivered' : 'failed'} ${relTime(m.lastActivity, now)}; attempts ${m.attempts}` });
  out.push({ text: '' }, { text: 'attempts:', color: 'cyan' });
  if (m.history.length === 0) out.push({ text: '  none yet', dim: true });
  for (const a of m.history) {
    out.push({
      text: `  ${clockTime(a.start)} ${a.success ? 'ok  ' : 'fail'} ${a.code || ''} ${a.enhanced} ${a.durationMs}ms ${a.error}`,
      color: a.success ? 'green' : 'red',
    });
  }
  if (!('nextAttempt' in m) && !m.success) out.push({ text: '' }, { text: 'a failure DSN was delivered to the sender account (see Inbox)', dim: true });
  return wrapPaneLines(out, width);
}

/** The history view of one queued or retired message. */
export function QueueDetailScreen(p: { item: QueueItem | RetiredItem | undefined; scroll: number; now: number; area: Area }): ReactElement {
  const lines = p.item ? historyLines(p.item, p.now, p.area.width) : [{ text: 'message no longer in the list', dim: true }];
  return <TextPane title={p.item ? `Message ${p.item.id}` : 'Message'} lines={lines} scroll={p.scroll} height={p.area.height} width={p.area.width} />;
}
