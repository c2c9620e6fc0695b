import { useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../src/index.js';
import { applyEvents, defaultLimits, emptyModel, type Limits, type Model } from '../state/model.js';

/** Options for {@link useEngineModel}. */
export interface EngineModelOptions {
  /** Most renders per second caused by events (default 15). */
  fps?: number;
  limits?: Limits;
}

/**
 * Subscribes to the engine's events (backlog first) and keeps the UI model. Events are
 * applied as they arrive (so memory stays bounded), but the model is handed to React at
 * most `fps` times a second: a burst of 200 messages a second costs a few renders, and
 * keypresses are handled in between.
 */
export function useEngineModel(client: EngineClient, opts: EngineModelOptions = {}): { model: Model; ended?: string } {
  const [model, setModel] = useState<Model>(emptyModel);
  const [ended, setEnded] = useState<string>();
  const fps = opts.fps ?? 15;
  const limits = opts.limits ?? defaultLimits;
  const ref = useRef<Model>(model);
  useEffect(() => {
    const frame = 1000 / fps;
    let timer: NodeJS.Timeout | undefined;
    let last = 0;
    const flush = () => {
      timer = undefined;
      last = performance.now();
      setModel(ref.current);
    };
    const off = client.subscribe(
      (events) => {
        ref.current = applyEvents(ref.current, events, limits);
        timer ??= setTimeout(flush, Math.max(0, last + frame - performance.now()));
      },
      { backlog: true, onEnd: (reason) => setEnded(reason) },
    );
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [client, fps, limits]);
  return { model, ended };
}
