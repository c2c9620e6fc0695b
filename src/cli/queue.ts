import { Argument, type Command } from 'commander';
import { callCount, streamToStdout, withCtl } from './ctl.js';
import { filterJson, messageFilterFlags, scheduleDurationArg, sortJson, type FilterFlags, type SortFlags } from './queue-flags.js';
import { holdRulesCommand } from './queue-holdrules.js';
import { retiredCommand } from './queue-retired.js';
import { suppressCommand } from './queue-suppress.js';
import { webhookCommand } from './queue-webhook.js';
import type { GlobalOptions } from './util.js';

/**
 * Adds `mox queue …`: commands that inspect and change the delivery queue of the running
 * instance over its ctl socket (Go mox's queue commands, webhook queue included).
 */
export function queueCommand(program: Command, global: () => GlobalOptions): void {
  const queue = program
    .command('queue')
    .summary('inspect and change the delivery queue of the running mox')
    .description(
      'Commands for the outgoing delivery queue of the running mox instance: list messages, ' +
        'hold and release them, reschedule, change transport or TLS requirements, fail or drop ' +
        'them, and manage hold rules, retired messages, suppression lists and webhooks. They talk to the ' +
        'instance through the ctl socket in its data directory, found through -config.',
    );

  holdRulesCommand(queue, global);

  messageFilterFlags(
    queue
      .command('list')
      .usage('[filtersortflags]')
      .summary('list messages in the delivery queue')
      .description(
        'List the messages in the delivery queue that match the filter flags, one line each: ' +
          'ID, time queued, sender, recipient, time until the next delivery attempt, time since ' +
          'the last attempt, and the error of the last attempt.',
      ),
    true,
  ).action(async (o: FilterFlags & SortFlags) => {
    await withCtl(global(), async (c) => {
      await c.call('queuelist', [filterJson(o), sortJson(o)]);
      await streamToStdout(c);
    });
  });

  const holdSet = (hold: boolean) => async (o: FilterFlags) => {
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queueholdset', [filterJson(o), hold ? 'true' : 'false']);
      console.log(`${n} messages changed`);
    });
  };
  messageFilterFlags(
    queue
      .command('hold')
      .usage('[filterflags]')
      .summary('put matching messages on hold')
      .description('Put the matching messages on hold. A message on hold is not delivered until it is taken off hold, or failed or dropped by the admin.'),
    false,
  ).action(holdSet(true));
  messageFilterFlags(
    queue
      .command('unhold')
      .usage('[filterflags]')
      .summary('take matching messages off hold')
      .description(
        'Take the matching messages off hold. They are then delivered at their scheduled next ' +
          'delivery attempt; use "queue schedule" to change that.',
      ),
    false,
  ).action(holdSet(false));

  messageFilterFlags(
    queue
      .command('schedule')
      .usage('[filterflags] [-now] duration')
      .summary('change the next delivery attempt of matching messages')
      .description(
        'Move the next delivery attempt of the matching messages by a duration (Go syntax, ' +
          'e.g. "1h30m" or "-10m"). With -now, the next attempt becomes the current time plus ' +
          'the duration instead. "mox queue schedule -now 0" makes messages due right away.',
      )
      .option('--now', 'count the duration from the current time, not from the scheduled next attempt')
      .addArgument(new Argument('<duration>', 'duration to add, e.g. 30m, -1h, 0'))
      // A negative duration ("-30m") looks like an option to the parser; it arrives here as
      // an unknown option and is taken as the duration. Deviation (usability): Go mox's flag
      // parser refuses it unless it follows "--".
      .allowUnknownOption(),
    false,
  ).action(async (duration: string, o: FilterFlags & { now?: boolean }, cmd: Command) => {
    const d = scheduleDurationArg(duration, cmd);
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queueschedule', [filterJson(o), o.now ? 'yes' : '', d]);
      console.log(`${n} message(s) rescheduled`);
    });
  });

  messageFilterFlags(
    queue
      .command('transport')
      .usage('[filterflags] transport')
      .summary('set the transport of matching messages')
      .description(
        'Deliver the matching messages through a named transport from the config (for example ' +
          'submission to another mail server, or through a SOCKS proxy) instead of what the routes ' +
          'decide. An empty name restores the default, usually direct delivery by SMTP.',
      )
      .addArgument(new Argument('<transport>', 'transport name, "" for the default')),
    false,
  ).action(async (transport: string, o: FilterFlags) => {
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queuetransport', [filterJson(o), transport]);
      console.log(`${n} message(s) changed`);
    });
  });

  messageFilterFlags(
    queue
      .command('requiretls')
      .usage('[filterflags] {yes | no | default}')
      .summary('set the TLS requirements for delivering matching messages')
      .description(
        'Set how strictly TLS is required when delivering the matching messages. "yes" acts as ' +
          'if REQUIRETLS was requested at submission. "no" acts as if the message had a ' +
          '"TLS-Required: No" header (the queue does not add that header, so servers further on ' +
          'apply their own policy). "default" restores the normal behaviour, currently ' +
          'opportunistic TLS without verification.',
      )
      .addArgument(new Argument('<requiretls>', 'yes, no or default').choices(['yes', 'no', 'default'])),
    false,
  ).action(async (value: string, o: FilterFlags) => {
    const req = value === 'yes' ? 'true' : value === 'no' ? 'false' : '';
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queuerequiretls', [filterJson(o), req]);
      console.log(`${n} message(s) changed`);
    });
  });

  messageFilterFlags(
    queue
      .command('fail')
      .usage('[filterflags]')
      .summary('fail delivery of matching messages, sending DSNs')
      .description(
        'Give up delivering the matching messages, as if every delivery attempt had failed: the ' +
          'sender gets a delivery status notification (DSN) saying the admin canceled delivery, ' +
          'and the messages move to the retired list.',
      ),
    false,
  ).action(async (o: FilterFlags) => {
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queuefail', [filterJson(o)]);
      console.log(`${n} message(s) marked as failed`);
    });
  });

  messageFilterFlags(
    queue
      .command('drop')
      .usage('[filterflags]')
      .summary('remove matching messages from the queue')
      .description(
        'Remove the matching messages from the queue without notifying the sender. The message ' +
          'content is gone afterwards; save it first with "queue dump" if you may need it.',
      ),
    false,
  ).action(async (o: FilterFlags) => {
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queuedrop', [filterJson(o)]);
      console.log(`${n} message(s) dropped`);
    });
  });

  queue
    .command('dump')
    .usage('id')
    .summary('print a message from the queue')
    .description('Write a queued message to stdout, in internet message format, as it would be delivered.')
    .addArgument(new Argument('<id>', 'message ID'))
    .action(async (id: string) => {
      await withCtl(global(), async (c) => {
        await c.call('queuedump', [id]);
        await streamToStdout(c);
      });
    });

  retiredCommand(queue, global);
  suppressCommand(queue, global);
  webhookCommand(queue, global);
}
