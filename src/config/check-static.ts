// Checks on mox.conf that need more than one key, as mox's loader (mox-/config.go,
// PrepareStaticConfig) does them. File contents (certificates, keys) are checked in
// check-files.ts. Each problem points at the line of the key it is about.

import type { Problem } from './errors.js';
import { canonicalDomainError, domainError, isIPAddress, isLoopbackIP, isUnspecifiedIP, localpartError } from './names.js';
import type { SourceLines, ValuePath } from './parse.js';
import { logLevels, type Listener, type ResolvedStatic } from './static-schema.js';

/** Collects problems for one file, with lines taken from where keys were parsed. */
export class Reporter {
  /** Creates a reporter adding to `out`, locating paths with `lines`. */
  constructor(
    private readonly lines: SourceLines,
    private readonly out: Problem[],
  ) {}

  /** Adds a problem about the value at `path`. */
  at(path: ValuePath, message: string): void {
    this.out.push({ file: this.lines.file, line: this.lines.lineOf(path), message });
  }
}

/** TLS versions accepted in a listener's TLS.MinVersion. */
export const tlsVersions: readonly string[] = Object.freeze(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);

/** SASL mechanisms a transport may use to authenticate at a smarthost. */
export const transportAuthMechanisms: readonly string[] = Object.freeze([
  'SCRAM-SHA-256-PLUS',
  'SCRAM-SHA-256',
  'SCRAM-SHA-1-PLUS',
  'SCRAM-SHA-1',
  'CRAM-MD5',
  'PLAIN',
]);

/** Runs the mox.conf cross-field checks on a resolved config. */
export function checkStatic(c: ResolvedStatic, r: Reporter): void {
  if (!logLevels.includes(c.LogLevel)) {
    r.at(['LogLevel'], `invalid log level ${JSON.stringify(c.LogLevel)}, must be one of: ${logLevels.join(', ')}`);
  }
  for (const [pkg, level] of Object.entries(c.PackageLogLevels)) {
    if (!logLevels.includes(level)) r.at(['PackageLogLevels', pkg], `invalid log level ${JSON.stringify(level)} for package ${pkg}`);
  }
  // Deviation (usability): mox accepts an empty Hostname here and fails later; we say so now.
  const hostErr = c.Hostname === '' ? 'empty host name' : canonicalDomainError(c.Hostname);
  if (hostErr !== undefined) r.at(['Hostname'], `Hostname ${JSON.stringify(c.Hostname)}: ${hostErr}`);

  if (c.HostTLSRPT.Account !== '') {
    const lp = c.HostTLSRPT.Localpart;
    const err = localpartError(lp);
    if (err !== undefined) r.at(['HostTLSRPT', 'Localpart'], `invalid localpart for host TLSRPT: ${err}`);
    else if (!/^[\x00-\x7f]*$/.test(lp)) r.at(['HostTLSRPT', 'Localpart'], 'host TLSRPT localpart must be ASCII-only');
  }

  for (const [name, l] of Object.entries(c.Listeners)) checkListener(c, name, l, r);

  const su = c.InitialMailboxes.SpecialUse;
  const specialUse = [su.Sent, su.Archive, su.Trash, su.Draft, su.Junk];
  if (c.DefaultMailboxes.length > 0 && (specialUse.some((s) => s !== '') || c.InitialMailboxes.Regular.length > 0)) {
    r.at(['DefaultMailboxes'], 'cannot have both DefaultMailboxes and InitialMailboxes');
  }
  c.DefaultMailboxes.forEach((mb, i) => checkMailbox(mb, ['DefaultMailboxes', i], r, true));
  (['Sent', 'Archive', 'Trash', 'Draft', 'Junk'] as const).forEach((k) => {
    if (su[k] !== '') checkMailbox(su[k], ['InitialMailboxes', 'SpecialUse', k], r, false);
  });
  c.InitialMailboxes.Regular.forEach((mb, i) => checkMailbox(mb, ['InitialMailboxes', 'Regular', i], r, false));

  for (const [name, t] of Object.entries(c.Transports)) {
    const p = ['Transports', name];
    const methods = (['Submissions', 'Submission', 'SMTP', 'Socks', 'Direct'] as const).filter((m) => t[m] !== undefined);
    if (methods.length > 1) r.at(p, `transport ${name}: cannot have multiple methods (${methods.join(', ')})`);
    for (const m of ['Submissions', 'Submission', 'SMTP'] as const) {
      const ts = t[m];
      if (ts === undefined) continue;
      const pm = [...p, m];
      const hostErr = ts.Host === '' ? 'empty host' : domainError(ts.Host);
      if (hostErr !== undefined) r.at([...pm, 'Host'], `transport ${name}: bad host ${JSON.stringify(ts.Host)}: ${hostErr}`);
      if (m === 'Submissions' && ts.STARTTLSInsecureSkipVerify) r.at(pm, `transport ${name}: cannot have STARTTLSInsecureSkipVerify with immediate TLS`);
      if (m === 'Submissions' && ts.NoSTARTTLS) r.at(pm, `transport ${name}: cannot have NoSTARTTLS with immediate TLS`);
      const seen = new Set<string>();
      ts.Auth?.Mechanisms.forEach((mech, i) => {
        const pa = [...pm, 'Auth', 'Mechanisms', i];
        if (seen.has(mech)) r.at(pa, `transport ${name}: duplicate authentication mechanism ${mech}`);
        seen.add(mech);
        if (!transportAuthMechanisms.includes(mech)) r.at(pa, `transport ${name}: unknown authentication mechanism ${mech}`);
      });
    }
    if (t.Socks !== undefined) {
      const ps = [...p, 'Socks'];
      if (!/^(\[[^\]]+\]|[^:]+):[0-9]+$/.test(t.Socks.Address)) r.at([...ps, 'Address'], `transport ${name}: bad address ${t.Socks.Address}, must be host:port`);
      t.Socks.RemoteIPs.forEach((ip, i) => {
        if (!isIPAddress(ip)) r.at([...ps, 'RemoteIPs', i], `transport ${name}: bad ip ${ip}`);
      });
      const hErr = domainError(t.Socks.RemoteHostname);
      if (hErr !== undefined) r.at([...ps, 'RemoteHostname'], `transport ${name}: bad hostname ${t.Socks.RemoteHostname}: ${hErr}`);
    }
    if (t.Direct !== undefined && t.Direct.DisableIPv4 && t.Direct.DisableIPv6) {
      r.at([...p, 'Direct'], `transport ${name}: both IPv4 and IPv6 are disabled, enable at least one`);
    }
  }
}

