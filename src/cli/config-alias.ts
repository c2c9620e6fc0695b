import { Argument, type Command } from 'commander';
import { streamToStdout, withCtl } from './ctl.js';
import type { GlobalOptions } from './util.js';

/** Adds `mox config alias list|print|add|update|rm|addaddr|rmaddr` (over ctl). */
export function configAliasCommands(config: Command, global: () => GlobalOptions): void {
  const alias = config
    .command('alias')
    .summary('manage aliases (lists)')
    .description('Manage aliases (lists): addresses that deliver to several accounts.');
  alias
    .command('list')
    .usage('domain')
    .summary('show the aliases of a domain')
    .description('Show the aliases (lists) of a domain.')
    .addArgument(new Argument('<domain>', 'domain name'))
    .action(async (domain: string) => {
      await withCtl(global(), async (c) => {
        await c.call('aliaslist', [domain]);
        await streamToStdout(c);
      });
    });
  alias
    .command('print')
    .usage('alias')
    .summary('print the settings and members of an alias')
    .description('Print the settings and members of an alias (list).')
    .addArgument(new Argument('<alias>', 'alias address'))
    .action(async (addr: string) => {
      await withCtl(global(), async (c) => {
        await c.call('aliasprint', [addr]);
        await streamToStdout(c);
      });
    });
  alias
    .command('add')
    .usage('alias@domain rcpt1@domain ...')
    .summary('add an alias')
    .description(
      'Add an alias (list) with one or more member addresses; anyone may post to it. An alias ' +
        'delivers incoming mail to several recipients. To give an account another address, add ' +
        'the address to the account instead.',
    )
    .addArgument(new Argument('<alias>', 'alias address'))
    .addArgument(new Argument('<rcpt...>', 'member addresses'))
    .action(async (addr: string, rcpts: string[]) => {
      await withCtl(global(), async (c) => {
        await c.call('aliasadd', [addr, JSON.stringify({ Addresses: rcpts, PostPublic: true, ListMembers: false, AllowMsgFrom: false })]);
      });
    });
  alias
    .command('update')
    .usage('alias@domain [-postpublic false|true -listmembers false|true -allowmsgfrom false|true]')
    .summary('change the settings of an alias')
    .description('Change the settings of an alias (list); settings not given stay as they are.')
    .option('--postpublic <bool>', 'whether anyone or only list members can post', '')
    .option('--listmembers <bool>', 'whether list members can list members', '')
    .option('--allowmsgfrom <bool>', 'whether alias address can be used in message from header', '')
    .addArgument(new Argument('<alias>', 'alias address'))
    .action(async (addr: string, o: { postpublic: string; listmembers: string; allowmsgfrom: string }) => {
      await withCtl(global(), async (c) => {
        await c.call('aliasupdate', [addr, o.postpublic, o.listmembers, o.allowmsgfrom]);
      });
    });
  alias
    .command('rm')
    .usage('alias@domain')
    .summary('remove an alias')
    .description('Remove an alias (list).')
    .addArgument(new Argument('<alias>', 'alias address'))
    .action(async (addr: string) => {
      await withCtl(global(), async (c) => {
        await c.call('aliasrm', [addr]);
      });
    });
  alias
    .command('addaddr')
    .usage('alias@domain rcpt1@domain ...')
    .summary('add members to an alias')
    .description('Add member addresses to an alias (list).')
    .addArgument(new Argument('<alias>', 'alias address'))
    .addArgument(new Argument('<rcpt...>', 'member addresses'))
    .action(async (addr: string, rcpts: string[]) => {
      await withCtl(global(), async (c) => {
        await c.call('aliasaddaddr', [addr, JSON.stringify(rcpts)]);
      });
    });
  alias
    .command('rmaddr')
    .usage('alias@domain rcpt1@domain ...')
    .summary('remove members from an alias')
    .description('Remove member addresses from an alias (list).')
    .addArgument(new Argument('<alias>', 'alias address'))
    .addArgument(new Argument('<rcpt...>', 'member addresses'))
    .action(async (addr: string, rcpts: string[]) => {
      await withCtl(global(), async (c) => {
        await c.call('aliasrmaddr', [addr, JSON.stringify(rcpts)]);
      });
    });
}
