import { Argument, type Command } from 'commander';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config/index.js';
import { parseDomain, type Domain } from '../dns/index.js';
import { domainRecords } from '../engine/index.js';
import { configPath, withCtl } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

function xparseDomain(s: string, what: string): Domain {
  try {
    return parseDomain(s);
  } catch (err) {
    fatal(`parsing ${what} ${JSON.stringify(s)}: ${(err as Error).message}`);
  }
}

/** Adds `mox config domain add|rm` (over ctl) and `mox config dnsrecords` (offline). */
export function configDomainCommands(config: Command, global: () => GlobalOptions): void {
  const domain = config.command('domain').summary('add or remove domains').description('Add or remove the domains of the running mox instance.');
  domain
    .command('add')
    .usage('[-disabled] domain account [localpart]')
    .summary('add a domain')
    .description(
      'Add a domain; the configuration is written and takes effect at once. DKIM keys are ' +
        'generated for it.\n\nThe account receives the postmaster mail of the domain and its DMARC ' +
        'and TLS reports. Localpart is the account\'s "user name" in the domain: give it only when ' +
        'the account does not exist yet (it is created then).\n\nA domain added disabled gets no ' +
        'ACME certificates and refuses incoming and outgoing messages involving it, while it can ' +
        'be configured further.',
    )
    .option('--disabled', 'disable the new domain')
    .addArgument(new Argument('<domain>', 'domain name'))
    .addArgument(new Argument('<account>', 'account name'))
    .addArgument(new Argument('[localpart]', 'localpart for a new account'))
    .action(async (name: string, account: string, localpart: string | undefined, o: { disabled?: boolean }) => {
      const d = xparseDomain(name, 'domain');
      const dn = d.unicode || d.ascii;
      await withCtl(global(), async (c) => {
        await c.call('domainadd', [o.disabled ? 'true' : 'false', dn, account, localpart ?? '']);
      });
      console.log(`domain added, remember to add dns records, see:\n\nmox config dnsrecords ${dn}\nmox config dnscheck ${dn}`);
    });
  domain
    .command('rm')
    .usage('domain')
    .summary('remove a domain')
    .description('Remove a domain; the configuration is written and takes effect at once. Dangerous: incoming mail for the domain is refused after.')
    .addArgument(new Argument('<domain>', 'domain name'))
    .action(async (name: string) => {
      const d = xparseDomain(name, 'domain');
      await withCtl(global(), async (c) => {
        await c.call('domainrm', [d.unicode || d.ascii]);
      });
      console.log(`domain removed, remember to remove dns records for ${d.unicode || d.ascii}`);
    });

  config
    .command('dnsrecords')
    .usage('domain')
    .summary('print the DNS records a domain needs')
    .description(
      'Print the DNS records to create for the domain, with comments, as a zone file. The zone ' +
        'file can be imported into DNS software. Review the records, especially when the domain ' +
        'has (had) email configured elsewhere. Works without a running mox.',
    )
    .addArgument(new Argument('<domain>', 'domain name'))
    .action(async (name: string) => {
      const d = xparseDomain(name, 'domain');
      let records: string[];
      try {
        const conf = await loadConfig(resolve(configPath(global())));
        records = await domainRecords(conf, d.unicode || d.ascii);
      } catch (err) {
        if (err instanceof ConfigError) fatal(`loading config: ${err.message}`);
        if ((err as Error).message === 'unknown domain') fatal('unknown domain');
        fatal(`records: ${(err as Error).message}`);
      }
      process.stdout.write(`${records.join('\n')}\n`);
    });
}
