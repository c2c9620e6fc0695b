import type { Command } from 'commander';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  config?: string;
  pedantic?: boolean;
  loglevel?: string;
}

/** Prints "mox: <msg>" to stderr and exits 1, as Go's log.Fatal. */
export function fatal(msg: string): never {
  console.error(`mox: ${msg}`);
  process.exit(1);
}

/**
 * Returns the group command `name` of `parent` (e.g. `config`), creating it when no other
 * file registered it yet, so several files can add commands to one group.
 */
export function ensureGroup(parent: Command, name: string, summary: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).summary(summary);
}
