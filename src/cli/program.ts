import { Command } from 'commander';
import { localserveCommand } from './localserve.js';
import { queueCommand } from './queue.js';
import { stopCommand } from './stop.js';
import { webapiCommand } from './webapi.js';
import { configAccountCommands } from './config-account.js';
import { configAliasCommands } from './config-alias.js';
import { configDomainCommands } from './config-domain.js';
import { configTlspubkeyCommands } from './config-tlspubkey.js';
import { loglevelsCommand } from './loglevels.js';
import { setPasswordCommands } from './setpassword.js';
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
  setPasswordCommands(program, global);
  loglevelsCommand(program, global);
  const configCmd = program.commands.find((c) => c.name() === 'config') ?? program.command('config').summary('manage the configuration');
  configAccountCommands(configCmd, global);
  configDomainCommands(configCmd, global);
  configAliasCommands(configCmd, global);
  configTlspubkeyCommands(configCmd, global);
  program
    .command('version')
    .description('print the version of mox')
    .action(() => {
      console.log(`${packageVersion()}\n${platform()}`);
    });
  return program;
}

