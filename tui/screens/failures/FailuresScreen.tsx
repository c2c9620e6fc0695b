import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { ListView, type Column } from '../../components/ListView.js';
import { cell, clockTime } from '../../components/text.js';
import { matchesFilter } from '../../state/filter.js';
import type { FailureView, Model } from '../../state/model.js';
import type { Area } from '../types.js';

/** The special-localpart rules with an example address each, to copy into an app's test. */
export const cheatSheet: readonly { rule: string; effect: string; example: string }[] = [
  { rule: '…temperror', effect: '451 after DATA', example: 'temperror@example.com' },
  { rule: '…permerror', effect: '550 after DATA', example: 'permerror@example.com' },
  { rule: '…[45]xx', effect: 'that code after DATA', example: 'user552@example.com' },
  { rule: '…timeout', effect: 'no reply for an hour', example: 'timeout@example.com' },
  { rule: 'rcptto…', effect: 'fails at RCPT TO', example: 'rcptto451@example.com' },
  { rule: 'mailfrom… (sender)', effect: 'fails at MAIL FROM', example: 'mailfrompermerror@example.com' },
  { rule: 'queue…', effect: 'accepted; queue delivery fails', example: 'queuetemperror@example.com' },
];

/** Fired failures, newest first, matching the filter. */
export function failureRows(model: Model, filter: string): FailureView[] {
  const out: FailureView[] = [];
  for (let i = model.failures.length - 1; i >= 0; i--) {
    const f = model.failures[i]!;
    if (matchesFilter(filter, [f.address, f.command, f.rule, String(f.code), f.cid.toString(16), f.session])) out.push(f);
  }
  return out;
}

const columns: Column<FailureView>[] = [
  { title: 'TIME', width: 8, value: (f) => clockTime(f.time) },
  { title: 'COMMAND', width: 9, value: (f) => f.command },
  { title: 'CODE', width: 7, value: (f) => String(f.code), color: (f) => (f.code === 'timeout' || f.code >= 500 ? 'red' : 'yellow') },
  { title: 'ADDRESS', flex: 3, value: (f) => f.address },
  { title: 'RULE', flex: 2, value: (f) => f.rule },
  { title: 'CID', width: 11, value: (f) => f.cid.toString(16) },
];

/** The Failures view: the rules as a cheat sheet and the log of failures that fired. */
export function FailuresScreen(p: { rows: readonly FailureView[]; selected: number; area: Area }): ReactElement {
  const sheetRows = p.area.height >= 16 ? cheatSheet.length : 0;
  const sheetHeight = sheetRows ? sheetRows + 2 : 0;
  const w1 = 19;
  const w2 = 31;
  return (
    <Box flexDirection="column" height={p.area.height} width={p.area.width}>
      {sheetRows ? (
        <Box flexDirection="column" height={sheetHeight}>
          <Text bold color="cyan" wrap="truncate">
            {cell('LOCALPART RULE      EFFECT                          EXAMPLE (copy)', p.area.width)}
          </Text>
          {cheatSheet.map((r) => (
            <Text key={r.rule} wrap="truncate">
              {cell(r.rule, w1)} {cell(r.effect, w2)} <Text color="green">{r.example}</Text>
            </Text>
          ))}
          <Text> </Text>
        </Box>
      ) : null}
      <ListView
        rows={p.rows}
        columns={columns}
        selected={p.selected}
        height={p.area.height - sheetHeight}
        width={p.area.width}
        rowKey={(f) => `${f.time}-${f.cid}-${f.address}-${f.command}`}
        empty="no simulated failure fired yet"
      />
    </Box>
  );
}
