import type { Command } from 'commander';
import { ConfigError, describeDynamic, describeSconf, describeStatic, loadConfig } from '../config/index.js';
import { configPath } from './ctl.js';
import { configExamples, examples } from './examples.js';
import { sendmailSchema } from './sendmail-schema.js';
import { serviceFile } from './service.js';
import { ensureGroup, fatal, type GlobalOptions } from './util.js';

/**
 * Adds the `mox config` commands that work without a running instance: test,
 * describe-static, describe-domains, describe-sendmail, printservice and example.
 */
export function configCommands(program: Command, global: () => GlobalOptions): void {
  const config = ensureGroup(program, 'config', 'commands about the config files, most of them change domains.conf of the running mox');

  config
    .command('test')
    .summary('parse and check the config files')
    .description(
      'Parse and check mox.conf and domains.conf, including the files they name (TLS keys and ' +
        'certificates, DKIM keys). With valid files, "config OK" is printed and the exit status ' +
        'is 0. Otherwise every problem found is printed as file:line: message, and the exit status is 1.',
    )
    .action(async () => {
      const path = configPath(global());
      try {
        await loadConfig(path, { checkFiles: true });
      } catch (err) {
        if (!(err instanceof ConfigError)) fatal((err as Error).message);
        // As mox: one error on its own, several after a "multiple errors:" line.
        if (err.problems.length > 1) console.error('multiple errors:');
        console.error(err.message);
        process.exit(1);
      }
      console.log('config OK');
    });

  config
    .command('describe-static')
    .usage('>mox.conf')
    .summary('print an annotated empty mox.conf')
    .description(
      'Print an annotated empty config, to start a mox.conf from. mox.conf is only read at ' +
        'startup: mox must be restarted for changes to take effect. The printed file needs ' +
        'edits before it is valid, for example to finish list items.',
    )
    .action(() => {
      process.stdout.write(describeStatic());
    });

  config
    .command('describe-domains')
    .usage('>domains.conf')
    .summary('print an annotated empty domains.conf')
    .description(
      'Print an annotated empty config, to start a domains.conf from. domains.conf holds the ' +
        'domains and accounts with their addresses. The admin web interface and the command ' +
        'line change it, and mox reloads it automatically when it changes. The printed file ' +
        'needs edits before it is valid.',
    )
    .action(() => {
      process.stdout.write(describeDynamic());
    });

  config
    .command('describe-sendmail')
    .usage('>/etc/moxsubmit.conf')
    .summary('print an annotated empty config for mox when run as sendmail')
    .description('Print an annotated empty config for mox when it is run as sendmail, to start /etc/moxsubmit.conf from.')
    .action(() => {
      process.stdout.write(describeSconf(sendmailSchema));
    });

  config
    .command('printservice')
    .usage('>mox.service')
    .summary('print a systemd service file for mox')
    .description(
      'Print a systemd service file for mox, the one quickstart writes, with the current ' +
        'directory as the home directory of mox. Use it to update the service file after ' +
        'upgrading mox.',
    )
    .action(() => {
      process.stdout.write(serviceFile(process.cwd()));
    });

  config
    .command('example')
    .argument('[name]')
    .usage('[name]')
    .summary('list the config examples, or print one')
    .description('Without a name, list the names of the config examples; with a name, print that example.')
    .action((name?: string) => {
      printExample(configExamples, name);
    });
}

/** Adds `mox example [name]`: the webhook payload examples. */
export function exampleCommand(program: Command): void {
  program
    .command('example')
    .argument('[name]')
    .usage('[name]')
    .summary('list the examples, or print one')
    .description('Without a name, list the names of the examples (webhook request bodies); with a name, print that example.')
    .action((name?: string) => {
      printExample(examples(), name);
    });
}

function printExample(list: readonly { name: string; text: () => string }[], name: string | undefined): void {
  if (name === undefined) {
    for (const ex of list) console.log(ex.name);
    return;
  }
  const ex = list.find((x) => x.name === name);
  if (!ex) fatal('not found');
  process.stdout.write(ex.text());
}
