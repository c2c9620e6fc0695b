import { failureRules } from '../simulate/index.js';
import type { BoundService } from './engine.js';
import { localserveAccount } from './profiles/localserve-config.js';

/** What the localserve banner shows. */
export interface BannerInfo {
  version: string;
  platform: string;
  dir: string;
  certFile: string;
  services: BoundService[];
  newDir: boolean;
  /** Webhook URLs of the mox account, when configured. */
  webhooks?: { outgoing?: string; incoming?: string };
}

/**
 * The text `mox localserve` prints at startup, like Go mox's: credentials, the ports, the
 * special-localpart rules and a table of URLs with credentials embedded, using the ports
 * actually bound.
 */
export function localserveBanner(b: BannerInfo): string {
  const port = (s: string) => b.services.find((x) => x.service === s)?.port;
  const user = encodeURIComponent(localserveAccount.address);
  const cred = `${user}:${localserveAccount.password}@localhost`;
  const rows: [string, string][] = [];
  const add = (svc: string, url: (p: number) => string, what: string) => {
    const p = port(svc);
    if (p !== undefined) rows.push([url(p), what]);
  };
  add('smtp', (p) => `smtp://localhost:${p}`, 'receive email');
  add('submissions', (p) => `smtps://${cred}:${p}`, 'send email');
  add('submission', (p) => `smtp://${cred}:${p}`, 'send email (without tls)');
  add('imaps', (p) => `imaps://${cred}:${p}`, 'read email');
  add('imap', (p) => `imap://${cred}:${p}`, 'read email (without tls)');
  const login = `(email ${localserveAccount.address}, password ${localserveAccount.password})`;
  for (const [path, name, note] of [
    ['account', 'account', login],
    ['webmail', 'webmail', login],
    ['webapi', 'webapi', login],
    ['admin', 'admin', `(password ${localserveAccount.adminPassword})`],
  ] as const) {
    add('https', (p) => `https://localhost:${p}/${path}/`, `${name} https ${note}`);
    add('http', (p) => `http://localhost:${p}/${path}/`, `${name} http (without tls)`);
  }
  add('metrics', (p) => `http://localhost:${p}/metrics`, 'prometheus metrics');
  // Right-align the scheme so the "://" line up, as mox does.
  const schemeW = Math.max(...rows.map(([u]) => u.indexOf('://')));
  const padded = rows.map(([u, w]) => [' '.repeat(schemeW - u.indexOf('://')) + u, w] as const);
  const urlW = Math.max(...padded.map(([u]) => u.length));
  const table = padded.map(([u, w]) => `${u.padEnd(urlW)} - ${w}`).join('\n');
  const standard = b.services.every((s) => [1025, 1587, 1465, 1143, 1993, 1080, 1443, 1081].includes(s.port));
  const lines = [
    `mox, version ${b.version} ${b.platform}`,
    '',
    `the default user is ${localserveAccount.address}, with password ${localserveAccount.password}`,
    `the default admin password is ${localserveAccount.adminPassword}`,
    standard ? 'port numbers are those common for the services + 1000' : 'port numbers are chosen at startup, see the urls below',
    `tls uses generated self-signed certificate ${b.certFile}`,
    failureRules,
    '',
    table,
    '',
    ...(b.webhooks?.outgoing ? [`webhooks about outgoing deliveries go to ${b.webhooks.outgoing}`] : []),
    ...(b.webhooks?.incoming ? [`webhooks about incoming messages go to ${b.webhooks.incoming}`] : []),
    ...(b.webhooks?.outgoing || b.webhooks?.incoming ? [''] : []),
    b.newDir ? `serving from newly created config dir ${b.dir}/` : `serving from existing config dir ${b.dir}/\nif urls above don't work, consider resetting by removing config dir`,
  ];
  return lines.join('\n');
}
