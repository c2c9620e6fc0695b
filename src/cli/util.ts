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
