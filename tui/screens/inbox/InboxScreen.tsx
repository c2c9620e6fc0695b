import type { ReactElement } from 'react';
import type { InboxItem, MessageView } from '../../../src/index.js';
import { ListView, type Column } from '../../components/ListView.js';
import { TextPane, toPaneLines, type PaneLine } from '../../components/TextPane.js';
import { bytes, relTime } from '../../components/text.js';
import { matchesFilter } from '../../state/filter.js';
import type { Area } from '../types.js';

/** Stored messages matching the filter. */
export function inboxRows(items: readonly InboxItem[] | undefined, filter: string): InboxItem[] {
  return (items ?? []).filter((m) => matchesFilter(filter, [m.from, m.to, m.subject, m.mailbox, m.account]));
}

const columns = (now: number): Column<InboxItem>[] => [
  { title: 'WHEN', width: 8, value: (m) => relTime(m.received, now) },
  { title: 'MAILBOX', width: 8, value: (m) => m.mailbox },
  { title: 'FROM', flex: 2, value: (m) => m.from || '<> (DSN)' },
  { title: 'TO', flex: 2, value: (m) => m.to },
  { title: 'SUBJECT', flex: 3, value: (m) => m.subject },
  { title: 'SIZE', width: 6, value: (m) => bytes(m.size) },
];

/** The Inbox list: messages received in the account. */
export function InboxScreen(p: { rows: readonly InboxItem[]; selected: number; now: number; area: Area }): ReactElement {
  return (
    <ListView
      rows={p.rows}
      columns={columns(p.now)}
      selected={p.selected}
      height={p.area.height}
      width={p.area.width}
      rowKey={(m) => `${m.account}/${m.id}`}
      empty="no messages yet"
    />
  );
}

/** Lines of a message view: the header section, a rule, the text. */
export function messageLines(m: MessageView, width: number): PaneLine[] {
  return [...toPaneLines(m.headers.replace(/\r?\n$/, ''), width, 'yellow'), { text: '─'.repeat(Math.min(width, 40)), dim: true }, ...toPaneLines(m.text || '(no text part)', width)];
}

/** The message view: headers and text part. */
export function MessageScreen(p: { item: InboxItem | undefined; message: MessageView | undefined; error?: string; scroll: number; area: Area }): ReactElement {
  const lines = p.message ? messageLines(p.message, p.area.width) : [{ text: p.error ?? '(loading)', dim: true }];
  const title = p.item ? `Message: ${p.item.subject || '(no subject)'}` : 'Message';
  return <TextPane title={title} lines={lines} scroll={p.scroll} height={p.area.height} width={p.area.width} />;
}
