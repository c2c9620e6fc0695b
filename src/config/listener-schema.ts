// mox.conf `Listeners.<name>`: IPs and the services (SMTP, IMAP, HTTP interfaces) on them,
// and the TLS settings they use. Mirrors Go mox v0.0.15 config.Listener, key for key.

import { bool, duration, int, list, string, struct } from './schema.js';

const port = (doc: string) => int(doc, { min: 0, max: 65535 }).optionalKey();

/** Default maximum message size, 100 MiB (mox config.DefaultMaxMsgSize). */
export const defaultMaxMsgSize = 100 * 1024 * 1024;

/** One certificate with its private key, both PEM files. */
export const keyCert = struct({
  CertFile: string('PEM file with the certificate, followed by any intermediate CA certificates.'),
  KeyFile: string(`PEM file with the private key for the certificate. PKCS#8 is preferred; PKCS#1
    and EC private keys also work.`),
});

/** TLS settings of a listener: ACME or static key/cert pairs, minimum version. */
export const tlsConfig = struct({
  ACME: string(`Name of an ACME provider from the top-level ACME section to get certificates
    from, e.g. letsencrypt.`).optionalKey(),
  KeyCerts: list(keyCert).optionalKey().withDoc(`Certificates with private keys for this listener.
    The privileged root process opens the files and hands them to the unprivileged mox
    process, so the files need no special permissions. When a private key stays the same
    across certificate renewals, consider also listing it in HostPrivateKeyFiles and
    publishing DANE TLSA records.`),
  MinVersion: string('Lowest TLS version accepted. Default: TLSv1.2.').optionalKey().withDefault('TLSv1.2'),
  HostPrivateKeyFiles: list(string()).optionalKey().withDoc(`Private keys to use for ACME
    certificates, listed explicitly so DANE TLSA records can be published before any
    certificate is requested. DANE authenticates a server's TLS certificate through a key or
    certificate published in DNSSEC-signed DNS, and is tried opportunistically for SMTP with
    STARTTLS. Files are PEM; PKCS#8 is preferred, PKCS#1 and EC keys also work. Only RSA 2048
    bit and ECDSA P-256 keys are used; the first of each type is used for new ACME
    certificates.`),
});

/**
 * An internal web interface (account, admin, webmail, webapi) on a listener. Each use has
 * its own default port and path, so this is a factory.
 */
export function webService(defaultPort: number, defaultPath: string, doc: string) {
  return struct(
    {
      Enabled: bool(),
      Port: port(`Default 80 for plain HTTP and 443 for HTTPS. See Hostname of the listener for
        how requests are matched by host name.`).withDefault(defaultPort),
      Path: string(`URL path the interface is served under. End it with a slash; cookie paths
        depend on it.`)
        .optionalKey()
        .withDefault(defaultPath),
      Forwarded: bool(`When set, X-Forwarded-* headers are trusted for the client IP (used in
        rate limiting) and for whether cookies are marked "secure".`).optionalKey(),
    },
    doc,
  ).optionalKey();
}

const alpnDoc = (proto: string, what: string) => `Also offer ${what} on HTTPS port 443 through TLS
  ALPN: a client that asks for the '${proto}' protocol during the TLS handshake then talks
  ${what} with mox on port 443. Intended to help Delta Chat users get around censorship.`;

