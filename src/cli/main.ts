#!/usr/bin/env node
import { CommanderError } from 'commander';
import { normalizeArgv } from './argv.js';
import { route } from './frame.js';
import { buildProgram } from './program.js';

async function main(): Promise<void> {
  const program = buildProgram();
  const args = normalizeArgv(process.argv.slice(2));
  // Usage, help and unknown commands are decided up front, as Go mox does (exit code 2).
  const r = route(program, args);
  if (r.kind === 'exit') {
    if (r.stdout) process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.code;
    return;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Parse errors were printed with the command's usage; exit 2 as Go's flag package.
      process.exit(e.exitCode === 0 ? 0 : 2);
    }
    console.error(`mox: ${(e as Error).stack ?? e}`);
    process.exit(1);
  }
}

await main();