function checkMailbox(name: string, path: ValuePath, r: Reporter, isDefault: boolean): void {
  if (name.normalize('NFC') !== name) r.at(path, `mailbox ${JSON.stringify(name)} is not in NFC normalized form`);
  if (!isDefault && name.toLowerCase() === 'inbox') r.at(path, 'initial mailbox cannot be Inbox (Inbox is always created)');
  if (name.includes('/')) r.at(path, `initial mailbox ${JSON.stringify(name)} cannot be a child mailbox`);
}

// One service on a listener and the port it uses after defaults.
interface Service {
  readonly key: string;
  readonly port: number;
  readonly tls: boolean;
  readonly http: boolean;
}

function listenerServices(l: Listener): Service[] {
  const s: Service[] = [];
  const add = (key: string, enabled: boolean, port: number, tls: boolean, http: boolean) => {
    if (enabled) s.push({ key, port, tls, http });
  };
  add('SMTP', l.SMTP.Enabled, l.SMTP.Port, false, false);
  add('Submission', l.Submission.Enabled, l.Submission.Port, false, false);
  add('Submissions', l.Submissions.Enabled, l.Submissions.Port, true, false);
  add('IMAP', l.IMAP.Enabled, l.IMAP.Port, false, false);
  add('IMAPS', l.IMAPS.Enabled, l.IMAPS.Port, true, false);
  for (const k of ['AccountHTTP', 'AdminHTTP', 'WebmailHTTP', 'WebAPIHTTP'] as const) add(k, l[k].Enabled, l[k].Port, false, true);
  for (const k of ['AccountHTTPS', 'AdminHTTPS', 'WebmailHTTPS', 'WebAPIHTTPS'] as const) add(k, l[k].Enabled, l[k].Port, true, true);
  add('MetricsHTTP', l.MetricsHTTP.Enabled, l.MetricsHTTP.Port, false, true);
  add('AutoconfigHTTPS', l.AutoconfigHTTPS.Enabled, l.AutoconfigHTTPS.Port, !l.AutoconfigHTTPS.NonTLS, true);
  add('MTASTSHTTPS', l.MTASTSHTTPS.Enabled, l.MTASTSHTTPS.Port, !l.MTASTSHTTPS.NonTLS, true);
  add('WebserverHTTP', l.WebserverHTTP.Enabled, l.WebserverHTTP.Port, false, true);
  add('WebserverHTTPS', l.WebserverHTTPS.Enabled, l.WebserverHTTPS.Port, true, true);
  return s;
}

