// domains.conf, the dynamic config (mox reloads it when it changes): domains, accounts,
// web handlers, global routes. Mirrors Go mox v0.0.15 config.Dynamic, key for key.

import { account, route, routesDoc } from './account-schema.js';
import { bool, duration, file, int, list, map, string, struct, type Infer, type Resolved } from './schema.js';
import { fileHeader } from './static-schema.js';

/** Header fields DKIM-signed when a selector lists none (mox's default set). */
export const defaultDKIMHeaders: readonly string[] = Object.freeze([
  'From',
  'To',
  'Cc',
  'Bcc',
  'Reply-To',
  'References',
  'In-Reply-To',
  'Subject',
  'Date',
  'Message-Id',
  'Content-Type',
]);

const selector = struct({
  Hash: string('sha256 (the default) or the older, not recommended sha1.').optionalKey().withDefault('sha256'),
  Canonicalization: struct({
    HeaderRelaxed: bool('Allow small changes to the header, mostly whitespace (RFC 6376 §3.4.2).'),
    BodyRelaxed: bool('Allow some whitespace changes to the body (RFC 6376 §3.4.4).'),
  }).optionalKey(),
  Headers: list(string())
    .optionalKey()
    .withDoc('Header fields to sign. When empty, a sensible default set is signed.')
    .withDefault([...defaultDKIMHeaders]),
  DontSealHeaders: bool(`Do not prevent extra copies of signed header fields from being added
    (RFC 6376 §8.15). Not recommended.`).optionalKey(),
  Expiration: string(`How long a signature stays valid after signing, as a duration, e.g. 72h. Allow
    enough time for delivery at the final destination, possibly through several relays: days
    at least.`).optionalKey(),
  PrivateKeyFile: string('File with an RSA or ed25519 private key in PKCS#8 PEM form.'),
});

const reportAddress = (kind: string, rec: string, mailbox: string) =>
  struct({
    Localpart: string(`Localpart (the part before the @) of the address that receives ${kind} reports.${rec}
      Suggested: ${kind === 'DMARC' ? 'dmarcreports' : 'tlsreports'}.`),
    Domain: string(`Other domain for the reporting address, for incoming reports. Normally empty,
      meaning the domain this config belongs to. Useful to receive reports for a domain that
      is not fully hosted here: configure that domain as hosted without doing all DNS changes,
      set this field to a domain that is fully hosted here so the localpart and this domain
      make the reporting address, and only update the ${kind} DNS record of the not fully
      hosted domain, putting this address in its "rua" field as the suggested DNS records
      show. Unicode name.`).optionalKey(),
    Account: string('Account that receives the reports.'),
    Mailbox: string(`Mailbox that receives the reports, e.g. ${mailbox}.`),
  });

const alias = struct({
  Addresses: list(string(), `Addresses the alias expands to. For now they must be addresses of local
    accounts. A member that is also an explicit recipient in the same SMTP transaction gets
    the message only once, and a member whose address is in the From header does not get it.`),
  PostPublic: bool(`Anyone may send to the list. Otherwise only members may, judged by the From
    address, which is assumed to be DMARC-like verified.`).optionalKey(),
  ListMembers: bool('Members can see the addresses of the other members.').optionalKey(),
  AllowMsgFrom: bool('Members may send messages with the alias address in the From header.').optionalKey(),
});

