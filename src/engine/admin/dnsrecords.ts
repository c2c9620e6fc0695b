// The DNS records a hosted domain needs, as zone-file lines (mox's admin.DomainRecords):
// MX, SPF (RFC 7208), DKIM (RFC 6376 §3.6.1), DMARC (RFC 7489), MTA-STS (RFC 8461),
// TLSRPT (RFC 8460), client settings CNAME, autoconfig/autodiscover and SRV records
// (RFC 6186, RFC 8314).

import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { LoadedConfig } from '../../config/index.js';
import { parseDomain, type Domain } from '../../dns/index.js';
import { localpartString } from '../../smtp/index.js';
import { parsePem } from '../../tls/index.js';
import { domainKey } from './common.js';

// Go's fmt "%-*s": left-aligned, padded with spaces to width.
const pad = (s: string, width: number) => (s.length >= width ? s : s + ' '.repeat(width - s.length));

/** A TXT value as one quoted string, or for more than 100 characters a parenthesized multi-line list (mox). */
export function txtStrings(s: string): string {
  if (s.length <= 100) return `"${s}"`;
  let r = '(\n';
  for (let i = 0; i < s.length; i += 100) r += ` \t\t"${s.slice(i, i + 100)}"\n`;
  return `${r}\t)`;
}

