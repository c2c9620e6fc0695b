import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { cell } from './text.js';

/** One line of a {@link TextPane}, optionally colored. */
export interface PaneLine {
  text: string;
  color?: string;
  dim?: boolean;
}

/** Splits text into pane lines (CRLF or LF), wrapping long lines at `width`. */
export function toPaneLines(text: string, width: number, color?: string): PaneLine[] {
  const out: PaneLine[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.replace(/\t/g, '    ');
    if (line.length <= width || width <= 0) out.push({ text: line, color });
    else for (let i = 0; i < line.length; i += width) out.push({ text: line.slice(i, i + width), color });
  }
  return out;
}

/**
 * Wraps pane lines longer than `width`; continuation lines are indented by `indent` columns,
 * so a long error or protocol line can be read whole on a narrow terminal.
 */
export function wrapPaneLines(lines: readonly PaneLine[], width: number, indent = 4): PaneLine[] {
  if (width <= indent + 10) return [...lines];
  const out: PaneLine[] = [];
  const pad = ' '.repeat(indent);
  for (const l of lines) {
    if (l.text.length <= width) {
      out.push(l);
      continue;
    }
    out.push({ ...l, text: l.text.slice(0, width) });
    for (let i = width; i < l.text.length; i += width - indent) out.push({ ...l, text: pad + l.text.slice(i, i + width - indent) });
  }
  return out;
}

/** A scrolled window over lines: shows `height` lines from `scroll`. */
export function TextPane(p: { title: string; lines: readonly PaneLine[]; scroll: number; height: number; width: number }): ReactElement {
  const visible = Math.max(1, p.height - 1);
  const start = Math.max(0, Math.min(p.scroll, p.lines.length - visible));
  const shown = p.lines.slice(start, start + visible);
  const pos = p.lines.length > visible ? ` [${start + 1}-${start + shown.length}/${p.lines.length}]` : '';
  return (
    <Box flexDirection="column" height={p.height} width={p.width}>
      <Text bold color="cyan" wrap="truncate">
        {cell(p.title + pos, p.width)}
      </Text>
      {shown.map((l, i) => (
        <Text key={start + i} color={l.color} dimColor={l.dim} wrap="truncate">
          {cell(l.text, p.width)}
        </Text>
      ))}
    </Box>
  );
}
