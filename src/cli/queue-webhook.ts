import { Argument, InvalidArgumentError, type Command } from 'commander';
import { callCount, streamToStdout, withCtl } from './ctl.js';
import { parseCount, parseIds, scheduleDurationArg } from './queue-flags.js';
import type { GlobalOptions } from './util.js';

// `mox queue webhook …`: the webhook queue of the running instance, with Go mox's flags and
// the JSON lines of its queue.HookFilter / HookRetiredFilter / HookSort on the ctl socket.

interface HookFlags {
  ids?: number[];
  n?: number;
  account?: string;
  submitted?: string;
  nextattempt?: string;
  lastactivity?: string;
  event?: string;
  sort?: string;
  asc?: boolean;
}

const events = ['incoming', 'delivered', 'suppressed', 'delayed', 'failed', 'relayed', 'expanded', 'canceled', 'unrecognized'];

function parseEvent(v: string): string {
  if (!events.includes(v)) throw new InvalidArgumentError(`invalid parameter ${JSON.stringify(v)}`);
  return v;
}

function sortField(values: Record<string, string>) {
  return (v: string) => {
    const r = values[v];
    if (r === undefined) throw new InvalidArgumentError(`unknown value ${JSON.stringify(v)}`);
    return r;
  };
}

const timeHelp = 'value must start with "<" (before now) or ">" (after now), then a duration or "now"';

/** Adds the webhook filter flags (with `sort`, also -sort and -asc). */
function hookFlags(cmd: Command, retired: boolean, sort: boolean): Command {
  cmd
    .option('--ids <value>', `comma-separated list of ${retired ? 'retired ' : ''}webhook IDs`, parseIds)
    .option('-n <int>', 'number of webhooks to return', parseCount)
    .option('--account <account>', 'account that queued the message/webhook')
    .option('--submitted <time>', `filter by time of submission relative to now; ${timeHelp}`);
  if (retired) cmd.option('--lastactivity <time>', `filter by time of last activity relative to now; ${timeHelp}`);
  else cmd.option('--nextattempt <time>', `filter by time of next delivery attempt relative to now; ${timeHelp}`);
  cmd.option('--event <value>', `event this webhook is about: ${events.join(', ')}`, parseEvent);
  if (sort) {
    const dflt = retired ? 'lastactivity' : 'nextattempt';
    cmd
      .option('--sort <value>', `field to sort by, "${dflt}" (default) or "queued"`, sortField({ [dflt]: retired ? 'LastActivity' : 'NextAttempt', queued: 'Queued' }))
      .option('--asc', 'sort ascending instead of descending (default)');
  }
  return cmd;
}

/** The JSON line for mox's queue.HookFilter (or HookRetiredFilter), every field present in Go's order. */
function hookFilterJson(f: HookFlags, retired: boolean): string {
  const base = { Max: f.n ?? 0, IDs: f.ids ?? null, Account: f.account ?? '', Submitted: f.submitted ?? '' };
  const time = retired ? { LastActivity: f.lastactivity ?? '' } : { NextAttempt: f.nextattempt ?? '' };
  return JSON.stringify({ ...base, ...time, Event: f.event ?? '' });
}

function hookSortJson(f: HookFlags): string {
  return JSON.stringify({ Field: f.sort ?? '', LastID: 0, Last: null, Asc: f.asc ?? false });
}

/** Adds `mox queue webhook list|schedule|cancel|print` and `mox queue webhook retired list|print`. */
export function webhookCommand(queue: Command, global: () => GlobalOptions): void {
  const webhook = queue
    .command('webhook')
    .summary('list and change the webhooks waiting for delivery')
    .description(
      'Webhooks report outgoing delivery events (delivered, delayed, failed, ...) and incoming ' +
        'messages to the URLs configured for an account. Each is queued and retried with ' +
        'backoff until the URL answers "200 OK"; then it moves to the retired list.',
    );

  hookFlags(
    webhook
      .command('list')
      .usage('[filtersortflags]')
      .summary('list matching webhooks in the queue')
      .description('List the matching webhooks in the queue, with their IDs and basic information.'),
    false,
    true,
  ).action(async (o: HookFlags) => {
    await withCtl(global(), async (c) => {
      await c.call('queuehooklist', [hookFilterJson(o, false), hookSortJson(o)]);
      await streamToStdout(c);
    });
  });

  hookFlags(
    webhook
      .command('schedule')
      .usage('[filterflags] [-now] duration')
      .summary('change the next delivery attempt of matching webhooks')
      .description(
        'Move the next delivery attempt of the matching webhooks by a duration. With -now, the ' +
          'next attempt becomes the current time plus the duration instead. ' +
          '"mox queue webhook schedule -now 0" makes webhooks due right away.',
      )
      .option('--now', 'schedule for duration relative to current time instead of relative to current next delivery attempt for webhooks')
      .addArgument(new Argument('<duration>', 'duration to add, e.g. 30m, -1h, 0'))
      // A negative duration ("-30m") arrives as an unknown option; see `queue schedule`.
      .allowUnknownOption(),
    false,
    false,
  ).action(async (duration: string, o: HookFlags & { now?: boolean }, cmd: Command) => {
    const d = scheduleDurationArg(duration, cmd);
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queuehookschedule', [hookFilterJson(o, false), o.now ? 'yes' : '', d]);
      console.log(`${n} webhook(s) rescheduled`);
    });
  });

  hookFlags(
    webhook
      .command('cancel')
      .usage('[filterflags]')
      .summary('cancel delivery of matching webhooks')
      .description('Stop delivering the matching webhooks; they move to the retired list as failed.'),
    false,
    false,
  ).action(async (o: HookFlags) => {
    await withCtl(global(), async (c) => {
      const n = await callCount(c, 'queuehookcancel', [hookFilterJson(o, false)]);
      // Deviation (typo): mox prints "webhook(s)s".
      console.log(`${n} webhook(s) marked as canceled`);
    });
  });

  webhook
    .command('print')
    .usage('id')
    .summary('print a webhook from the queue as JSON')
    .description('Print the details of a webhook in the queue, including its payload, as JSON.')
    .addArgument(new Argument('<id>', 'webhook ID'))
    .action(async (id: string) => {
      await withCtl(global(), async (c) => {
        await c.call('queuehookprint', [id]);
        await streamToStdout(c);
      });
    });

  const retired = webhook
    .command('retired')
    .summary('list and print webhooks that left the queue')
    .description(
      'Webhooks that were delivered, failed for good, were canceled or were replaced by a newer ' +
        "event for the same message are kept for the account's KeepRetiredWebhookPeriod.",
    );

  hookFlags(
    retired
      .command('list')
      .usage('[filtersortflags]')
      .summary('list matching retired webhooks')
      .description('List the matching retired webhooks, with their IDs, result and basic information.'),
    true,
    true,
  ).action(async (o: HookFlags) => {
    await withCtl(global(), async (c) => {
      await c.call('queuehookretiredlist', [hookFilterJson(o, true), hookSortJson(o)]);
      await streamToStdout(c);
    });
  });

  retired
    .command('print')
    .usage('id')
    .summary('print a retired webhook as JSON')
    .description('Print the details of a retired webhook, including its payload and attempts, as JSON.')
    .addArgument(new Argument('<id>', 'retired webhook ID'))
    .action(async (id: string) => {
      await withCtl(global(), async (c) => {
        await c.call('queuehookretiredprint', [id]);
        await streamToStdout(c);
      });
    });
}