/** The DKIM TXT record for a PKCS#8 PEM private key (RFC 6376 §3.6.1; RFC 8463 for ed25519). */
export function dkimRecord(keyPem: string | Buffer): string {
  // Via the DER: node:crypto refuses PEM header lines such as mox's "Note:".
  const block = parsePem(keyPem).find((b) => b.type === 'PRIVATE KEY');
  if (!block) throw new Error('no PEM block of type PRIVATE KEY');
  const key = createPrivateKey({ key: Buffer.from(block.bytes), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(key);
  if (key.asymmetricKeyType === 'ed25519') {
    // RFC 8463 §4: p= is the raw 32-byte public key.
    const raw = pub.export({ type: 'spki', format: 'der' }).subarray(-32);
    return `v=DKIM1;h=sha256;k=ed25519;p=${raw.toString('base64')}`;
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`unrecognized private key type ${key.asymmetricKeyType ?? 'unknown'}`);
  return `v=DKIM1;h=sha256;p=${pub.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}

/** The report address of a DMARC/TLSRPT setting as an ASCII "localpart@domain". */
function reportAddress(rep: { Localpart: string; Domain: string }, domain: Domain): string {
  const d = rep.Domain ? parseDomain(rep.Domain) : domain;
  return `${localpartString(rep.Localpart)}@${d.ascii}`;
}

/**
 * Zone-file lines with the records for `domainName`, with explanatory comments, as mox's
 * `config dnsrecords` prints them. Reads the domain's DKIM private keys for their public
 * halves. Throws "unknown domain" for a domain that is not configured.
 *
 * Deviation (no network): no DNSSEC lookup, so DANE TLSA records (listener "public" with host
 * keys) are left out; CAA records need a running ACME manager and are left out too.
 */
export async function domainRecords(config: LoadedConfig, domainName: string): Promise<string[]> {
  const domain = parseDomain(domainName);
  const dc = config.dynamic.Domains[domainKey(domain)];
  if (!dc) throw new Error('unknown domain');
  const d = domain.ascii;
  const host = parseDomain(config.static.Hostname);
  const h = host.ascii;
  const records = ['; Time To Live of 5 minutes, may be recognized if importing as a zone file.', '; Once your setup is working, you may want to increase the TTL.', '$TTL 300', ''];
  // todo(RFC 7672 §3.1.1): DANE TLSA records for the host keys of listener "public".

  if (d !== h) {
    records.push(
      '; For the machine, only needs to be created once, for the first domain added:',
      '; ',
      '; SPF-allow host for itself, resulting in relaxed DMARC pass for (postmaster)',
      '; messages (DSNs) sent from host:',
      // RFC 7208 §10.1.3: an SPF record for the host name itself.
      `${pad(`${h}.`, 20 + d.length)} TXT "v=spf1 a -all"`,
      '',
    );
  }
  const hostRpt = config.static.HostTLSRPT.Localpart;
  if (d !== h && hostRpt) {
    records.push(
      '; For the machine, only needs to be created once, for the first domain added:',
      '; ',
      '; Request reporting about success/failures of TLS connections to (MX) host, for DANE.',
      `_smtp._tls.${pad(`${h}.`, 20 + d.length - '_smtp._tls.'.length)}         TXT "v=TLSRPTv1; rua=mailto:${localpartString(hostRpt)}@${h}"`,
      '',
    );
  }

  records.push('; Deliver email for the domain to this host.', `${d}.                    MX 10 ${h}.`, '', '; Outgoing messages will be signed with the first two DKIM keys. The other two', '; configured for backup, switching to them is just a config change.');
  for (const name of Object.keys(dc.DKIM.Selectors).sort()) {
    const sel = dc.DKIM.Selectors[name]!;
    let txt: string;
    try {
      txt = dkimRecord(await readFile(sel.PrivateKeyFile));
    } catch (err) {
      throw new Error(`making DKIM DNS TXT record: ${(err as Error).message}`);
    }
    if (txt.length > 100) {
      records.push(
        '; NOTE: The following is a single long record split over several lines for use',
        '; in zone files. When adding through a DNS operator web interface, combine the',
        '; strings into a single string, without ().',
      );
    }
    records.push(`${name}._domainkey.${d}.   TXT ${txtStrings(txt)}`);
  }

  // RFC 7489 §6.3: p=reject, aggregate reports (max 10 MB) to the configured address.
  let dmarc = 'v=DMARC1;p=reject';
  if (dc.DMARC) dmarc += `;rua=mailto:${reportAddress(dc.DMARC, domain).replace(/,/g, '%2C').replace(/!/g, '%21')}!10m`;
  // mox: the IPs of listeners with SMTP (NAT IPs when set), then mx, softfail for the rest.
  const ips: string[] = [];
  for (const l of Object.values(config.static.Listeners)) {
    if (!l.SMTP.Enabled || l.IPsNATed) continue;
    for (const ip of l.NATIPs.length > 0 ? l.NATIPs : l.IPs) {
      if (ip === '0.0.0.0' || ip === '::' || isIP(ip) === 0) continue;
      ips.push(`${isIP(ip) === 4 ? 'ip4' : 'ip6'}:${ip}`);
    }
  }
  const spf = ['v=spf1', ...ips, 'mx', '~all'].join(' ');
  records.push(
    '',
    '; Specify the MX host is allowed to send for our domain and for itself (for DSNs).',
    '; ~all means softfail for anything else, which is done instead of -all to prevent older',
    '; mail servers from rejecting the message because they never get to looking for a dkim/dmarc pass.',
    `${d}.                    TXT "${spf}"`,
    '',
    '; Emails that fail the DMARC check (without aligned DKIM and without aligned SPF)',
    "; should be rejected, and request reports. If you email through mailing lists that",
    "; strip DKIM-Signature headers and don't rewrite the From header, you may want to",
    '; set the policy to p=none.',
    `_dmarc.${d}.             TXT "${dmarc}"`,
    '',
  );

  if (dc.MTASTS) {
    records.push(
      '; Remote servers can use MTA-STS to verify our TLS certificate with the',
      "; WebPKI pool of CA's (certificate authorities) when delivering over SMTP with",
      '; STARTTLSTLS.',
      `mta-sts.${d}.            CNAME ${h}.`,
      `_mta-sts.${d}.           TXT "v=STSv1; id=${dc.MTASTS.PolicyID}"`,
      '',
    );
  } else {
    records.push(
      '; Note: No MTA-STS to indicate TLS should be used. Either because disabled for the',
      '; domain or because mox.conf does not have a listener with MTA-STS configured.',
      '',
    );
  }

  if (dc.TLSRPT) {
    records.push('; Request reporting about TLS failures.', `_smtp._tls.${d}.         TXT "v=TLSRPTv1; rua=mailto:${reportAddress(dc.TLSRPT, domain)}"`, '');
  }

  if (dc.ClientSettingsDomain) {
    const csd = parseDomain(dc.ClientSettingsDomain);
    if (csd.ascii !== h) {
      records.push(
        '; Client settings will reference a subdomain of the hosted domain, making it',
        '; easier to migrate to a different server in the future by not requiring settings',
        '; in all clients to be updated.',
        `${pad(`${csd.ascii}.`, 20 + d.length)} CNAME ${h}.`,
        '',
      );
    }
  }

  records.push(
    '; Autoconfig is used by Thunderbird. Autodiscover is (in theory) used by Microsoft.',
    `autoconfig.${d}.         CNAME ${h}.`,
    `_autodiscover._tcp.${d}. SRV 0 1 443 ${h}.`,
    '',
    // RFC 6186 §3.1 and RFC 8314 §5.1: SRV records for implicit TLS IMAP and submission.
    '; For secure IMAP and submission autoconfig, point to mail host.',
    `_imaps._tcp.${d}.        SRV 0 1 993 ${h}.`,
    `_submissions._tcp.${d}.  SRV 0 1 465 ${h}.`,
    '',
    // RFC 6186 §4: target "." says the service is not offered.
    '; Next records specify POP3 and non-TLS ports are not to be used.',
    '; These are optional and safe to leave out (e.g. if you have to click a lot in a',
    '; DNS admin web interface).',
    `_imap._tcp.${d}.         SRV 0 0 0 .`,
    `_submission._tcp.${d}.   SRV 0 0 0 .`,
    `_pop3._tcp.${d}.         SRV 0 0 0 .`,
    `_pop3s._tcp.${d}.        SRV 0 0 0 .`,
  );
  return records;
}
