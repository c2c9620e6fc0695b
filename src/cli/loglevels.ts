import { Argument, type Command } from 'commander';
import { streamToStdout, withCtl } from './ctl.js';
import type { GlobalOptions } from './util.js';

/** Adds `mox loglevels [level [pkg]]`: print or change the running instance's log levels. */
export function loglevelsCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('loglevels')
    .usage('[level [pkg]]')
    .summary('print or set log levels')
    .description(
      'Print the log levels, or set a new default log level, or the level of one package.\n\n' +
        'One log level applies to all logging by default, but each "pkg" can get its own level, ' +
        'e.g. smtpserver, smtpclient, queue, imapserver, store, ctl.\n\n' +
        'An empty level with a pkg removes the level of that package.\n\n' +
        'Valid levels: error, info, debug, trace, traceauth, tracedata.',
    )
    .addArgument(new Argument('[level]', 'new level'))
    .addArgument(new Argument('[pkg]', 'package'))
    .action(async (level: string | undefined, pkg: string | undefined) => {
      await withCtl(global(), async (c) => {
        if (level === undefined) {
          await c.call('loglevels', []);
          await streamToStdout(c);
        } else {
          await c.call('setloglevels', [pkg ?? '', level]);
        }
      });
    });
}
