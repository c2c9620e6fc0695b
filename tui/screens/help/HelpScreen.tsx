import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { cell } from '../../components/text.js';
import type { Area } from '../types.js';

/** Key bindings shown by `?`: [keys, what they do]. */
export const helpLines: readonly [string, string][] = [
  ['1-6, Tab', 'views: Sessions, Queue, Webhooks, Failures, Inbox, Log'],
  ['↑↓ j k', 'move; PgUp/PgDn, Space: page; g/G: first/last'],
  ['Enter', 'open the row: transcript, history, payload, message, record'],
  ['Esc', 'back from a detail; clears the filter'],
  ['/', 'filter (words match any column); Enter keeps, Esc clears'],
  ['f', 'transcript: follow new lines on/off'],
  ['Queue: h', 'hold / release the selected message'],
  ['Queue: r', 'retry now (schedule the next attempt now)'],
  ['Queue: f / D', 'fail (with DSN) / drop (no DSN), after y'],
  ['Queue: t', 'toggle queued / retired messages'],
  ['Webhooks: r / c', 'retry now / cancel (after y)'],
  ['Failures: Enter', 'the transcript of the session it fired in'],
  ['?', 'this help (any key closes it)'],
  ['q, Ctrl-C', 'quit: stops the server (localserve) or detaches (mox tui)'],
];

/** The help overlay. */
export function HelpScreen(p: { area: Area; mode: 'inProcess' | 'attached' }): ReactElement {
  return (
    <Box flexDirection="column" height={p.area.height} width={p.area.width}>
      <Text bold color="cyan">
        {cell(`Help — ${p.mode === 'inProcess' ? 'mox localserve (q stops the server)' : 'attached (q detaches, the server keeps running)'}`, p.area.width)}
      </Text>
      {helpLines.slice(0, Math.max(0, p.area.height - 1)).map(([k, v]) => (
        <Text key={k} wrap="truncate">
          <Text color="yellow">{cell(k, 17)}</Text> {v}
        </Text>
      ))}
    </Box>
  );
}
