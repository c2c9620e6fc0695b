import type { Command } from 'commander';
import { CtlClosedError } from '../ctl/index.js';
import { withCtl } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

/** Adds `mox stop`: shuts the running instance down over the ctl socket. */
export function stopCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('stop')
    .summary('shut the running mox down')
    .description(
      'Shut the running mox instance down. New IMAP and SMTP connections are refused with a ' +
        '"temporarily unavailable" response, and open connections get at most 3 seconds to ' +
        'finish what they are doing before they are closed. Normally only IMAP clients that ' +
        'wait for new mail (IDLE) stay connected that long.',
    )
    .action(async () => {
      await withCtl(global(), async (c) => {
        await c.writeLine('stop');
        // mox: the server sends nothing and closes the connection once it shuts down.
        // (Earlier versions of ours answered "ok" first; that is accepted too.)
        for (let first = true; ; first = false) {
          let line: string;
          try {
            line = await c.readLine();
          } catch (err) {
            if (err instanceof CtlClosedError) break;
            throw err;
          }
          if (!(first && line === 'ok')) fatal(`expected eof after graceful shutdown, got data ${JSON.stringify(line)}`);
        }
      });
      console.log('mox stopped');
    });
}