/** A hosted email domain. */
export const domain = struct({
  Disabled: bool(`Disable the domain, e.g. before or during a migration. A disabled domain is
    configured as usual, and accounts can have addresses in it, but: 1. No ACME certificates
    are requested for it, so TLS for host names of the domain fails (the host name used as MX
    still gets one). 2. Incoming SMTP deliveries get the temporary error '450 4.2.1 recipient
    domain temporarily disabled'. 3. Submissions with an SMTP MAIL FROM or message From address
    in the domain get the temporary error '451 4.3.0 sender domain temporarily disabled'.
    Accounts with addresses in a disabled domain can still log in and read their email (unless
    the account is disabled).`).optionalKey(),
  Description: string('Free-form description of the domain.').optionalKey(),
  ClientSettingsDomain: string(`Host name that email applications are told to use, instead of the
    mail server's host name, e.g. mail.<domain>. Settings that point at a subdomain of the
    hosted domain let you move to another mail operator later without every client changing
    its settings. When empty, the mail server's host name is used. Unicode name.`).optionalKey(),
  LocalpartCatchallSeparator: string(`When not empty, only the part of the localpart before this
    separator counts for delivery. E.g. with "+", you+anything@example.com is delivered to
    you@example.com.`).optionalKey(),
  LocalpartCatchallSeparators: list(string())
    .optionalKey()
    .withDoc(`Like LocalpartCatchallSeparator, for when you need several, e.g. both "+" and "-". Set
      at most one of the two fields. The first separator is used to make unique addresses for
      outgoing SMTP with FromIDLoginAddresses.`),
  LocalpartCaseSensitive: bool('Upper and lower case in the localpart matter for delivery.').optionalKey(),
  DKIM: struct(
    {
      Selectors: map(selector, `DKIM selectors, each with its own settings and key. Each needs a DNS
        record. List a selector in Sign to sign messages with it.`),
      Sign: list(string()).optionalKey().withDoc('Selectors that messages are signed with.'),
    },
    `DKIM signing (RFC 6376): the domain takes responsibility for (the content of) the messages it
    sends, so receiving servers can build a (hopefully good) reputation for it, which helps
    delivery.`,
  ).optionalKey(),
  DMARC: reportAddress('DMARC', ' Must be ASCII-only.', 'DMARC')
    .nilableKey()
    .withDoc(`DMARC (RFC 7489): the domain publishes in DNS how other servers should treat incoming
      messages whose From header is in this domain and/or its subdomains (per the configured
      alignment). Receivers use it to build a reputation for the domain, which helps delivery.
      The domain can also publish an address where verifying servers send reports about DMARC
      results, useful for monitoring. Incoming DMARC reports are parsed, validated, counted in
      metrics and stored for viewing in the admin web pages.`),
  MTASTS: struct(
    {
      PolicyID: string(`Version of the policy; the DNS record names it. When changing the policy,
        first change it here so the new policy is served, then update the DNS record.`),
      Mode: string(`"enforce": remote SMTP servers deliver to us only over WebPKI-verified
        STARTTLS. "testing": delivery without verified TLS still happens, but failures are
        reported through TLS reporting. "none": verified TLS is not required; for phasing out a
        policy.`),
      MaxAge: duration('How long remote servers may cache the policy. Usually one or more weeks.'),
      MX: list(string())
        .optionalKey()
        .withDoc(`Host names allowed as MX for SMTP. When empty, the configured host name is used.
          A name may start with a wildcard label (*), which matches exactly one label: *.example
          matches host.example, not sub.host.example.`),
    },
    `MTA-STS (RFC 8461): a published policy requiring WebPKI-verified SMTP STARTTLS for email to
    the domain. A DNS TXT record, often not DNSSEC-protected (the weak spot), announces the
    policy, which is then fetched over WebPKI-verified HTTPS. It can require verified STARTTLS
    and list the allowed MX host names (optionally with a wildcard). MX hosts still come from
    DNS, but mail is only delivered to those in the policy. Senders fetch the policy on first
    delivery, cache it, check the DNS record for a new policy now and then, and fetch that when
    it changes. To change the policy: serve the new policy with a new ID first, then update DNS.
    To drop an enforced policy: publish mode "none" with a new ID long enough for all caches to
    refresh (mind DNS TTL and policy max age), then remove the DNS record, wait for its TTL,
    and stop serving the policy.`,
  ).nilableKey(),
  TLSRPT: reportAddress('TLSRPT', '', 'TLSRPT')
    .nilableKey()
    .withDoc(`TLSRPT (RFC 8460): the domain says in DNS where reports about SMTP TLS experiences
      should go, useful for monitoring. Incoming TLS reports are parsed, validated, counted in
      metrics and stored for viewing in the admin web pages.`),
  Routes: list(route).optionalKey().withDoc(routesDoc('account routes, then these domain routes, then the global routes')),
  Aliases: map(alias)
    .optionalKey()
    .withDoc(`Aliases, keyed by localpart (written the way it appears in an email address). Mail to
      an alias is passed on to one or more addresses configured on this server.`),
});

