import { createInterface } from 'node:readline';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Argument } from 'commander';
import { ConfigError, parseStatic } from '../config/index.js';
import { deriveSecrets, PasswordPolicyError } from '../sasl/index.js';
import { configPath, withCtl } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

const passwordWarning = `
Type new password. Password WILL echo.

WARNING: Bots will try to bruteforce your password. Connections with failed
authentication attempts will be rate limited but attackers WILL find passwords
reused at other services and weak passwords. If your account is compromised,
spammers are likely to abuse your system, spamming your address and the wider
internet in your name. So please pick a random, unguessable password, preferably
at least 12 characters.

`;

/**
 * Reads a new password as mox does: prints its warning and "password: " on stdout, reads one
 * line from stdin (a missing final newline is fine), refuses fewer than 8 characters.
 */
export async function readPassword(): Promise<string> {
  process.stdout.write(`${passwordWarning}password: `);
  const rl = createInterface({ input: process.stdin, terminal: false });
  let line = '';
  for await (const l of rl) {
    line = l;
    break;
  }
  rl.close();
  // Go counts bytes.
  if (Buffer.byteLength(line, 'utf8') < 8) fatal('password must be at least 8 characters');
  return line;
}

/** Adds `mox setaccountpassword account` (over ctl) and `mox setadminpassword` (offline). */
export function setPasswordCommands(program: Command, global: () => GlobalOptions): void {
  program
    .command('setaccountpassword')
    .usage('account')
    .summary('set a new password for an account')
    .description(
      'Set a new password for an account. The password is read from stdin. Only secrets derived ' +
        'from it are stored in the account database, not the password itself: for ' +
        'SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5 and plain text logins (a bcrypt hash).\n\n' +
        'The parameter is an account name as configured under Accounts in domains.conf (and ' +
        'present in the data/accounts/ directory), not an email address of the account.',
    )
    .addArgument(new Argument('<account>', 'account name'))
    .action(async (account: string) => {
      const g = global();
      const pw = await readPassword();
      await withCtl(g, async (c) => {
        await c.call('setaccountpassword', [account, pw]);
      });
    });

  program
    .command('setadminpassword')
    .summary('set a new admin password for the web interface')
    .description(
      'Set a new password for the admin web interface. The password is read from stdin; its ' +
        'bcrypt hash is written to the file named by AdminPasswordFile in mox.conf ("adminpasswd" ' +
        'in the configuration directory). Works without a running mox.',
    )
    .action(async () => {
      const file = resolve(configPath(global()));
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        fatal(`reading config file ${file}: ${(err as Error).message}`);
      }
      let pwFile: string;
      try {
        pwFile = parseStatic(text, file).AdminPasswordFile ?? '';
      } catch (err) {
        if (err instanceof ConfigError) fatal(`parsing config file: ${err.message}`);
        throw err;
      }
      if (!pwFile) fatal('no admin password file configured');
      const path = resolve(dirname(file), pwFile);
      const pw = await readPassword();
      let hash: string;
      try {
        hash = (await deriveSecrets(pw)).bcrypt;
      } catch (err) {
        if (err instanceof PasswordPolicyError) fatal(`checking password with "precis" requirements: ${err.message}`);
        throw err;
      }
      try {
        await writeFile(path, hash, { mode: 0o660 });
      } catch (err) {
        fatal(`writing hash to admin password file: ${(err as Error).message}`);
      }
    });
}
