import { Command } from 'commander';
import { backupCommands } from './backup.js';
import { dkimCommand } from './dkim.js';
import { localserveCommand } from './localserve.js';
import { mailboxIoCommands } from './mailbox-io.js';
import { messageCommand } from './message.js';
import { spfCommand } from './spf.js';
import { queueCommand } from './queue.js';
import { stopCommand } from './stop.js';
import { webapiCommand } from './webapi.js';
import { packageVersion, platform } from './version.js';
import type { GlobalOptions } from './util.js';

/**
 * The `mox` command line. Commands and flags follow Go mox's (its single-dash long flags work
 * too, see normalizeArgv); each command has --help.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mox')
    .usage('[-config config/mox.conf] [-pedantic] [-loglevel level] command ...')
    .description('mox is a modern, secure, full-featured, open source mail server for low-maintenance self-hosted email.')
    .option('--config <path>', 'mox.conf of the instance to talk to', process.env.MOXCONF ?? 'config/mox.conf')
    .option('--pedantic', 'protocol violations result in errors instead of accepting/working around them')
    .option('--loglevel <level>', 'if set, overrides the log level: error, info, debug, trace, traceauth, tracedata')
    .showHelpAfterError()
    .exitOverride();
  const global = () => program.opts<GlobalOptions>();
  // Without a command: usage on stderr and exit code 2, as Go's flag package.
  program.action(() => program.help({ error: true }));
  localserveCommand(program, global);
  stopCommand(program, global);
  queueCommand(program, global);
  webapiCommand(program);
  dkimCommand(program, global);
  spfCommand(program);
  messageCommand(program);
  mailboxIoCommands(program, global);
  backupCommands(program, global);
  program
    .command('version')
    .description('print the version of mox')
    .action(() => {
      console.log(`${packageVersion()}\n${platform()}`);
    });
  return program;
}