const webHandler = struct({
  LogName: string('Name used in logs and metrics.').optionalKey(),
  Domain: string(`A request matches this handler when both Domain and PathRegexp match. Exactly one
    of WebStatic, WebRedirect, WebForward and WebInternal must be set.`),
  PathRegexp: string(`Regular expression for the request path. It must start with ^ so it matches
    from the start of the path, and need not end with $. WebForward can strip the matched
    prefix.`),
  DontRedirectPlainHTTP: bool(`Do not permanently redirect (308) plain HTTP requests to HTTPS. Set
    this when there is no HTTPS web server.`).optionalKey(),
  Compress: bool(`Compress responses transparently (gzip for now) when the client supports it, the
    status is 200 OK, the response has no Content-Encoding yet, and its Content-Type suggests
    it compresses well (text/..., some application/..., .../...+json and .../...+xml). For
    static files, compressed copies are cached.`).optionalKey(),
  WebStatic: struct(
    {
      StripPrefix: string(`Path prefix removed from the request URL before it is mapped to a local
        path. When the path lacks this prefix: with ContinueNotFound the handler does not match
        and later WebHandlers are tried, otherwise the response is 404 file not found.`).optionalKey(),
      Root: string(`Local directory holding the files to serve. A relative path is taken from the
        directory mox runs in.`),
      ListFiles: bool(`When a directory without index.html is requested, list its files; without
        this, the response is 403. A directory URL without trailing slash is redirected to the
        path with slash.`).optionalKey(),
      ContinueNotFound: bool(`When the requested file does not exist, do not answer 404 but treat
        the handler as not matching and try later WebHandlers, e.g. a reverse proxy that
        generates the content (maybe even writing a static file for next time). With this set,
        methods other than GET and HEAD do not match. Works like 'try_files' of other web
        servers.`).optionalKey(),
      ResponseHeaders: map(string())
        .optionalKey()
        .withDoc(`Headers added to responses, e.g. cache-control or content-type. Content-Type is
          added automatically for known file types unless set here. Directory listings get no
          content-type header from this.`),
    },
    'Serve static files.',
  ).nilableKey(),
  WebRedirect: struct(
    {
      BaseURL: string(`URL to redirect to. Its path must be empty: it is replaced by the request path,
        or by the OrigPathRegexp/ReplacePath result. Scheme, host, port and fragment are kept,
        and query strings are merged. When empty, OrigPathRegexp and ReplacePath must be set and
        only the path changes. Leave out the scheme to keep the request's protocol, e.g.
        //newdomain/. When the redirect would lead to the same scheme, host and path, the
        handler does not match and the next one is tried, which allows redirecting all plain
        HTTP to HTTPS.`).optionalKey(),
      OrigPathRegexp: string(`Regular expression the path must match; when set and it does not, the
        response is 404. The path always starts with a slash.`).optionalKey(),
      ReplacePath: string(`New path for the destination URL, from OrigPathRegexp: $1 is the first
        submatch, etc. (like Go's Regexp.ReplaceAllString). When neither OrigPathRegexp nor
        ReplacePath is set, BaseURL must be, and paths are kept as they are.`).optionalKey(),
      StatusCode: int('HTTP status of the redirect, e.g. 307. Default 308, permanent redirect.')
        .optionalKey()
        .withDefault(308),
    },
    'Redirect requests to another URL.',
  ).nilableKey(),
  WebForward: struct(
    {
      StripPath: bool('Remove the part of the path matched by PathRegexp before forwarding.').optionalKey(),
      URL: string(`URL requests are forwarded to, e.g. http://127.0.0.1:8123/base. Without StripPath,
        the full request path is appended to it. The Host header is passed on unchanged, and new
        X-Forwarded-{For,Host,Proto} headers are set. A query string in this URL is ignored.
        Requests go through Go's net/http.DefaultTransport in mox, which honours HTTP_PROXY and
        HTTPS_PROXY. Websocket connections are forwarded, copying data both ways without looking
        at the frames. The websocket 'version' and 'key'/'accept' headers are checked during the
        handshake; other websocket headers ('origin', 'protocol', 'extensions') are left for the
        backend to check and interpret.`),
      ResponseHeaders: map(string())
        .optionalKey()
        .withDoc('Headers added to responses, e.g. security- and cache-related ones.'),
    },
    'Forward requests to another web server, as a reverse proxy.',
  ).nilableKey(),
  WebInternal: struct(
    {
      BasePath: string('Path the internal service is served under, e.g. /webmail/.'),
      Service: string('The service: admin, account, webmail or webapi.'),
    },
    'Hand the request to an internal service, such as webmail or the webapi.',
  ).nilableKey(),
});

/** domains.conf: the dynamic config. */
export const dynamicSchema = file('domains.conf', fileHeader, {
  Domains: map(domain, `Domains we accept email for. Write internationalized domains as IDNA names in
    UTF-8.`),
  Accounts: map(account, `The users of this mox. An account has a password and one or more email
    addresses, possibly spread over several domains, and keeps its messages and index database
    in a directory of its own. Account names are plain names, not email addresses.`),
  WebDomainRedirects: map(string())
    .optionalKey()
    .withDoc(`Redirect every request for a domain (key) to another domain (value), always to HTTPS.
      For plain HTTP redirects, use a WebHandler with WebRedirect.`),
  WebHandlers: list(webHandler)
    .optionalKey()
    .withDoc(`Web server request handlers: serve static files, redirect, reverse-proxy to HTTP(S), or
      hand to an internal service. The first matching handler serves the request. Built-in
      system handlers (ACME validation, autoconfig, MTA-STS) always go first. The built-in
      admin, account, webmail and webapi handlers come after all WebHandlers, so those can
      override internal services for some domains. Without a match, the response is 404 file
      not found. When the web server lacks a feature you need, forward to an application that
      has it.`),
  Routes: list(route).optionalKey().withDoc(routesDoc('account routes, then domain routes, then these global routes')),
  MonitorDNSBLs: list(string())
    .optionalKey()
    .withDoc(`DNS block lists to check our sending IPs against periodically, without using them for
      incoming mail. See also DNSBLs of SMTP listeners in mox.conf, which are used both for
      incoming mail and for checking our IPs. Examples: sbl.spamhaus.org, bl.spamcop.net.`),
});

/** domains.conf as written in the file. */
export type Dynamic = Infer<typeof dynamicSchema.root>;
/** domains.conf after defaults, as {@link loadConfig} returns it. */
export type ResolvedDynamic = Resolved<typeof dynamicSchema.root>;
/** One account in domains.conf, after defaults. */
export type Account = ResolvedDynamic['Accounts'][string];
/** One domain in domains.conf, after defaults. */
export type Domain = ResolvedDynamic['Domains'][string];

