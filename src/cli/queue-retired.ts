import { Argument, type Command } from 'commander';
import { streamToStdout, withCtl } from './ctl.js';
import { retiredFilterJson, retiredFilterFlags, sortJson, type FilterFlags, type SortFlags } from './queue-flags.js';
import type { GlobalOptions } from './util.js';

/** Adds `mox queue retired list|print`. */
export function retiredCommand(queue: Command, global: () => GlobalOptions): void {
  const retired = queue
    .command('retired')
    .summary('list and print messages that left the delivery queue')
    .description(
      'Messages that left the queue (delivered, failed or dropped) are kept as retired ' +
        "messages, with their delivery history, for the account's KeepRetiredMessagePeriod.",
    );

  retiredFilterFlags(
    retired
      .command('list')
      .usage('[filtersortflags]')
      .summary('list retired messages')
      .description(
        'List the retired messages that match the filter flags, one line each: ID, time queued, ' +
          'result, sender, recipient, time since the last attempt and the last error.',
      ),
  ).action(async (o: FilterFlags & SortFlags) => {
    await withCtl(global(), async (c) => {
      await c.call('queueretiredlist', [retiredFilterJson(o), sortJson(o)]);
      await streamToStdout(c);
    });
  });

  retired
    .command('print')
    .usage('id')
    .summary('print a retired message as JSON')
    .description('Print everything the retired list holds about one message (not its content) as JSON.')
    .addArgument(new Argument('<id>', 'retired message ID'))
    .action(async (id: string) => {
      await withCtl(global(), async (c) => {
        await c.call('queueretiredprint', [id]);
        await streamToStdout(c);
      });
    });
}
