import { Argument, type Command } from 'commander';
import { streamToStdout, withCtl } from './ctl.js';
import type { GlobalOptions } from './util.js';

/** Adds `mox queue suppress list|add|remove|lookup`. */
export function suppressCommand(queue: Command, global: () => GlobalOptions): void {
  const suppress = queue
    .command('suppress')
    .summary('manage the suppression lists of accounts')
    .description(
      'Each account has a suppression list: addresses that messages from the account are not ' +
        'delivered to (they fail at once). Addresses get on it after hard delivery failures, or ' +
        'by hand.',
    );

  suppress
    .command('list')
    .usage('[-account account]')
    .summary('print the addresses on suppression lists')
    .description('Print the addresses on the suppression lists of all accounts, or of one account.')
    .option('--account <account>', 'only the suppression list of this account')
    .action(async (o: { account?: string }) => {
      await withCtl(global(), async (c) => {
        await c.call('queuesuppresslist', [o.account ?? '']);
        await streamToStdout(c);
      });
    });

  suppress
    .command('add')
    .usage('account address')
    .summary("add an address to an account's suppression list")
    .description("Add an address to an account's suppression list, so messages from the account to it fail instead of being delivered.")
    .addArgument(new Argument('<account>', 'account name'))
    .addArgument(new Argument('<address>', 'email address'))
    .action(async (account: string, address: string) => {
      await withCtl(global(), async (c) => {
        await c.call('queuesuppressadd', [account, address]);
      });
    });

  suppress
    .command('remove')
    .usage('account address')
    .summary("remove an address from an account's suppression list")
    .description("Remove an address from an account's suppression list, so messages to it are delivered again.")
    .addArgument(new Argument('<account>', 'account name'))
    .addArgument(new Argument('<address>', 'email address'))
    .action(async (account: string, address: string) => {
      await withCtl(global(), async (c) => {
        await c.call('queuesuppressremove', [account, address]);
      });
    });

  suppress
    .command('lookup')
    .usage('[-account account] address')
    .summary('check whether an address is on a suppression list')
    .description('Check whether an address is on the suppression list of any account, or of the given account, and show the entry.')
    .option('--account <account>', 'only look in the suppression list of this account')
    .addArgument(new Argument('<address>', 'email address'))
    .action(async (address: string, o: { account?: string }) => {
      await withCtl(global(), async (c) => {
        await c.call('queuesuppresslookup', [o.account ?? '', address]);
        await streamToStdout(c);
      });
    });
}
