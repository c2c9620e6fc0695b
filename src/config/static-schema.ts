// mox.conf, the static config: read once at startup. Mirrors Go mox v0.0.15 config.Static,
// key for key and in the same order (the order of keys in written files).

import { listener } from './listener-schema.js';
import { bool, duration, file, int, list, map, string, struct, type Infer, type Resolved } from './schema.js';

/** The comment at the top of mox.conf and domains.conf. */
export const fileHeader = `NOTE: This file uses the 'sconf' format. Indent with tabs only. A comment goes on a
  line of its own, never after a value. Strings are written as they are, without quotes or
  escapes. Format details: https://pkg.go.dev/github.com/mjl-/sconf.`;

/** Log levels mox accepts for LogLevel and PackageLogLevels. */
export const logLevels: readonly string[] = Object.freeze(['tracedata', 'traceauth', 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'print']);

const acme = struct({
  DirectoryURL: string('ACME directory URL. For Let\'s Encrypt: https://acme-v02.api.letsencrypt.org/directory.'),
  RenewBefore: duration('How long before a certificate expires to renew it. Default 30 days.')
    .optionalKey()
    .withDefault(30 * 24 * 3600 * 1000),
  ContactEmail: string(`Email address registered with the ACME provider, which may use it to warn
    about expiring certificates. If email for this address is delivered by this very server,
    remember that a broken TLS setup may also stop those warnings from arriving.`),
  Port: int(`TLS port for ACME validation, 443 by default. Change it only when mox cannot listen
    on 443 itself: the ACME provider still connects to 443, so something outside mox (e.g.
    firewall port forwarding) must pass the TLS connection through unchanged. Validation uses
    tls-alpn-01 (application-layer protocol negotiation), so an HTTPS reverse proxy in front
    will not work.`, { min: 0, max: 65535 })
    .optionalKey()
    .withDefault(443),
  IssuerDomainName: string(`Used in suggested CAA DNS records, which limit which Certificate
    Authority may issue certificates for the domain. When empty and DirectoryURL is Let's
    Encrypt's, letsencrypt.org is used.`).optionalKey(),
  ExternalAccountBinding: struct(
    {
      KeyID: string('Key identifier, as given by the ACME provider.'),
      KeyFile: string(`File with the base64url-encoded key that signs account requests with
        external account binding; the provider checks the signature. Relative paths are
        relative to the directory of mox.conf.`),
    },
    `Some ACME providers only accept a new ACME account when it refers to an existing account
    with the provider (not an ACME account). External account binding names that account by
    key id, and proves the request is authorized by signing it with a key that both sides
    know.`,
  ).nilableKey(),
});

const smtpAuth = struct({
  Username: string(),
  Password: string(),
  Mechanisms: list(string())
    .optionalKey()
    .withDoc(`Authentication mechanisms that may be used. Default: SCRAM-SHA-256-PLUS,
      SCRAM-SHA-256, SCRAM-SHA-1-PLUS, SCRAM-SHA-1, CRAM-MD5. PLAIN is never used unless listed.
      List the strongest mechanism the server is known to support, to prevent downgrade
      attacks.`)
    .withDefault(['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1', 'CRAM-MD5']),
});

function transportSMTP(defaultPort: number, doc: string) {
  return struct(
    {
      Host: string('Host name to connect to; its TLS certificate is verified against it.'),
      Port: int(`Port to connect to. When 0 or absent: 25 for SMTP, 465 for submissions (implicit
        TLS), 587 for submission (usually with STARTTLS).`, { min: 0, max: 65535 })
        .optionalKey()
        .withDefault(defaultPort),
      STARTTLSInsecureSkipVerify: bool('Accept a TLS certificate that cannot be verified during STARTTLS.').optionalKey(),
      NoSTARTTLS: bool(`For submission and smtp: do not try STARTTLS, so credentials and messages
        travel unencrypted.`).optionalKey(),
      Auth: smtpAuth.nilableKey().withDoc('Credentials to log in to the remote server.'),
    },
    doc,
  ).nilableKey();
}

