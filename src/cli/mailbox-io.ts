import { resolve } from 'node:path';
import { Argument, type Command } from 'commander';
import { exportMailboxes } from '../store/index.js';
import { withCtl } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

const importHelp = (kind: string) =>
  `Import ${kind === 'maildir' ? 'a maildir' : 'an mbox file'} into a mailbox of an account.\n\n` +
  (kind === 'mbox' ? 'Maildir is the better defined format; prefer it over mbox.\n\n' : '') +
  'The running mox reads the archive itself, so it must have access to the files: the suggested ' +
  'systemd service only lets mox see its "data/" directory, so put the archive somewhere like ' +
  '"data/import/". The mailbox is created when it does not exist.\n\n' +
  'Messages are always added, also when they are already present: importing twice gives ' +
  'duplicates. ' +
  (kind === 'maildir'
    ? 'Flags in the file names ("seen", "answered", ...) are imported; a dovecot-keywords file ' +
      'in the maildir can name more, like Forwarded, Junk or NotJunk.'
    : 'Flags in Status, X-Status and X-Keywords headers are imported.');

const exportHelp = (kind: string) =>
  `Export one or all mailboxes of an account in ${kind} format.\n\n` +
  (kind === 'mbox' ? 'Maildir is the better format; prefer it over mbox.\n\n' : '') +
  'Export does not go through a running mox: it opens the account database file directly. To ' +
  'export from a running instance, use the account web pages or webmail.' +
  (kind === 'mbox'
    ? '\n\nThe mbox files are "mboxrd": every message line that starts with "From " after any ' +
      'number of ">" gets one more ">", so the original can always be recovered.'
    : '');

/** Adds `mox import maildir|mbox` (over ctl) and `mox export maildir|mbox` (offline). */
export function mailboxIoCommands(program: Command, global: () => GlobalOptions): void {
  const imp = program.command('import').summary('import a maildir or mbox into an account (through the running mox)');
  for (const kind of ['maildir', 'mbox'] as const) {
    imp
      .command(kind)
      .usage(`accountname mailboxname ${kind}`)
      .summary(`import ${kind === 'maildir' ? 'a maildir' : 'an mbox'} into an account`)
      .description(importHelp(kind))
      .addArgument(new Argument('<accountname>'))
      .addArgument(new Argument('<mailboxname>'))
      .addArgument(new Argument(`<${kind}>`))
      .action(async (account: string, mailbox: string, src: string) => {
        await withCtl(global(), async (c) => {
          // Deviation (mox sends the path as given): made absolute, the server's working directory differs.
          await c.call(kind === 'mbox' ? 'importmbox' : 'importmaildir', [account, mailbox.toLowerCase() === 'inbox' ? 'Inbox' : mailbox, resolve(src)]);
          console.error('importing...');
          for (;;) {
            const line = await c.readLine();
            if (line.startsWith('progress ')) {
              console.error(`${line.slice('progress '.length)}...`);
              continue;
            }
            if (line !== 'ok') fatal(`import, expected ok, got ${JSON.stringify(line)}`);
            break;
          }
          const count = await c.readLine();
          console.error(`${count} imported`);
        });
      });
  }

  const exp = program.command('export').summary('export mailboxes of an account as maildir or mbox (offline)');
  for (const kind of ['maildir', 'mbox'] as const) {
    exp
      .command(kind)
      .usage('[-single] dst-dir account-path [mailbox]')
      .summary(`export mailboxes of an account in ${kind} format`)
      .description(exportHelp(kind))
      .option('--single', "export single mailbox, without any children. disabled if mailbox isn't specified.")
      .addArgument(new Argument('<dst-dir>'))
      .addArgument(new Argument('<account-path>'))
      .addArgument(new Argument('[mailbox]'))
      .action(async (dst: string, accountDir: string, mailbox: string | undefined, o: { single?: boolean }) => {
        let r;
        try {
          r = await exportMailboxes({ accountDir, dst, format: kind, ...(mailbox !== undefined ? { mailbox, single: o.single ?? false } : {}) });
        } catch (e) {
          fatal(`exporting messages: ${(e as Error).message}`);
        }
        for (const e of r.errors) console.error(`mox: ${e}`);
      });
  }
}
