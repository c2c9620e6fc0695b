import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { backupDataDir } from '../../store/index.js';
import type { Engine } from '../engine.js';
import { readParams } from './wire.js';

/** Lines produced while a task runs, readable as an async iterable as they come. */
function lineChannel(): { push(line: string): void; end(): void; lines: AsyncIterable<string> } {
  const queue: string[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(line) {
      queue.push(`${line}\n`);
      notify();
    },
    end() {
      done = true;
      notify();
    },
    lines: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (queue.length > 0) {
            yield queue.splice(0).join('');
            continue;
          }
          if (done) return;
          await new Promise<void>((r) => (wake = r));
        }
      },
    },
  };
}

/**
 * The backup handler (mox's ctl "backup"): > destination dir; > "verbose" or ""; < stream of
 * output lines; < "ok", or "errors were encountered during backup".
 */
export function backupHandlers(engine: Engine): Record<string, CtlHandler> {
  return {
    backup: async (conn) => {
      const [dst, verbose] = (await readParams(conn, 2)) as [string, string];
      if (!dst.startsWith('/')) throw new CtlError('destination directory must be an absolute path');
      const log = engine.logs.logger('ctl');
      log.info('making backup', { destdir: dst });
      const ch = lineChannel();
      const run = backupDataDir({
        dataDir: engine.config.static.DataDir,
        configDir: engine.config.dir,
        dstDir: dst,
        version: engine.opts.version ?? 'dev',
        verbose: verbose === 'verbose',
        now: () => engine.clock.now(),
        output: (line) => {
          if (line.startsWith('error: ')) log.error(line.slice(7));
          else if (line.startsWith('warning: ')) log.info(line.slice(9));
          ch.push(line);
        },
      }).finally(() => ch.end());
      await conn.writeStream(ch.lines);
      const complete = await run;
      if (!complete) await conn.writeLine('errors were encountered during backup');
      else await conn.ok();
    },
  };
}