const transport = struct({
  Submissions: transportSMTP(465, 'Submit to a remote queue with SMTP submission over implicit TLS.'),
  Submission: transportSMTP(587, `Submit to a remote queue with SMTP submission over plain TCP,
    possibly upgraded with STARTTLS.`),
  SMTP: transportSMTP(25, `Relay to a remote queue with SMTP over plain TCP (possibly STARTTLS),
    typically the classic unauthenticated relaying.`),
  Socks: struct(
    {
      Address: string('Address of the SOCKS proxy, as host:port or ip:port.'),
      RemoteIPs: list(string(), `IPs that the SOCKS proxy's outgoing connections come from. Add them
        to the SPF record (mind the DNS TTL when adding a proxy), and give them reverse DNS that
        resolves to RemoteHostname. Usually the IPv4 and IPv6 address of the Address host.`),
      RemoteHostname: string(`Host name of RemoteIPs, used in the SMTP EHLO. Usually the host name
        of the Address host.`),
    },
    'Direct delivery as usual, but connecting through a SOCKS proxy.',
  ).nilableKey(),
  Direct: struct(
    {
      DisableIPv4: bool('Never use IPv4 for outgoing SMTP connections to remote servers.').optionalKey(),
      DisableIPv6: bool('Never use IPv6 for outgoing SMTP connections to remote servers.').optionalKey(),
    },
    'Direct delivery as usual, with settings for the outgoing connections.',
  ).nilableKey(),
});

const specialUseMailboxes = struct({
  Sent: string().optionalKey(),
  Archive: string().optionalKey(),
  Trash: string().optionalKey(),
  Draft: string().optionalKey(),
  Junk: string().optionalKey(),
});