function checkListener(c: ResolvedStatic, name: string, l: Listener, r: Reporter): void {
  const p = ['Listeners', name];
  const lerr = (sub: ValuePath, msg: string) => r.at([...p, ...sub], `listener ${name}: ${msg}`);
  if (l.Hostname !== '') {
    const err = domainError(l.Hostname);
    if (err !== undefined) lerr(['Hostname'], `parsing hostname ${JSON.stringify(l.Hostname)}: ${err}`);
  }
  if (l.TLS !== undefined) {
    const t = l.TLS;
    if (t.ACME !== '' && t.KeyCerts.length > 0) lerr(['TLS'], 'cannot have ACME and static key/certificates');
    else if (t.ACME !== '') {
      if (!Object.hasOwn(c.ACME, t.ACME)) lerr(['TLS', 'ACME'], `unknown ACME provider ${JSON.stringify(t.ACME)}`);
    } else if (t.KeyCerts.length === 0) lerr(['TLS'], 'cannot have TLS config without ACME and without static keys/certificates');
    t.KeyCerts.forEach((kc, i) => {
      // A pair is complete only with both files named.
      if (kc.CertFile === '') lerr(['TLS', 'KeyCerts', i, 'CertFile'], 'key/certificate pair without CertFile');
      if (kc.KeyFile === '') lerr(['TLS', 'KeyCerts', i, 'KeyFile'], 'key/certificate pair without KeyFile');
    });
    if (!tlsVersions.includes(t.MinVersion)) lerr(['TLS', 'MinVersion'], `unknown TLS minimum version ${JSON.stringify(t.MinVersion)}`);
  } else {
    const need: string[] = [];
    if (l.IMAPS.Enabled) need.push('IMAPS');
    if (l.SMTP.Enabled && !l.SMTP.NoSTARTTLS) need.push('SMTP');
    if (l.Submissions.Enabled) need.push('Submissions');
    if (l.Submission.Enabled && !l.Submission.NoRequireSTARTTLS) need.push('Submission');
    if (l.AccountHTTPS.Enabled) need.push('AccountHTTPS');
    if (l.AdminHTTPS.Enabled) need.push('AdminHTTPS');
    if (l.AutoconfigHTTPS.Enabled && !l.AutoconfigHTTPS.NonTLS) need.push('AutoconfigHTTPS');
    if (l.MTASTSHTTPS.Enabled && !l.MTASTSHTTPS.NonTLS) need.push('MTASTSHTTPS');
    if (l.WebserverHTTPS.Enabled) need.push('WebserverHTTPS');
    if (need.length > 0) lerr([], `no tls config specified, but requires tls for ${need.join(', ')}`);
  }
  const ac = l.AutoconfigHTTPS;
  const sts = l.MTASTSHTTPS;
  if (ac.Enabled && sts.Enabled && ac.Port === sts.Port && ac.NonTLS !== sts.NonTLS) {
    lerr(['AutoconfigHTTPS'], 'autoconfig and mta-sts enabled on same port but with both http and https');
  }
  l.IPs.forEach((ip, i) => {
    if (!isIPAddress(ip)) lerr(['IPs', i], `invalid IP ${JSON.stringify(ip)}`);
  });
  if (l.IPsNATed && l.NATIPs.length > 0) lerr(['IPsNATed'], 'both IPsNATed and NATIPs configured (remove deprecated IPsNATed)');
  l.NATIPs.forEach((ip, i) => {
    if (!isIPAddress(ip)) lerr(['NATIPs', i], `invalid ip ${JSON.stringify(ip)}`);
    else if (isUnspecifiedIP(ip) || isLoopbackIP(ip)) lerr(['NATIPs', i], `NAT ip that is the unspecified or loopback address ${ip}`);
  });
  l.SMTP.DNSBLs.forEach((z, i) => {
    const err = z === '' ? 'empty zone' : domainError(z);
    if (err !== undefined) lerr(['SMTP', 'DNSBLs', i], `parsing DNSBL zone ${JSON.stringify(z)}: ${err}`);
  });
  for (const k of ['AccountHTTP', 'AccountHTTPS', 'AdminHTTP', 'AdminHTTPS', 'WebmailHTTP', 'WebmailHTTPS', 'WebAPIHTTP', 'WebAPIHTTPS'] as const) {
    if (l[k].Enabled && !l[k].Path.startsWith('/')) lerr([k, 'Path'], `${k} with path ${JSON.stringify(l[k].Path)} that must start with a slash`);
  }
  checkPorts(l, lerr);
}

// Deviation (earlier error): mox finds port clashes only when binding or serving; we report
// them at load. Plain TCP services need a port of their own; HTTP services may share a port
// when all of them agree on TLS; pprof needs its own port (as mox requires).
function checkPorts(l: Listener, lerr: (sub: ValuePath, msg: string) => void): void {
  const services = listenerServices(l);
  const byPort = new Map<number, Service[]>();
  for (const s of services) byPort.set(s.port, [...(byPort.get(s.port) ?? []), s]);
  if (l.PprofHTTP.Enabled) {
    const others = byPort.get(l.PprofHTTP.Port);
    if (others !== undefined) lerr(['PprofHTTP', 'Port'], `cannot serve pprof on port ${l.PprofHTTP.Port}, also used by ${others.map((s) => s.key).join(', ')}`);
  }
  for (const [port, list] of byPort) {
    if (list.length < 2) continue;
    const names = list.map((s) => s.key).join(', ');
    const plain = list.filter((s) => !s.http);
    // Reported at the last service using the port: the one that clashes with the others.
    const last = list[list.length - 1]!.key;
    if (plain.length > 0) {
      lerr([last, 'Port'], `port ${port} used by more than one service: ${names}`);
    } else if (list.some((s) => s.tls) && list.some((s) => !s.tls)) {
      lerr([last, 'Port'], `port ${port} used for both HTTP and HTTPS: ${names}`);
    }
  }
}
