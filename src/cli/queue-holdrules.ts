import { Argument, type Command } from 'commander';
import { streamToStdout, withCtl } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

/** Adds `mox queue holdrules list|add|remove`. */
export function holdRulesCommand(queue: Command, global: () => GlobalOptions): void {
  const holdrules = queue
    .command('holdrules')
    .summary('list, add and remove hold rules of the delivery queue')
    .description('Hold rules put newly queued messages that match them on hold, so they are not delivered until released.');

  holdrules
    .command('list')
    .summary('list the hold rules of the delivery queue')
    .description('List the hold rules. A message added to the queue that matches a hold rule is put on hold instead of being scheduled for delivery.')
    .action(async () => {
      await withCtl(global(), async (c) => {
        await c.call('queueholdruleslist');
        await streamToStdout(c);
      });
    });

  holdrules
    .command('add')
    .usage('[ruleflags]')
    .summary('add a hold rule to the delivery queue')
    .description(
      'Add a hold rule: messages queued from now on that match it are put on hold, and so are ' +
        'matching messages already in the queue. The flags set what a message must match; a ' +
        'rule without flags matches every message.',
    )
    .option('--account <account>', 'account that queues the message')
    .option('--senderdom <domain>', 'domain of the sender address')
    .option('--recipientdom <domain>', 'domain of the recipient address')
    .action(async (o: { account?: string; senderdom?: string; recipientdom?: string }) => {
      await withCtl(global(), async (c) => {
        await c.call('queueholdrulesadd', [o.account ?? '', o.senderdom ?? '', o.recipientdom ?? '']);
      });
    });

  holdrules
    .command('remove')
    .usage('ruleid')
    .summary('remove a hold rule from the delivery queue')
    .description('Remove the hold rule with the given id (see "queue holdrules list"). Messages it put on hold stay on hold.')
    .addArgument(new Argument('<ruleid>', 'id of the rule'))
    .action(async (id: string) => {
      if (!/^[+-]?[0-9]+$/.test(id) || !Number.isSafeInteger(Number(id))) fatal(`parsing id: strconv.ParseInt: parsing ${JSON.stringify(id)}: invalid syntax`);
      await withCtl(global(), async (c) => {
        await c.call('queueholdrulesremove', [String(Number(id))]);
      });
    });
}
