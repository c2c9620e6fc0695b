import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Terminal size, following resizes; `fixed` wins (tests, screenshots). */
export function useTerminalSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => {
      stdout.off('resize', on);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** The current time, updated every `ms` (relative times in lists); `fixed` for tests. */
export function useNow(ms: number, fixed?: () => number): number {
  const [now, setNow] = useState(() => (fixed ? fixed() : Date.now()));
  useEffect(() => {
    if (fixed) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, fixed]);
  return fixed ? fixed() : now;
}
