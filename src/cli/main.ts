#!/usr/bin/env node
import { CommanderError } from 'commander';
import { normalizeArgv } from './argv.js';
import { buildProgram } from './program.js';

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(normalizeArgv(process.argv.slice(2)), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors exit 2, as Go's flag package.
      process.exit(e.exitCode === 0 ? 0 : 2);
    }
    console.error(`mox: ${(e as Error).stack ?? e}`);
    process.exit(1);
  }
}

await main();
