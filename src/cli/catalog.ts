// The command list of Go mox's command reference (its doc.go), in its order: the words of
// each command, its parameters as shown in usage lines, and a help text in our own words.
// Commands we implement take their help from their commander definition; the text here is
// the fallback and what `mox help` shows for commands this version does not implement.

/** One command of the reference. */
export interface CatalogEntry {
  /** Command words, e.g. `queue list`. */
  readonly words: string;
  /** Parameters after the words in usage lines; `\n` separates alternative lines. */
  readonly params: string;
  /** Help text: the first line is the synopsis, the rest is shown in full help only. */
  readonly help: string;
}

function e(words: string, params: string, help: string): CatalogEntry {
  return Object.freeze({ words, params, help });
}

/** Every command of Go mox's command reference, in its usage order. */
export const catalog: readonly CatalogEntry[] = Object.freeze([
  e('serve', '', 'Start mox and serve SMTP, IMAP and HTTPS.\n\nMail arrives over SMTP, users read it over IMAP, and HTTP listeners serve the admin and account web interfaces and automatic TLS setup. Essential TLS certificates are requested at startup, others on first use. Unix systems only.'),
  e('quickstart', '[-skipdial] [-existing-webserver] [-hostname host] user@domain [user | uid]', 'Write config files and print the steps to set up a new mox instance quickly.\n\nWrites mox.conf and domains.conf, prints the first admin and account passwords and the DNS records to create, and on Linux a systemd service file. The optional user or uid (default "mox") is who mox runs as after startup. Use -hostname when the machine\'s host name is not a fully qualified domain name, and -existing-webserver when another web server already listens on ports 80 and 443.'),
  e('stop', '', 'Shut the running mox down, giving open connections at most 3 seconds before they are closed.'),
  e('setaccountpassword', 'account', 'Set a new password for an account.\n\nThe password is read from the terminal (twice) and stored as hashes for each supported authentication mechanism.'),
  e('setadminpassword', '', 'Set a new password for the admin web interface.\n\nThe password is read from the terminal and stored hashed in the file named by AdminPasswordFile in mox.conf.'),
  e('loglevels', '[level [pkg]]', 'Print the log levels, or set the default log level, or the level of one package.\n\nChanges last until mox restarts. Levels: error, info, debug, trace, traceauth, tracedata.'),
  e('queue holdrules list', '', 'List the hold rules of the delivery queue.'),
  e('queue holdrules add', '[ruleflags]', 'Add a hold rule to the delivery queue.'),
  e('queue holdrules remove', 'ruleid', 'Remove a hold rule from the delivery queue.'),
  e('queue list', '[filtersortflags]', 'List the messages in the delivery queue that match the filters.'),
  e('queue hold', '[filterflags]', 'Put the matching messages in the delivery queue on hold.'),
  e('queue unhold', '[filterflags]', 'Take the matching messages in the delivery queue off hold.'),
  e('queue schedule', '[filterflags] [-now] duration', 'Change the next delivery attempt of the matching messages.'),
  e('queue transport', '[filterflags] transport', 'Set the transport for the matching messages.'),
  e('queue requiretls', '[filterflags] {yes | no | default}', 'Set the TLS requirements for delivery of the matching messages.'),
  e('queue fail', '[filterflags]', 'Fail delivery of the matching messages, sending DSNs.'),
  e('queue drop', '[filterflags]', 'Remove the matching messages from the queue, without DSNs.'),
  e('queue dump', 'id', 'Print a message from the queue.'),
  e('queue retired list', '[filtersortflags]', 'List the matching messages in the retired queue.'),
  e('queue retired print', 'id', 'Print a message from the retired queue.'),
  e('queue suppress list', '[-account account]', 'Print the addresses in the suppression lists.'),
  e('queue suppress add', 'account address', 'Add an address to the suppression list of an account.'),
  e('queue suppress remove', 'account address', 'Remove an address from the suppression list of an account.'),
  e('queue suppress lookup', '[-account account] address', 'Check whether an address is on a suppression list, of any or one account.'),
  e('queue webhook list', '[filtersortflags]', 'List the matching webhooks in the queue.'),
  e('queue webhook schedule', '[filterflags] duration', 'Change the next delivery attempt of the matching webhooks.'),
  e('queue webhook cancel', '[filterflags]', 'Cancel delivery of the matching webhooks.'),
  e('queue webhook print', 'id', 'Print a webhook from the queue.'),
  e('queue webhook retired list', '[filtersortflags]', 'List the matching webhooks in the retired queue.'),
  e('queue webhook retired print', 'id', 'Print a webhook from the retired queue.'),
  e('import maildir', 'accountname mailboxname maildir', 'Import a maildir into a mailbox of an account.\n\nThe mailbox is created if needed. Maildir flags and dovecot keywords become message flags and keywords. The running mox does the import, so the files must be readable by it.'),
  e('import mbox', 'accountname mailboxname mbox', 'Import an mbox file into a mailbox of an account.\n\nThe mailbox is created if needed. The running mox does the import, so the file must be readable by it.'),
  e('export maildir', '[-single] dst-dir account-path [mailbox]', 'Export one or all mailboxes of an account in maildir format.\n\nReads the account directory directly; works while mox runs. With -single, only the named mailbox is exported, not its children.'),
  e('export mbox', '[-single] dst-dir account-path [mailbox]', 'Export one or all mailboxes of an account in mbox format (mboxrd escaping).\n\nReads the account directory directly; works while mox runs. With -single, only the named mailbox is exported, not its children.'),
  e('localserve', '', 'Start a local test mail server that accepts all messages, for developing and testing software that sends email.'),
  e('help', '[command ...]', 'Print help about the matching commands.\n\nWhen several commands match, each is listed with the first line of its help. When one command matches, its usage, flags and full help are printed.'),
  e('backup', 'dest-dir', 'Make a consistent backup of the data directory while mox runs.\n\nDatabases are copied in a transaction, message files are hard-linked when possible. Check the result with "mox verifydata".'),
  e('verifydata', 'data-dir', 'Check the contents of a data directory, typically a backup.\n\nDatabases are opened and checked, and message files compared with the database. Nothing is changed.'),
  e('licenses', '', 'Print the licenses of the mox source code and its dependencies.'),
  e('config test', '', 'Parse and check the config files.\n\nExits with status 0 when they are valid. Otherwise every error found is printed, with file and line, and the exit status is 1.'),
  e('config dnscheck', 'domain', 'Check the DNS records of a domain against the config, and print errors and warnings.'),
  e('config dnsrecords', 'domain', 'Print the DNS records to create for a domain, as an annotated zone file.'),
  e('config describe-domains', '>domains.conf', 'Print an annotated empty config, to start a domains.conf from.\n\ndomains.conf holds the domains and accounts with their addresses. The admin web interface and the command line change it, and mox reloads it automatically when it changes. The printed file needs edits before it is valid.'),
  e('config describe-static', '>mox.conf', 'Print an annotated empty config, to start a mox.conf from.\n\nmox.conf is only read at startup: mox must be restarted for changes to take effect. The printed file needs edits before it is valid, for example to finish list items.'),
  e('config account add', 'account address', 'Add an account with one address, and reload the configuration.'),
  e('config account rm', 'account', 'Remove an account, and reload the configuration.'),
  e('config address add', 'address account', 'Add an address to an account, and reload the configuration.'),
  e('config address rm', 'address', 'Remove an address, and reload the configuration.'),
  e('config domain add', 'domain account [localpart]', 'Add a domain, and reload the configuration.'),
  e('config domain rm', 'domain', 'Remove a domain, and reload the configuration.'),
  e('config tlspubkey list', '[account]', 'List the TLS public keys for client certificate authentication.'),
  e('config tlspubkey get', 'fingerprint', 'Print the TLS public key with a fingerprint.'),
  e('config tlspubkey add', 'address [name] < cert.pem', 'Add a TLS public key to the account of an address.'),
  e('config tlspubkey rm', 'fingerprint', 'Remove the TLS public key with a fingerprint.'),
  e('config tlspubkey gen', 'stem', 'Generate an ed25519 private key and a minimal certificate for it, written to files starting with stem.'),
  e('config alias list', 'domain', 'List the aliases (lists) of a domain.'),
  e('config alias print', 'alias', 'Print the settings and members of an alias (list).'),
  e('config alias add', 'alias@domain rcpt1@domain ...', 'Add an alias (list) with one or more members, open for posting by anyone.'),
  e('config alias update', 'alias@domain [-postpublic false|true -listmembers false|true -allowmsgfrom false|true]', 'Change the settings of an alias (list).'),
  e('config alias rm', 'alias@domain', 'Remove an alias (list).'),
  e('config alias addaddr', 'alias@domain rcpt1@domain ...', 'Add members to an alias (list).'),
  e('config alias rmaddr', 'alias@domain rcpt1@domain ...', 'Remove members from an alias (list).'),
  e('config describe-sendmail', '>/etc/moxsubmit.conf', 'Print an annotated empty config for mox when run as sendmail.'),
  e('config printservice', '>mox.service', 'Print a systemd service file for mox.\n\nIt is the file quickstart writes, with the current directory as the mox home directory. Use it to update the service file after upgrading mox.'),
  e('config ensureacmehostprivatekeys', '', 'Make sure host private keys exist for TLS listeners that use ACME.\n\nWith host private keys, DANE TLSA records can be published before the certificates are requested.'),
  e('config example', '[name]', 'List the config examples, or print one.'),
  e('checkupdate', '', 'Check whether a newer version of mox is available.\n\nLooks up the latest version in DNS (a TXT record at _updates.xmox.nl) and prints the changelog since this version.'),
  e('cid', 'cid', 'Turn the ID in a Received header into a cid, to look up in the logs.\n\nA cid is a connection counter that starts when mox starts; every log line has one. Received headers added by mox hold an encrypted ID that only the admin of the instance can turn back into the cid, with the key in the data directory.'),
  e('clientconfig', 'domain', 'Print the settings for email clients for a domain.\n\nEmail is submitted on ports 465 (TLS) and 587 (STARTTLS), not on port 25; IMAP uses port 993 (TLS) or 143. Without TLS, passwords go over the network in clear text: only configure that on otherwise secured connections, like a VPN.'),
  e('dane dial', 'host:port', 'Connect to an address with TLS, verifying the certificate with DANE.'),
  e('dane dialmx', 'domain [destination-host]', 'Connect to an MX host of a domain with STARTTLS, verified with DANE.'),
  e('dane makerecord', 'usage selector matchtype [certificate.pem | publickey.pem | privatekey.pem]', 'Print a TLSA record for a certificate or key and the given parameters.'),
  e('dns lookup', '[ptr | mx | cname | ips | a | aaaa | ns | txt | srv | tlsa] name', 'Look up a DNS name of a record type.'),
  e('dkim gened25519', '>$selector._domainkey.$domain.ed25519.privatekey.pkcs8.pem', 'Generate a new ed25519 key for DKIM.'),
  e('dkim genrsa', '>$selector._domainkey.$domain.rsa2048.privatekey.pkcs8.pem', 'Generate a new 2048 bit RSA key for DKIM.'),
  e('dkim lookup', 'selector domain', 'Look up and print the DKIM record of a selector at a domain.'),
  e('dkim txt', '<$selector._domainkey.$domain.key.pkcs8.pem', 'Print the DKIM DNS TXT record for the private key read from stdin.'),
  e('dkim verify', 'message', 'Verify the DKIM signatures of a message and print the results.'),
  e('dkim sign', 'message', 'Sign a message with DKIM-Signature headers for the domain in its From header.'),
  e('dmarc lookup', 'domain', 'Look up, check and print the DMARC policy of a domain (TXT record at _dmarc.<domain>).'),
  e('dmarc parsereportmsg', 'message ...', 'Parse the DMARC report in an email message, and print its details.'),
  e('dmarc verify', 'remoteip mailfromaddress helodomain < message', 'Evaluate a message against the DMARC policy of the domain in its From header.'),
  e('dmarc checkreportaddrs', 'domain', 'Check that each reporting address in the DMARC record of a domain agreed to receive reports, where that is needed.'),
  e('dnsbl check', 'zone ip', 'Check whether an IP is listed in the DNS blocklist of a zone, e.g. bl.spamcop.net.'),
  e('dnsbl checkhealth', 'zone', 'Check the health of the DNS blocklist of a zone, e.g. bl.spamcop.net.'),
  e('mtasts lookup', 'domain', 'Look up the MTA-STS record and policy of a domain.'),
  e('retrain', '[accountname]', 'Rebuild and retrain the junk filter of one or all accounts.'),
  e('sendmail', '[-Fname] [ignoredflags] [-t] [<message]', 'A replacement for /usr/sbin/sendmail, so processes like cron can send email.\n\nMessages are submitted over SMTP to the server configured in /etc/moxsubmit.conf (see "mox config describe-sendmail"), with the From header set to the configured address.'),
  e('spf check', 'domain ip', 'Evaluate the SPF policy in DNS of a domain for an IP.'),
  e('spf lookup', 'domain', 'Look up and print the SPF record of a domain.'),
  e('spf parse', 'txtrecord', 'Parse a text as SPF record. Nothing is printed when it is valid.'),
  e('tlsrpt lookup', 'domain', 'Look up the TLSRPT record of a domain.'),
  e('tlsrpt parsereportmsg', 'message ...', 'Parse and print the TLS report in an email message.'),
  e('version', '', 'Print the version of mox.'),
  e('webapi', '[method [baseurl-with-credentials]', 'List the webapi methods, print the request and response of one, or call one with a request read from stdin.'),
  e('example', '[name]', 'List the examples, or print one.'),
  e('bumpuidvalidity', 'account [mailbox]', 'Change the IMAP UIDVALIDITY of a mailbox, so IMAP clients fetch its messages again.'),
  e('reassignuids', 'account [mailboxid]', 'Give new UIDs to the messages of one or all mailboxes of an account and change UIDVALIDITY, so IMAP clients fetch them again.'),
  e('fixuidmeta', 'account', 'Repair UIDVALIDITY and UIDNEXT values that do not agree between messages, mailboxes and account.'),
  e('fixmsgsize', '[account]', 'Make the message sizes in the database equal to the prefix length plus the size of the message file.'),
  e('reparse', '[account]', 'Parse all messages of one or all accounts again.'),
  e('ensureparsed', 'account', 'Make sure every message in the database has its parsed MIME form stored.'),
  e('recalculatemailboxcounts', 'account', 'Count the messages of every mailbox of an account again, and the total size for the quota.'),
  e('message parse', 'message.eml', 'Parse a message and print it as JSON.'),
  e('reassignthreads', '[account]', 'Assign messages to threads again.'),
]);

/** The synopsis of a help text: its first line. */
export function synopsis(help: string): string {
  return help.split('\n')[0] ?? '';
}
