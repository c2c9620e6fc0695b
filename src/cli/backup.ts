import { resolve } from 'node:path';
import { Argument, type Command } from 'commander';
import { verifyDataDir } from '../store/index.js';
import { streamToStdout, withCtl } from './ctl.js';
import { packageVersion } from './version.js';
import { fatal, type GlobalOptions } from './util.js';

/** Adds `mox backup` (through the running mox, over ctl) and `mox verifydata` (offline). */
export function backupCommands(program: Command, global: () => GlobalOptions): void {
  program
    .command('backup')
    .usage('[-verbose] dest-dir')
    .summary('create a backup of the data directory')
    .description(
      'Create a backup of the data directory (and the config directory), made by the running ' +
        'mox. Database files get consistent snapshots; simply copying them while mox runs can ' +
        'give unusable files. Message files never change (they can only be removed), so they are ' +
        'hard-linked and take no extra space; when linking fails, e.g. across file systems, they ' +
        'are copied. A destination like "data/tmp/backup" makes linking more likely to work.\n\n' +
        'Files in the data directory that mox does not recognise are backed up too, with a ' +
        'warning. Existing files in the destination are never overwritten: empty it before the ' +
        'next backup.\n\n' +
        'Exit code 0 means the backup succeeded. A clean backup prints nothing (warnings aside); ' +
        'use -verbose for details and timing.\n\n' +
        'To restore: stop mox, move the old data directory away, put the backed up one in its ' +
        'place, run "mox verifydata" (possibly with -fix) and start mox again. Before an upgrade, ' +
        'run "mox verifydata" of the new version on a fresh backup to see whether the upgrade ' +
        'will likely work; it may change the backup, so make a new one before upgrading.',
    )
    .option('--verbose', 'print progress')
    .addArgument(new Argument('<dest-dir>'))
    .action(async (dst: string, o: { verbose?: boolean }) => {
      await withCtl(global(), async (c) => {
        await c.writeLine('backup');
        await c.writeLine(resolve(dst));
        await c.writeLine(o.verbose ? 'verbose' : '');
        await streamToStdout(c);
        const line = await c.readLine();
        if (line !== 'ok') fatal(line);
      });
    });

  program
    .command('verifydata')
    .usage('[-fix] [-skip-size-check] data-dir')
    .summary('verify the contents of a data directory, typically of a backup')
    .description(
      'Check a data directory, typically a backup: every database file opens and passes an ' +
        'integrity check, every message in a database has its message file (of the right size), ' +
        'and message directories hold no unrecognised files. With -fix, unrecognised message ' +
        'files are moved away (to "moved/" in the data directory); after a restore they could ' +
        'clash with the files of messages delivered later. The UIDs and modification sequences ' +
        'of messages are checked against their mailboxes too.\n\n' +
        'Opening the databases may upgrade their schema when this mox is newer than the one that ' +
        'wrote them: run it on a copy made with "mox backup", and make a new backup before the ' +
        'actual upgrade.',
    )
    .option('--fix', 'fix fixable problems, such as moving away message files not referenced by their database')
    .option('--skip-size-check', 'skip the check for message size')
    .addArgument(new Argument('<data-dir>'))
    .action(async (dataDir: string, o: { fix?: boolean; skipSizeCheck?: boolean }) => {
      const r = await verifyDataDir({ dataDir, fix: o.fix ?? false, skipSizeCheck: o.skipSizeCheck ?? false, output: (l) => console.error(`mox: ${l}`) });
      const version = packageVersion();
      if (r.moxversion !== undefined && r.moxversion !== version) {
        console.error(
          `mox: NOTE: The backup was made with mox version ${JSON.stringify(r.moxversion)}, while verifydata was run with mox version ${JSON.stringify(version)}. Database files have probably been modified by running mox verifydata. Make a fresh backup before upgrading.`,
        );
      }
      if (!r.ok) fatal('errors were found');
      console.log(`${dataDir}: OK`);
    });
}
