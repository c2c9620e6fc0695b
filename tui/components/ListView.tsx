import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { cell } from './text.js';

/** A column of a {@link ListView}: fixed width, or `flex` to share the remaining width. */
export interface Column<T> {
  title: string;
  width?: number;
  flex?: number;
  value: (row: T) => string;
  color?: (row: T) => string | undefined;
}

/** Props of {@link ListView}. */
export interface ListViewProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  selected: number;
  /** Lines available, including the header line. */
  height: number;
  width: number;
  rowKey: (row: T) => string | number;
  /** Shown when there are no rows. */
  empty: string;
}

/** Widths of the columns for a total width: fixed ones as given, the rest shared by flex. */
export function columnWidths<T>(columns: readonly Column<T>[], width: number): number[] {
  const gaps = columns.length - 1;
  const fixed = columns.reduce((n, c) => n + (c.flex ? 0 : (c.width ?? 10)), 0);
  const flexTotal = columns.reduce((n, c) => n + (c.flex ?? 0), 0);
  const rest = Math.max(0, width - fixed - gaps);
  let given = 0;
  const flexCols = columns.filter((c) => c.flex).length;
  let seen = 0;
  return columns.map((c) => {
    if (!c.flex) return c.width ?? 10;
    seen++;
    const w = seen === flexCols ? rest - given : Math.floor((rest * c.flex) / flexTotal);
    given += w;
    return Math.max(0, w);
  });
}

/** The first row to show so that `selected` is visible in `visible` rows (kept near the middle). */
export function windowStart(count: number, selected: number, visible: number): number {
  if (count <= visible) return 0;
  return Math.max(0, Math.min(selected - Math.floor(visible / 2), count - visible));
}

/** A row's cells as text pieces, neighbours of the same color joined (no colors when selected). */
export function rowSegments<T>(columns: readonly Column<T>[], widths: readonly number[], row: T, selected: boolean): { text: string; color?: string }[] {
  const out: { text: string; color?: string }[] = [];
  columns.forEach((c, j) => {
    const text = cell(c.value(row), widths[j]!) + (j < columns.length - 1 ? ' ' : '');
    const color = selected ? undefined : c.color?.(row);
    const last = out[out.length - 1];
    if (last && last.color === color) last.text += text;
    else out.push({ text, color });
  });
  return out;
}

/**
 * A virtualised table: renders only the rows that fit, so a list of thousands costs the
 * same as a screenful. The selected row is inverted.
 */
export function ListView<T>(p: ListViewProps<T>): ReactElement {
  const widths = columnWidths(p.columns, p.width);
  const visible = Math.max(1, p.height - 1);
  const start = windowStart(p.rows.length, p.selected, visible);
  const shown = p.rows.slice(start, start + visible);
  const header = p.columns.map((c, i) => cell(c.title, widths[i]!)).join(' ');
  return (
    <Box flexDirection="column" height={p.height} width={p.width}>
      <Text bold color="cyan" wrap="truncate">
        {header}
      </Text>
      {p.rows.length === 0 ? (
        <Text dimColor wrap="truncate">
          {p.empty}
        </Text>
      ) : (
        shown.map((row, i) => {
          const sel = start + i === p.selected;
          return (
            // One Text per row, cells of the same color merged: Ink's cost per frame grows
            // with the number of styled pieces, so a screenful stays a few dozen of them.
            <Text key={p.rowKey(row)} wrap="truncate" inverse={sel}>
              {rowSegments(p.columns, widths, row, sel).map((seg, j) => (
                <Text key={j} color={seg.color}>
                  {seg.text}
                </Text>
              ))}
            </Text>
          );
        })
      )}
    </Box>
  );
}