/** mox.conf: the static config. */
export const staticSchema = file('mox.conf', fileHeader, {
  DataDir: string(`Directory for all data: queue, accounts with their messages, ACME TLS keys and
    certificates. A relative path is relative to the directory of mox.conf.`),
  LogLevel: string(`Default log level: error, info, debug, trace, traceauth or tracedata. trace
    logs SMTP and IMAP protocol transcripts; traceauth adds the lines with passwords;
    tracedata also adds the bulk data (whole messages), which can be a lot.`),
  PackageLogLevels: map(string())
    .optionalKey()
    .withDoc(`Per-package log levels that take precedence over LogLevel. Package names include
      queue, smtpclient, smtpserver, imapserver, spf, dkim, dmarc, dmarcdb, autotls, junk, mtasts
      and tlsrpt.`),
  User: string(`User to run as after binding all sockets as root. Default: mox. A value that is
    not a known user name is read as a number and used as both uid and gid.`)
    .optionalKey()
    .withDefault('mox'),
  NoFixPermissions: bool(`Do not fix file permissions at startup. Normally mox makes sure the
    owner and permissions of the working, data and config directories and their files, and of
    the mox binary if present, are sensible.`).optionalKey(),
  Hostname: string('Fully qualified host name of this machine, e.g. mail.<domain>'),
  CheckUpdates: bool(`Look for new releases with one DNS TXT lookup of _updates.xmox.nl each 24
    hours. When a new release shows up, its changelog is fetched from
    https://updates.xmox.nl/changelog and delivered to the postmaster mailbox.`).optionalKey(),
  Pedantic: bool(`Pedantic mode: protocol violations in SMTP, IMAP, etc. that real-world software
    commits are errors instead of being tolerated.`).optionalKey(),
  TLS: struct(
    {
      CA: struct({
        AdditionalToSystem: bool().optionalKey(),
        CertFiles: list(string()).optionalKey(),
      }).nilableKey(),
    },
    `Global TLS settings, such as extra Certificate Authorities, for outgoing SMTP connections
    and HTTPS requests.`,
  ).optionalKey(),
  ACME: map(acme)
    .optionalKey()
    .withDoc(`Automatic TLS certificates with ACME, e.g. from Let's Encrypt. The key is a name that
      listener TLS configs refer to, e.g. letsencrypt.`),
  AdminPasswordFile: string(`File with the hash of the admin password, for logging in to the web
    admin interface (when enabled).`).optionalKey(),
  Listeners: map(listener, `Listeners: groups of IPs with the services enabled on them, like
    SMTP/IMAP, or internal endpoints for administration and Prometheus metrics. Every listener
    with SMTP/IMAP serves all configured domains. A listener named 'public' gets extra
    configuration checks: for ACME certificates, and for monitoring its IPs in DNSBLs when
    those are configured.`),
  Postmaster: struct(
    {
      Account: string(),
      Mailbox: string('E.g. Postmaster or Inbox.'),
    },
    `Where postmaster email goes: the plain address 'postmaster' without domain,
    'postmaster@<hostname>' (also for the host name of each listener with SMTP), and each
    domain that has no postmaster destination of its own.`,
  ),
  HostTLSRPT: struct(
    {
      Account: string('Account that receives TLS reports; usually the postmaster account.'),
      Mailbox: string('Mailbox that receives TLS reports. Suggested: TLSRPT.'),
      Localpart: string('Localpart at the host name where TLS reports are accepted. Suggested: tlsreports.'),
    },
    `Where TLS reports (TLSRPT, RFC 8460) about this host go. Reports are either per recipient
    domain (for MTA-STS) or per MX host (for DANE); this is the per-host one, per-domain ones
    are set in domains.conf. When absent, no host TLSRPT address exists and no host TLSRPT DNS
    record is suggested.`,
  ).optionalKey(),
  InitialMailboxes: struct(
    {
      SpecialUse: specialUseMailboxes.optionalKey().withDoc('Mailboxes with a special-use role to create.'),
      Regular: list(string()).optionalKey().withDoc('Ordinary mailboxes, without special-use role, to create.'),
    },
    `Mailboxes created for each new account; Inbox always is. Special-use roles are understood by
    most email applications. When absent or empty: Sent, Archive, Trash, Drafts and Junk are
    created.`,
  ).optionalKey(),
  DefaultMailboxes: list(string())
    .optionalKey()
    .withDoc(`Deprecated, use InitialMailboxes. Mailboxes created for a new account; Inbox always
      is. When empty: Sent, Archive, Trash, Drafts and Junk.`),
  Transports: map(transport)
    .optionalKey()
    .withDoc(`Transports: ways to deliver messages, which Routes in accounts, domains and the global
      config refer to. Without any, delivery is direct SMTP from the queue (always available as
      fallback). Usually only needed for smarthosts, delivering through another SMTP server. A
      transport sets at most one method. When a third party sends for your domain, their IPs
      may need to be in the domain's SPF record, and their DKIM keys in DNS.`),
  NoOutgoingDMARCReports: bool(`Do not send DMARC aggregate reports. Normally they are sent to
    domains whose DMARC policy asks for them, at whole hours: between 1 and 24 hours apart,
    rounded so whole intervals fill a day, aligned to UTC days. They are sent from
    postmaster@<mailhostname>.`).optionalKey(),
  NoOutgoingTLSReports: bool(`Do not send TLS reports. Normally, daily reports covering a UTC day
    about failed SMTP STARTTLS connections and related MTA-STS/DANE policies go to domains whose
    TLSRPT record asks for them, from the postmaster address of the configured domain of the
    mail host name. Without such a domain, or without DKIM for it, none are sent.`).optionalKey(),
  OutgoingTLSReportsForAllSuccess: bool(`Send TLS reports also when all SMTP STARTTLS connections
    succeeded. Normally a report is only sent after at least one failure; a report always
    includes the counts of successful connections.`).optionalKey(),
  QuotaMessageSize: int(`Default limit on the total size of an account's messages, in bytes;
    only when above zero. Accounts can override it. Adding a message beyond the limit fails.
    Keeps one account from filling the disk. Only message files count, not file system
    overhead nor the index database (roughly 15% extra).`).optionalKey(),
});

/** mox.conf as written in the file. */
export type Static = Infer<typeof staticSchema.root>;
/** mox.conf after defaults and path resolution, as {@link loadConfig} returns it. */
export type ResolvedStatic = Resolved<typeof staticSchema.root>;
/** One listener in mox.conf, after defaults. */
export type Listener = ResolvedStatic['Listeners'][string];
