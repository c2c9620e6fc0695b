import { Argument, type Command } from 'commander';
import { parseSpfRecord } from '../spf/index.js';
import { fatal } from './util.js';

/** Adds `mox spf parse`. */
export function spfCommand(program: Command): void {
  const spf = program.command('spf').summary('SPF records');
  spf
    .command('parse')
    .usage('txtrecord')
    .summary('parse the record as SPF record; if valid, nothing is printed')
    .description('Parse the text as an SPF record. A valid record prints nothing; an invalid one prints the error and exits 1.')
    .addArgument(new Argument('<txtrecord>'))
    .action((txt: string) => {
      let r;
      try {
        r = parseSpfRecord(txt);
      } catch (e) {
        fatal(`parsing record: ${(e as Error).message}`);
      }
      if (!r.isSpf) fatal('parsing record: expected "v=spf1"');
    });
}
