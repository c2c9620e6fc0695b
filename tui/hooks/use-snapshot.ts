import { useEffect, useRef, useState } from 'react';

/** A snapshot and the error of its last load. */
export interface Snapshot<T> {
  data?: T;
  error?: string;
}

/**
 * Loads a snapshot from the engine, and loads it again when `version` changes (an event
 * said the data changed), at most once per `gapMs`: one load at a time, the latest change
 * always followed by a load. Does nothing while `enabled` is false.
 */
export function useSnapshot<T>(load: () => Promise<T>, version: number, enabled: boolean, gapMs: number): Snapshot<T> {
  const [snap, setSnap] = useState<Snapshot<T>>({});
  const st = useRef({ running: false, wanted: -1, loaded: -2, last: 0, timer: undefined as NodeJS.Timeout | undefined, alive: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const s = st.current;
    s.alive = true;
    return () => {
      s.alive = false;
      if (s.timer) clearTimeout(s.timer);
    };
  }, []);
  useEffect(() => {
    const s = st.current;
    s.wanted = version;
    if (!enabled) return;
    const run = () => {
      s.timer = undefined;
      if (!s.alive || s.running || s.loaded === s.wanted) return;
      const v = s.wanted;
      s.running = true;
      s.last = performance.now();
      loadRef.current().then(
        (data) => {
          if (s.alive) setSnap({ data });
        },
        (err: unknown) => {
          if (s.alive) setSnap((cur) => ({ data: cur.data, error: (err as Error).message }));
        },
      ).finally(() => {
        s.running = false;
        s.loaded = v;
        if (s.alive && s.loaded !== s.wanted && !s.timer) s.timer = setTimeout(run, Math.max(0, s.last + gapMs - performance.now()));
      });
    };
    if (!s.running && !s.timer) s.timer = setTimeout(run, Math.max(0, s.last + gapMs - performance.now()));
  }, [version, enabled, gapMs]);
  return snap;
}
