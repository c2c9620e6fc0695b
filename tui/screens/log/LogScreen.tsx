import type { ReactElement } from 'react';
import { ListView, type Column } from '../../components/ListView.js';
import { TextPane, wrapPaneLines, type PaneLine } from '../../components/TextPane.js';
import { clockTime } from '../../components/text.js';
import { matchesFilter } from '../../state/filter.js';
import type { LogLine, Model } from '../../state/model.js';
import type { Area } from '../types.js';

function attrsText(a: Record<string, unknown>): string {
  return Object.entries(a)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** Log lines, newest first, matching the filter. */
export function logRows(model: Model, filter: string): LogLine[] {
  const out: LogLine[] = [];
  for (let i = model.logs.length - 1; i >= 0; i--) {
    const l = model.logs[i]!;
    if (matchesFilter(filter, [l.level, l.pkg, l.msg, attrsText(l.attrs)])) out.push(l);
  }
  return out;
}

const columns: Column<LogLine>[] = [
  { title: 'TIME', width: 8, value: (l) => clockTime(l.time) },
  { title: 'LEVEL', width: 5, value: (l) => l.level, color: (l) => (l.level === 'error' ? 'red' : l.level === 'info' ? 'green' : undefined) },
  { title: 'PKG', width: 8, value: (l) => l.pkg },
  { title: 'MESSAGE', flex: 1, value: (l) => `${l.msg} ${attrsText(l.attrs)}` },
];

/** The Log view: the server's log records (kept in memory; never written over the screen). */
export function LogScreen(p: { rows: readonly LogLine[]; selected: number; area: Area }): ReactElement {
  return (
    <ListView
      rows={p.rows}
      columns={columns}
      selected={p.selected}
      height={p.area.height}
      width={p.area.width}
      rowKey={(l) => l.seq}
      empty="no log records yet (attached: those written since attaching)"
    />
  );
}

/** Lines of one log record: time, level and package, the message, then each attribute. */
export function logRecordLines(l: LogLine, width: number): PaneLine[] {
  const out: PaneLine[] = [
    { text: `${new Date(l.time).toISOString()}  ${l.level}  ${l.pkg}`, color: l.level === 'error' ? 'red' : 'cyan' },
    { text: l.msg },
    { text: '' },
  ];
  for (const [k, v] of Object.entries(l.attrs)) out.push({ text: `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}` });
  return wrapPaneLines(out, width);
}

/** The detail view of one log record (Enter in the Log view). */
export function LogRecordScreen(p: { line: LogLine | undefined; scroll: number; area: Area }): ReactElement {
  const lines = p.line ? logRecordLines(p.line, p.area.width) : [{ text: 'log record no longer kept', dim: true }];
  return <TextPane title="Log record" lines={lines} scroll={p.scroll} height={p.area.height} width={p.area.width} />;
}
