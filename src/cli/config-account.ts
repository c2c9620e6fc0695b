import { Argument, type Command } from 'commander';
import { withCtl } from './ctl.js';
import type { GlobalOptions } from './util.js';

/** Adds `mox config account add|rm` and `mox config address add|rm` (over ctl). */
export function configAccountCommands(config: Command, global: () => GlobalOptions): void {
  const account = config.command('account').summary('add or remove accounts').description('Add or remove accounts of the running mox instance.');
  account
    .command('add')
    .usage('account address')
    .summary('add an account with an email address')
    .description(
      'Add an account with one email address; the configuration is written and takes effect at ' +
        'once. Mail can be delivered to the address right away. Set a password separately, see ' +
        'the setaccountpassword command.',
    )
    .addArgument(new Argument('<account>', 'account name'))
    .addArgument(new Argument('<address>', 'email address'))
    .action(async (name: string, address: string) => {
      await withCtl(global(), async (c) => {
        await c.call('accountadd', [name, address]);
      });
      console.log(`account added, set a password with "mox setaccountpassword ${name}"`);
    });
  account
    .command('rm')
    .usage('account')
    .summary('remove an account')
    .description(
      'Remove an account; the configuration is written and takes effect at once. Its email ' +
        'addresses go too, so incoming mail for them is refused. All data of the account is removed.',
    )
    .addArgument(new Argument('<account>', 'account name'))
    .action(async (name: string) => {
      await withCtl(global(), async (c) => {
        await c.call('accountrm', [name]);
      });
      console.log('account removed');
    });

  const address = config.command('address').summary('add or remove addresses').description('Add or remove email addresses of accounts.');
  address
    .command('add')
    .usage('address account')
    .summary('add an address to an account')
    .description(
      'Add an email address to an account; the configuration is written and takes effect at once. ' +
        'An address starting with @ (no localpart) is the catchall address of its domain.',
    )
    .addArgument(new Argument('<address>', 'email address, or @domain'))
    .addArgument(new Argument('<account>', 'account name'))
    .action(async (addr: string, name: string) => {
      await withCtl(global(), async (c) => {
        await c.call('addressadd', [addr, name]);
      });
      console.log('address added');
    });
  address
    .command('rm')
    .usage('address')
    .summary('remove an address')
    .description('Remove an address; the configuration is written and takes effect at once. Incoming mail for the address is refused after.')
    .addArgument(new Argument('<address>', 'email address, or @domain'))
    .action(async (addr: string) => {
      await withCtl(global(), async (c) => {
        await c.call('addressrm', [addr]);
      });
      console.log('address removed');
    });
}
