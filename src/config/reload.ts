// Reloading domains.conf while running, and watching it for changes (mox reloads it on
// changes made through its admin interface; we also pick up edits to the file).

import { watch, type FSWatcher } from 'chokidar';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { dynamicSchema, type Dynamic } from './dynamic-schema.js';
import { ConfigError } from './errors.js';
import { parseSconf, SourceLines } from './parse.js';
import { prepareConfig, type LoadedConfig, type LoadOptions } from './load.js';

/**
 * Reads domains.conf again and returns a new loaded config with the same mox.conf, after the
 * same checks as at startup. Throws {@link ConfigError} (every problem, with file and line)
 * when the new file is bad; the caller keeps using `current` then. `text` replaces reading
 * the file.
 */
export async function reloadDynamic(current: LoadedConfig, options: LoadOptions & { text?: string } = {}): Promise<LoadedConfig> {
  let text = options.text;
  if (text === undefined) {
    try {
      text = await readFile(current.dynamicPath, 'utf8');
    } catch (err) {
      throw new ConfigError([{ file: current.dynamicPath, line: 0, message: `cannot read config file: ${(err as Error).message}` }]);
    }
  }
  const pd = parseSconf(text, dynamicSchema.root, current.dynamicPath);
  if (pd.problems.length > 0) throw new ConfigError(pd.problems);
  return prepareConfig({ static: current.raw.static, dynamic: pd.value as Dynamic }, current.staticPath, {
    ...options,
    lines: { static: new SourceLines(current.staticPath, 0), dynamic: pd.lines },
  });
}

/** A running watch on a config file; {@link ConfigWatcher.close} stops it. */
export interface ConfigWatcher {
  /** Resolves once the watch is set up: changes made after it are seen. */
  readonly ready: Promise<void>;
  /** Records `text` as the file's current content (written by us), so it is not reported. */
  written(text: string): void;
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the file's new text after `path` changed and stayed unchanged for
 * `settleMs` (editors write in steps). Uses chokidar on the file's directory (depth 0), so
 * saves that replace the file (write a temporary file, then rename it over the old one, or
 * remove and recreate it) are seen too. Changes that leave the text as it was are not
 * reported. A missing file is not reported (mid-rename); the next change is.
 */
export function watchConfigFile(path: string, initialText: string | undefined, onChange: (text: string) => void, settleMs = 150): ConfigWatcher {
  const file = resolve(path);
  const dir = dirname(file);
  let last = initialText;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let reading = Promise.resolve();
  const check = () => {
    timer = undefined;
    reading = reading.then(async () => {
      if (closed) return;
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (closed || text === undefined || text === last) return;
      last = text;
      onChange(text);
    });
  };
  const schedule = (p: string) => {
    if (closed || resolve(p) !== file) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, settleMs);
  };
  const w: FSWatcher = watch(dir, {
    depth: 0,
    ignoreInitial: true,
    persistent: false,
    // chokidar's atomic-save handling: an unlink followed by an add is one change.
    atomic: true,
    ignored: (p: string) => {
      const a = resolve(p);
      return a !== dir && a !== file;
    },
  });
  w.on('add', schedule);
  w.on('change', schedule);
  w.on('unlink', schedule);
  // chokidar can lose track of a file that was removed and created again quickly (some
  // editors save that way), missing later in-place writes; the directory's raw events
  // still name it.
  w.on('raw', (_event, evPath, details) => {
    const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
    if (!watched) return;
    schedule(evPath && resolve(watched) !== file ? resolve(watched, evPath) : watched);
  });
  // A directory that disappears ends the watch; nothing to report.
  w.on('error', () => undefined);
  const ready = new Promise<void>((res) => w.once('ready', () => res()));
  return {
    ready,
    written(text) {
      last = text;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await w.close();
    },
  };
}
