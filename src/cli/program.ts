import { Command, Option } from 'commander';
import { parseLevel } from '../log/index.js';
import { backupCommands } from './backup.js';
import { configAccountCommands } from './config-account.js';
import { configAliasCommands } from './config-alias.js';
import { configCommands, exampleCommand } from './config-cmds.js';
import { configDomainCommands } from './config-domain.js';
import { configTlspubkeyCommands } from './config-tlspubkey.js';
import { dkimCommand } from './dkim.js';
import { installFrame } from './frame.js';
import { localserveCommand } from './localserve.js';
import { loglevelsCommand } from './loglevels.js';
import { mailboxIoCommands } from './mailbox-io.js';
import { messageCommand } from './message.js';
import { miscCommands } from './misc.js';
import { queueCommand } from './queue.js';
import { setPasswordCommands } from './setpassword.js';
import { spfCommand } from './spf.js';
import { stopCommand } from './stop.js';
import { tuiCommand } from './tui.js';
import { ensureGroup, type GlobalOptions } from './util.js';
import { webapiCommand } from './webapi.js';

/**
 * The `mox` command line. Commands and flags follow Go mox's (its single-dash long flags work
 * too, see normalizeArgv); usage, help and errors look like mox's (see frame.ts). Commands of
 * mox's reference that no one registered become stubs that say they are not implemented.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mox')
    .usage('[-config config/mox.conf] [-pedantic] [-loglevel level] command ...')
    .description('mox is a modern, secure, full-featured, open source mail server for low-maintenance self-hosted email.')
    .option(
      '--config <path>',
      'configuration file; other config files are looked up in its directory. Default $MOXCONF, else config/mox.conf',
      process.env.MOXCONF || 'config/mox.conf',
    )
    .option('--pedantic', 'protocol violations result in errors instead of accepting/working around them')
    .option('--loglevel <level>', 'if set, this log level is used from early in startup: error, info, debug, trace, traceauth, tracedata')
    // Go mox's debugging flags, accepted so scripts keep working; they have no effect here.
    .addOption(new Option('--checkconsistency', 'no effect (Go mox: extra data checks for testing)').hideHelp())
    .addOption(new Option('--cpuprof <file>', 'no effect (Go mox: cpu profile)').hideHelp())
    .addOption(new Option('--memprof <file>', 'no effect (Go mox: memory profile)').hideHelp())
    .addOption(new Option('--trace <file>', 'no effect (Go mox: execution trace)').hideHelp())
    .hook('preAction', () => {
      const ll = program.opts<GlobalOptions>().loglevel;
      if (ll && !parseLevel(ll)) {
        console.error(`unknown loglevel ${JSON.stringify(ll)}`);
        process.exit(1);
      }
    });
  const global = () => program.opts<GlobalOptions>();
  localserveCommand(program, global);
  stopCommand(program, global);
  queueCommand(program, global);
  tuiCommand(program, global);
  webapiCommand(program);
  exampleCommand(program);
  miscCommands(program, global);
  setPasswordCommands(program, global);
  loglevelsCommand(program, global);
  const configCmd = ensureGroup(program, 'config', 'manage the configuration');
  configAccountCommands(configCmd, global);
  configDomainCommands(configCmd, global);
  configAliasCommands(configCmd, global);
  configTlspubkeyCommands(configCmd, global);
  dkimCommand(program, global);
  spfCommand(program);
  messageCommand(program, global);
  mailboxIoCommands(program, global);
  backupCommands(program, global);
  // Last: other files may have made the "config" group already; it is reused (ensureGroup).
  configCommands(program, global);
  installFrame(program, (s) => process.stderr.write(s));
  return program;
}
