import type { Dynamic, Static } from '../../config/index.js';

/** The default IPs localserve listens on. */
export const localserveIPs = ['127.0.0.1', '::1'];

/** The account, address and password localserve creates. */
export const localserveAccount = { name: 'mox', address: 'mox@localhost', password: 'moxmoxmox', adminPassword: 'moxadmin' };

/** File names in the localserve directory. */
export const localserveFiles = {
  cert: 'localhost.crt',
  key: 'localhost.key',
  adminPassword: 'adminpasswd',
  dkimKey: 'dkim.localserve.privatekey.pkcs8.pem',
  receivedIdKey: 'receivedid.key',
};

/** mox.conf as Go mox's localserve writes it: one listener "local" on ports +1000. */
export function localserveStatic(ips: string[], uid: number): Static {
  const web = (port: number, path?: string) => ({ Enabled: true, Port: port, ...(path ? { Path: path } : {}) });
  return {
    DataDir: '.',
    LogLevel: 'traceauth',
    User: String(uid),
    Hostname: 'localhost',
    Pedantic: true,
    TLS: { CA: { AdditionalToSystem: true, CertFiles: [localserveFiles.cert] } },
    AdminPasswordFile: localserveFiles.adminPassword,
    Listeners: {
      local: {
        IPs: ips,
        TLS: { KeyCerts: [{ CertFile: localserveFiles.cert, KeyFile: localserveFiles.key }] },
        SMTP: { Enabled: true, Port: 1025 },
        Submission: { Enabled: true, Port: 1587, NoRequireSTARTTLS: true },
        Submissions: { Enabled: true, Port: 1465 },
        IMAP: { Enabled: true, Port: 1143, NoRequireSTARTTLS: true },
        IMAPS: { Enabled: true, Port: 1993 },
        AccountHTTP: web(1080, '/account/'),
        AccountHTTPS: web(1443, '/account/'),
        AdminHTTP: web(1080),
        AdminHTTPS: web(1443),
        WebmailHTTP: web(1080, '/webmail/'),
        WebmailHTTPS: web(1443, '/webmail/'),
        WebAPIHTTP: web(1080, '/webapi/'),
        WebAPIHTTPS: web(1443, '/webapi/'),
        MetricsHTTP: { Enabled: true, Port: 1081 },
        WebserverHTTP: { Enabled: true, Port: 1080 },
        WebserverHTTPS: { Enabled: true, Port: 1443 },
      },
    },
    Postmaster: { Account: localserveAccount.name, Mailbox: 'Inbox' },
  } as unknown as Static;
}

/** Webhook URLs for the mox account, from `mox localserve -webhook-outgoing/-webhook-incoming`. */
export interface LocalserveWebhooks {
  outgoing?: string;
  incoming?: string;
}

/**
 * A webhook setting from a URL: user info in the URL ("http://user:pass@host/") becomes a
 * Basic Authorization value (RFC 7617 §2) and is removed from the URL.
 */
export function webhookSetting(url: string): { URL: string; Authorization?: string } {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { URL: url };
  const creds = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  u.username = '';
  u.password = '';
  return { URL: u.toString(), Authorization: `Basic ${Buffer.from(creds, 'utf8').toString('base64')}` };
}

/**
 * domains.conf as Go mox's localserve writes it: domain localhost, account mox. Webhooks are
 * only configured when asked for (mox configures none).
 */
export function localserveDynamic(webhooks: LocalserveWebhooks = {}, keepRetiredMs = 72 * 3600 * 1000): Dynamic {
  return {
    Domains: {
      localhost: {
        LocalpartCatchallSeparator: '+',
        DKIM: {
          Selectors: { localserve: { Expiration: '72h', PrivateKeyFile: localserveFiles.dkimKey } },
          Sign: ['localserve'],
        },
      },
    },
    Accounts: {
      [localserveAccount.name]: {
        KeepRetiredMessagePeriod: keepRetiredMs,
        KeepRetiredWebhookPeriod: keepRetiredMs,
        Domain: '',
        Destinations: { [localserveAccount.address]: {} },
        RejectsMailbox: 'Rejects',
        AutomaticJunkFlags: {
          Enabled: true,
          JunkMailboxRegexp: '^(junk|spam)',
          NeutralMailboxRegexp: '^(inbox|neutral|postmaster|dmarc|tlsrpt|rejects)',
        },
        JunkFilter: {
          Threshold: 0.95,
          Params: { Onegrams: true, MaxPower: 0.01, TopWords: 10, IgnoreWords: 0.1, RareWords: 2 },
        },
        NoFirstTimeSenderDelay: true,
        ...(webhooks.outgoing ? { OutgoingWebhook: webhookSetting(webhooks.outgoing) } : {}),
        ...(webhooks.incoming ? { IncomingWebhook: webhookSetting(webhooks.incoming) } : {}),
      },
    },
    WebHandlers: [
      {
        LogName: 'workdir',
        Domain: 'localhost',
        PathRegexp: '^/workdir/',
        DontRedirectPlainHTTP: true,
        WebStatic: { StripPrefix: '/workdir/', Root: '.', ListFiles: true },
      },
    ],
  } as unknown as Dynamic;
}
