// Reloading domains.conf while running, and watching it for changes (mox reloads it on
// changes made through its admin interface; we also pick up edits to the file).

import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
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
  close(): void;
}

/**
 * Calls `onChange` with the file's new text after `path` changed and stayed unchanged for
 * `settleMs` (editors write in steps). The directory is watched, not the file, so saves that
 * replace the file (write a temporary file, then rename it over the old one) are seen too.
 * Changes that leave the text as it was are not reported. A missing file is not reported
 * (mid-rename); the next change is.
 */
export function watchConfigFile(path: string, initialText: string | undefined, onChange: (text: string) => void, settleMs = 150): ConfigWatcher {
  const name = basename(path);
  let last = initialText;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let reading = Promise.resolve();
  const check = () => {
    timer = undefined;
    reading = reading.then(async () => {
      if (closed) return;
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (closed || text === undefined || text === last) return;
      last = text;
      onChange(text);
    });
  };
  const w: FSWatcher = watch(dirname(path), { persistent: false }, (_event, file) => {
    if (file !== null && file.toString() !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, settleMs);
  });
  // A directory that disappears ends the watch; nothing to report.
  w.on('error', () => undefined);
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      w.close();
    },
  };
}
