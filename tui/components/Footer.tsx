import { Text } from 'ink';
import type { ReactElement } from 'react';
import type { UiState } from '../state/ui.js';
import { cell } from './text.js';

/** The key hints for the current view and state. */
export function keyHints(ui: UiState): string {
  if (ui.confirm) return ui.confirm.prompt;
  if (ui.editingFilter) return `filter: ${ui.filter[ui.view]}█  (Enter keep, Esc clear)`;
  if (ui.detail) return `↑↓ scroll  g/G top/end${ui.detail.kind === 'transcript' ? `  f follow(${ui.follow ? 'on' : 'off'})` : ''}  Esc back  ? help  q quit`;
  // The active filter goes first: on a narrow terminal the end of the hints is cut off.
  const f = ui.filter[ui.view] ? `[/${ui.filter[ui.view]}]  ` : '';
  const common = '/ filter  ? help  q quit';
  switch (ui.view) {
    case 'sessions':
      return `${f}↑↓ move  Enter transcript  ${common}`;
    case 'queue':
      return ui.showRetired ? `${f}Enter history  t queued  ${common}` : `${f}h hold/release  r retry  f fail  D drop  Enter history  t retired  ${common}`;
    case 'webhooks':
      return `${f}r retry  c cancel  Enter payload  ${common}`;
    case 'inbox':
      return `${f}Enter message  ${common}`;
    case 'failures':
      return `${f}↑↓ move  Enter session  ${common}`;
    case 'log':
      return `${f}↑↓ move  Enter record  ${common}`;
  }
}

/** The footer line: key hints, or the status of the last action. */
export function Footer(p: { ui: UiState; width: number; ended?: string }): ReactElement {
  const text = p.ended ? `${p.ended} — q quits` : p.ui.status && !p.ui.confirm && !p.ui.editingFilter ? `${p.ui.status} · ${keyHints(p.ui)}` : keyHints(p.ui);
  return (
    <Text wrap="truncate" inverse={!!p.ui.confirm} color={p.ended ? 'red' : p.ui.editingFilter ? 'yellow' : undefined}>
      {cell(text, p.width)}
    </Text>
  );
}