/** A listener: a group of IPs and the services enabled on them. */
export const listener = struct({
  IPs: list(string(), `IPs to listen on. 0.0.0.0 and :: mean all IPv4 and all IPv6 addresses, but
    listing the addresses meant for email is better: mox then makes outgoing connections only
    from those IPs. If outgoing IPv4 and IPv6 both work while addresses of only one family are
    listed, both families are still used for outgoing connections; use the "direct" transport
    to restrict the families.`),
  NATIPs: list(string()).optionalKey().withDoc(`Public IPs, for when mox runs behind NAT and the
    IPs field lists internal addresses. Used by DNS self-checks that involve IPs (iprev, MX,
    SPF, autoconfig, autodiscover) and by autotls.`),
  IPsNATed: bool(`Deprecated, use NATIPs. When set, the IPs are not public but NATed, and DNS
    self-checks about IPs are skipped.`).optionalKey(),
  Hostname: string(`Host name of this listener; the global Hostname when empty. The internal web
    interfaces (admin, account, webmail, webapi) only answer requests for IPs, this host name
    and "localhost"; all but admin also answer for any client settings domain.`).optionalKey(),
  TLS: tlsConfig.nilableKey().withDoc('TLS for SMTP/IMAP STARTTLS, implicit TLS and HTTPS.'),
  SMTPMaxMessageSize: int('Largest accepted message, incoming and outgoing, in bytes. Default 100MB.', { min: 0 })
    .optionalKey()
    .withDefault(defaultMaxMsgSize),
  SMTP: struct({
    Enabled: bool(),
    Port: port('Default 25.').withDefault(25),
    NoSTARTTLS: bool('Leave STARTTLS out of the EHLO response, so sessions cannot be encrypted. Not recommended.').optionalKey(),
    RequireSTARTTLS: bool(`Refuse incoming messages on connections without STARTTLS. Pair it with
      an MTA-STS policy and/or DANE. Some remote servers cannot do TLS and then cannot deliver.
      Messages to TLS reporting addresses are accepted regardless.`).optionalKey(),
    NoRequireTLS: bool(`Do not announce the REQUIRETLS extension (RFC 8689). Messages sent with
      REQUIRETLS may only be passed on to servers that support it too, which can be impractical,
      e.g. for mailing lists whose subscribers' servers lack it.`).optionalKey(),
    DNSBLs: list(string()).optionalKey().withDoc(`DNS block lists to check incoming messages
      against. They are only asked about connections/messages whose reputation does not already
      decide acceptance, so not every peer IP is sent to the list operator. A listed IP gets the
      message rejected as spam. Block lists are health-checked before use, at most every 4
      hours. Our own sending IPs are checked against them periodically as well; for monitoring
      only, see MonitorDNSBLs in domains.conf. Examples: sbl.spamhaus.org, bl.spamcop.net (see
      https://www.spamhaus.org/sbl/ and https://www.spamcop.net/ for their terms of use).`),
    FirstTimeSenderDelay: duration(`How long to wait before accepting a message from a sender the
      destination account has not received mail from before. Default: 15s.`)
      .nilableKey()
      .withDefault(15_000),
    TLSSessionTicketsDisabled: bool(`Override whether TLS session tickets are used. Turning them
      off can help with TLS interoperability problems.`).nilableKey(),
  }).optionalKey(),
  Submission: struct(
    {
      Enabled: bool(),
      Port: port('Default 587.').withDefault(587),
      NoRequireSTARTTLS: bool(`Allow login without STARTTLS, so passwords may cross the network
        unencrypted. Not recommended.`).optionalKey(),
    },
    `SMTP submission (RFC 6409) for email applications. Starts in plain text and can switch to
    TLS with STARTTLS. Submissions, always over TLS, is preferred.`,
  ).optionalKey(),
  Submissions: struct(
    {
      Enabled: bool(),
      Port: port('Default 465.').withDefault(465),
      EnabledOnHTTPS: bool(alpnDoc('smtp', 'SMTP submission')).optionalKey(),
    },
    'SMTP submission over implicit TLS (RFC 8314) for email applications. Needs a TLS config.',
  ).optionalKey(),
  IMAP: struct(
    {
      Enabled: bool(),
      Port: port('Default 143.').withDefault(143),
      NoRequireSTARTTLS: bool(`Allow login without STARTTLS. Only enable when the connection is
        protected in another way, e.g. a VPN.`).optionalKey(),
    },
    `IMAP for email applications to read email. Starts in plain text and can switch to TLS with
    STARTTLS. IMAPS, always over TLS, is preferred.`,
  ).optionalKey(),
  IMAPS: struct(
    {
      Enabled: bool(),
      Port: port('Default 993.').withDefault(993),
      EnabledOnHTTPS: bool(alpnDoc('imap', 'IMAP')).optionalKey(),
    },
    'IMAP over implicit TLS for email applications. Needs a TLS config.',
  ).optionalKey(),
  AccountHTTP: webService(80, '/', `Web interface where users manage their account, e.g. change
    their password or delivery rulesets. Default path is /.`),
  AccountHTTPS: webService(443, '/', 'Like AccountHTTP, but over HTTPS. Needs a TLS config.'),
  AdminHTTP: webService(80, '/admin/', `Web interface for administration: domains, accounts, etc.
    Default path is /admin/. Best enabled only on non-public IPs. Tip: run 'ssh -L
    8080:localhost:80 you@yourmachine' and open http://localhost:8080/admin/, or reach it
    through a tunnel (e.g. WireGuard) with its IP on the mox 'internal' listener.`),
  AdminHTTPS: webService(443, '/admin/', 'Like AdminHTTP, but over HTTPS. Needs a TLS config.'),
  WebmailHTTP: webService(80, '/webmail/', 'Browser-based email client (webmail). Served under /webmail/ unless Path says otherwise.'),
  WebmailHTTPS: webService(443, '/webmail/', 'Like WebmailHTTP, but over HTTPS. Needs a TLS config.'),
  WebAPIHTTP: webService(80, '/webapi/', 'Like WebAPIHTTPS, but plain HTTP without TLS.'),
  WebAPIHTTPS: webService(443, '/webapi/', `The WebAPI, a simple HTTP/JSON API for sending and
    managing email, over HTTPS (needs a TLS config). Default path is /webapi/.`),
  MetricsHTTP: struct(
    {
      Enabled: bool(),
      Port: port('Default 8010.').withDefault(8010),
    },
    'Prometheus metrics endpoint for monitoring. Do not enable on a public IP.',
  ).optionalKey(),
  PprofHTTP: struct(
    {
      Enabled: bool(),
      Port: port('Default 8011.').withDefault(8011),
    },
    'Serves /debug/pprof/ for profiling a running mox. Never enable on a public IP!',
  ).optionalKey(),
  AutoconfigHTTPS: struct(
    {
      Enabled: bool(),
      Port: port(`TLS port, 443 by default. Change it only when mox cannot listen on 443 itself:
        clients still connect to 443, so something like firewall port forwarding must bring the
        connections here.`).withDefault(443),
      NonTLS: bool(`Speak plain HTTP instead of HTTPS on the port, e.g. when a reverse proxy in
        front handles the autoconfig domain.`).optionalKey(),
    },
    `Serves autoconfig/autodiscover so email applications can configure themselves, on port
    443. Needs a TLS config.`,
  ).optionalKey(),
  MTASTSHTTPS: struct(
    {
      Enabled: bool(),
      Port: port(`TLS port, 443 by default. Change it only when mox cannot listen on 443 itself:
        MTA-STS policy fetches still go to 443, so something like firewall port forwarding must
        bring the connections here.`).withDefault(443),
      NonTLS: bool(`Speak plain HTTP instead of HTTPS on the port, e.g. when a reverse proxy in
        front handles the mta-sts domain.`).optionalKey(),
    },
    'Serves MTA-STS policies (RFC 8461) with our SMTP TLS requirements. Needs a TLS config.',
  ).optionalKey(),
  WebserverHTTP: struct(
    {
      Enabled: bool(),
      Port: port('Port of the plain HTTP (no TLS) web server.').withDefault(80),
    },
    'Serves all configured WebHandlers on this listener.',
  ).optionalKey(),
  WebserverHTTPS: struct(
    {
      Enabled: bool(),
      Port: port('Port of the HTTPS web server.').withDefault(443),
    },
    `Serves all configured WebHandlers on this listener over HTTPS. Needs ACME, or a TLS
    certificate for each WebHandler domain.`,
  ).optionalKey(),
});
