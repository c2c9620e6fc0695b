import { InvalidArgumentError, type Command } from 'commander';
import { DurationError, formatDurationNs, parseDurationNs } from '../config/index.js';
import { fatal } from './util.js';

// The filter and sort flags of `mox queue …` and the JSON lines they become on the ctl
// socket: Go mox's queue.Filter / queue.Sort / queue.RetiredFilter / queue.RetiredSort with
// every field present, in Go's field order, so a Go mox server reads them too.

/** Parsed filter flags of the queue commands. */
export interface FilterFlags {
  ids?: number[];
  n?: number;
  account?: string;
  from?: string;
  to?: string;
  hold?: boolean;
  submitted?: string;
  nextattempt?: string;
  lastactivity?: string;
  transport?: string;
  result?: boolean;
}

/** Parsed sort flags. */
export interface SortFlags {
  sort?: string;
  asc?: boolean;
}

/** Parses "1,2,3" (appending to an earlier -ids), as mox's flag does. */
export function parseIds(v: string, previous: number[] | undefined): number[] {
  const ids = v.split(',').map((s) => {
    const n = /^[+-]?[0-9]+$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`not a message id: ${JSON.stringify(s)}`);
    return n;
  });
  return [...(previous ?? []), ...ids];
}

/** Parses a whole number flag value. */
export function parseCount(v: string): number {
  const n = /^[+-]?[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`not a number: ${JSON.stringify(v)}`);
  return n;
}

function parseBool(v: string): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InvalidArgumentError(`bad value ${JSON.stringify(v)}, need true or false`);
}

function parseResult(v: string): boolean {
  if (v === 'success') return true;
  if (v === 'failure') return false;
  throw new InvalidArgumentError(`bad argument ${JSON.stringify(v)}, need success or failure`);
}

function choice(values: Record<string, string>) {
  return (v: string) => {
    const r = values[v];
    if (r === undefined) throw new InvalidArgumentError(`unknown value ${JSON.stringify(v)}, need ${Object.keys(values).join(' or ')}`);
    return r;
  };
}

const timeHelp = 'must start with "<" (earlier than) or ">" (later than), followed by a duration relative to now or "now", e.g. "<-1h"';

/** Adds the message filter flags (and with `sort`, -sort and -asc) to a queue command. */
export function messageFilterFlags(cmd: Command, sort: boolean): Command {
  cmd
    .option('--ids <value>', 'only messages with these IDs, comma-separated', parseIds)
    .option('-n <int>', 'at most this many messages', parseCount)
    .option('--account <account>', 'only messages queued by this account')
    .option('--from <address>', 'only messages whose sender address contains this text; "@example.com" matches a whole domain')
    .option('--to <address>', 'only messages whose recipient address contains this text; "@example.com" matches a whole domain')
    .option('--hold <value>', '"true" for only messages on hold, "false" for only messages not on hold', parseBool)
    .option('--submitted <time>', `only messages queued before or after a time; ${timeHelp}`)
    .option('--nextattempt <time>', `only messages whose next delivery attempt is before or after a time; ${timeHelp}`)
    .option('--transport <value>', 'only messages with this transport; an empty value means the default transport');
  if (sort) {
    cmd
      .option('--sort <value>', 'sort by "nextattempt" (the default) or "queued"', choice({ nextattempt: 'NextAttempt', queued: 'Queued' }))
      .option('--asc', 'sort ascending; descending is the default');
  }
  return cmd;
}

/** Adds the retired message filter and sort flags. */
export function retiredFilterFlags(cmd: Command): Command {
  return cmd
    .option('--ids <value>', 'only retired messages with these IDs, comma-separated', parseIds)
    .option('-n <int>', 'at most this many messages', parseCount)
    .option('--account <account>', 'only messages queued by this account')
    .option('--from <address>', 'only messages whose sender address contains this text; "@example.com" matches a whole domain')
    .option('--to <address>', 'only messages whose recipient address contains this text; "@example.com" matches a whole domain')
    .option('--submitted <time>', `only messages queued before or after a time; ${timeHelp}`)
    .option('--lastactivity <time>', `only messages whose last activity was before or after a time; ${timeHelp}`)
    .option('--transport <value>', 'only messages with this transport; an empty value means the default transport')
    .option('--result <value>', '"success" or "failure": only messages whose delivery had this result', parseResult)
    .option('--sort <value>', 'sort by "lastactivity" (the default) or "queued"', choice({ lastactivity: 'LastActivity', queued: 'Queued' }))
    .option('--asc', 'sort ascending; descending is the default');
}

/** The JSON line for mox's queue.Filter. */
export function filterJson(f: FilterFlags): string {
  return JSON.stringify({
    Max: f.n ?? 0,
    IDs: f.ids ?? null,
    Account: f.account ?? '',
    From: f.from ?? '',
    To: f.to ?? '',
    Hold: f.hold ?? null,
    Submitted: f.submitted ?? '',
    NextAttempt: f.nextattempt ?? '',
    Transport: f.transport ?? null,
  });
}

/** The JSON line for mox's queue.RetiredFilter. */
export function retiredFilterJson(f: FilterFlags): string {
  return JSON.stringify({
    Max: f.n ?? 0,
    IDs: f.ids ?? null,
    Account: f.account ?? '',
    From: f.from ?? '',
    To: f.to ?? '',
    Submitted: f.submitted ?? '',
    LastActivity: f.lastactivity ?? '',
    Transport: f.transport ?? null,
    Success: f.result ?? null,
  });
}

/** The JSON line for mox's queue.Sort or queue.RetiredSort (no pagination from the CLI). */
export function sortJson(s: SortFlags): string {
  return JSON.stringify({ Field: s.sort ?? '', LastID: 0, Last: null, Asc: s.asc ?? false });
}

/**
 * The duration argument of `queue schedule` and `queue webhook schedule`, as the Go duration
 * text sent over ctl. A word that looks like a flag was an unknown option (negative durations
 * such as "-30m" come here because the commands allow unknown options); a bad duration ends
 * with mox's error text.
 */
export function scheduleDurationArg(duration: string, cmd: Command): string {
  if (/^--?[A-Za-z]/.test(duration)) cmd.error(`error: unknown option '${duration}'`, { exitCode: 2, code: 'commander.unknownOption' });
  try {
    return formatDurationNs(parseDurationNs(duration));
  } catch (err) {
    if (err instanceof DurationError) fatal(`parsing duration ${JSON.stringify(duration)}: time: ${err.message}`);
    throw err;
  }
}
