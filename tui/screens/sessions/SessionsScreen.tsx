import type { ReactElement } from 'react';
import { ListView, type Column } from '../../components/ListView.js';
import { TextPane, wrapPaneLines, type PaneLine } from '../../components/TextPane.js';
import { bytes, clockTime } from '../../components/text.js';
import { matchesFilter } from '../../state/filter.js';
import type { Model, SessionView } from '../../state/model.js';
import type { Area } from '../types.js';

/** Sessions, newest first, that match the filter. */
export function sessionRows(model: Model, filter: string): SessionView[] {
  const out: SessionView[] = [];
  for (let i = model.order.length - 1; i >= 0; i--) {
    const s = model.sessions.get(model.order[i]!);
    if (s && matchesFilter(filter, [s.cid.toString(16), s.proto, s.service, s.listener, s.remote, s.user, s.state])) out.push(s);
  }
  return out;
}

// As in the header, so that "submission+tls" fits a narrow column.
const serviceShort: Record<string, string> = { submission: 'sub', submissions: 'subs' };
// Always TLS: "+tls" only marks a STARTTLS upgrade.
const implicitTls = new Set(['submissions', 'imaps']);

const columns: Column<SessionView>[] = [
  { title: 'CID', width: 11, value: (s) => s.cid.toString(16) },
  { title: 'PROTO', width: 5, value: (s) => s.proto },
  { title: 'SERVICE', width: 8, value: (s) => (serviceShort[s.service] ?? s.service) + (s.tls && !implicitTls.has(s.service) ? '+tls' : '') },
  { title: 'REMOTE', flex: 3, value: (s) => s.remote },
  { title: 'USER', flex: 2, value: (s) => s.user },
  { title: 'STATE', width: 6, value: (s) => s.state, color: (s) => (s.state === 'open' ? 'green' : undefined) },
  { title: 'IN', width: 6, value: (s) => bytes(s.bytesIn) },
  { title: 'OUT', width: 6, value: (s) => bytes(s.bytesOut) },
  { title: 'MSGS', width: 4, value: (s) => String(s.accepted) + (s.failures ? '!' : ''), color: (s) => (s.failures ? 'red' : undefined) },
];

/** The Sessions list: live and recent SMTP and IMAP connections. */
export function SessionsScreen(p: { rows: readonly SessionView[]; selected: number; area: Area }): ReactElement {
  return (
    <ListView
      rows={p.rows}
      columns={columns}
      selected={p.selected}
      height={p.area.height}
      width={p.area.width}
      rowKey={(s) => s.cid}
      empty="no sessions yet: connect with SMTP or IMAP (see the Failures view for special addresses)"
    />
  );
}

/** The transcript of a session as pane lines: C:/S: lines, secrets already masked, long lines wrapped at `width`. */
export function transcriptLines(s: SessionView, width: number): PaneLine[] {
  const out: PaneLine[] = [];
  if (s.droppedLines) out.push({ text: `… ${s.droppedLines} earlier lines dropped`, dim: true });
  for (const l of s.lines) out.push({ text: `${clockTime(l.time)} ${l.dir === 'c' ? 'C' : 'S'}: ${l.text}`, color: l.dir === 'c' ? 'green' : 'yellow' });
  if (s.state === 'closed') out.push({ text: `-- closed: ${s.reason}`, dim: true });
  return wrapPaneLines(out, width, 13);
}

/** The transcript view of one session; follows new lines unless scrolled up. */
export function TranscriptScreen(p: { session: SessionView | undefined; scroll: number; follow: boolean; area: Area }): ReactElement {
  const s = p.session;
  const lines = s ? transcriptLines(s, p.area.width) : [{ text: 'session no longer kept', dim: true }];
  const visible = Math.max(1, p.area.height - 1);
  const scroll = p.follow ? Math.max(0, lines.length - visible) : p.scroll;
  const title = s ? `Transcript ${s.proto} cid ${s.cid.toString(16)} ${s.remote} ${s.user ? `user ${s.user} ` : ''}(${s.state})${p.follow ? ' following' : ''}` : 'Transcript';
  return <TextPane title={title} lines={lines} scroll={scroll} height={p.area.height} width={p.area.width} />;
}
