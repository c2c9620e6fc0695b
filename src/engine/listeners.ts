import type { ResolvedStatic } from '../config/index.js';
import type { Service } from '../events/index.js';
import { parseDomain } from '../dns/index.js';
import type { SmtpListenerConfig } from '../smtpserver/index.js';
import type { ImapListenerConfig } from '../imapserver/index.js';
import { listenerTls } from './tls.js';
import type { SecureContext } from 'node:tls';

/** How listener ports are chosen. */
export type PortsOption =
  /** As configured. */
  | 'config'
  /** Every listener on a free port (port 0); the bound ports are reported. */
  | 'free'
  /** Configured port - 1000 + base (localserve's 1025 becomes base+25, and so on). */
  | { base: number };

/** A listener the engine will start: one service on one address. */
export interface PlannedListener {
  listener: string;
  service: Service;
  host: string;
  port: number;
  tls?: SecureContext;
  /** Config of the SMTP-family services. */
  smtp?: SmtpListenerConfig;
  /** Config of the IMAP services. */
  imap?: ImapListenerConfig;
  /** Web interfaces on this HTTP(S) port, by path; `forwarded`: behind a reverse proxy. */
  web?: { name: string; path: string; forwarded?: boolean }[];
  /** Largest message the web interfaces compose (the listener's SMTPMaxMessageSize). */
  maxMessageSize?: number;
}

/** The port to bind for a configured port. */
export function choosePort(configured: number, opt: PortsOption): number {
  if (opt === 'free') return 0;
  if (opt === 'config') return configured;
  return configured - 1000 + opt.base;
}

/** Translates the static config's listeners into the sockets to bind. */
export async function planListeners(conf: ResolvedStatic, opt: PortsOption): Promise<PlannedListener[]> {
  const out: PlannedListener[] = [];
  for (const [name, l] of Object.entries(conf.Listeners)) {
    const tls = await listenerTls(l);
    const hostname = parseDomain(l.Hostname || conf.Hostname);
    const maxSize = l.SMTPMaxMessageSize || 100 * 1024 * 1024;
    const smtpBase = {
      listener: name,
      host: '',
      hostname,
      tls,
      maxMessageSize: maxSize,
      maxRecipients: 1000,
      pedantic: conf.Pedantic,
      idleTimeoutMs: 5 * 60_000,
      requireTlsExtension: !l.SMTP.NoRequireTLS,
    };
    for (const ip of l.IPs) {
      const add = (service: Service, port: number, extra: Partial<PlannedListener> = {}) =>
        out.push({ listener: name, service, host: ip, port: choosePort(port, opt), tls, ...extra });
      if (l.SMTP.Enabled) {
        add('smtp', l.SMTP.Port, {
          smtp: { ...smtpBase, host: ip, port: 0, service: 'smtp', tls: l.SMTP.NoSTARTTLS ? undefined : tls, implicitTls: false, requireTlsForAuth: true, requireTlsForMail: !!l.SMTP.RequireSTARTTLS },
        });
      }
      if (l.Submission.Enabled) {
        add('submission', l.Submission.Port, {
          smtp: { ...smtpBase, host: ip, port: 0, service: 'submission', implicitTls: false, requireTlsForAuth: !l.Submission.NoRequireSTARTTLS, requireTlsForMail: false, requestClientCert: true },
        });
      }
      if (l.Submissions.Enabled && tls) {
        add('submissions', l.Submissions.Port, {
          smtp: { ...smtpBase, host: ip, port: 0, service: 'submissions', implicitTls: true, requireTlsForAuth: false, requireTlsForMail: false, requestClientCert: true },
        });
      }
      const imapBase = {
        listener: name,
        host: ip,
        port: 0,
        hostname,
        tls,
        idleTimeoutMs: 30 * 60_000, // RFC 9051 §5.4
        maxLiteral: 100 * 1024,
        appendLimit: maxSize,
        pedantic: conf.Pedantic,
        requestClientCert: true,
      };
      if (l.IMAP.Enabled) add('imap', l.IMAP.Port, { imap: { ...imapBase, service: 'imap', implicitTls: false, requireTlsForAuth: !l.IMAP.NoRequireSTARTTLS } });
      if (l.IMAPS.Enabled && tls) add('imaps', l.IMAPS.Port, { imap: { ...imapBase, service: 'imaps', implicitTls: true, requireTlsForAuth: false } });
      for (const [port, https, web] of webPorts(l)) add(https ? 'https' : 'http', port, { web, tls: https ? tls : undefined, maxMessageSize: maxSize });
      if (l.MetricsHTTP.Enabled) add('metrics', l.MetricsHTTP.Port, { tls: undefined });
    }
  }
  return out;
}

type WebService = { Enabled: boolean; Port: number; Path?: string; Forwarded?: boolean };

/** Groups the web interfaces of a listener by port (mox serves them on shared ports). */
function webPorts(l: Record<string, unknown>): [number, boolean, { name: string; path: string; forwarded?: boolean }[]][] {
  const defs: [string, boolean, string][] = [
    ['AccountHTTP', false, '/'],
    ['AccountHTTPS', true, '/'],
    ['AdminHTTP', false, '/admin/'],
    ['AdminHTTPS', true, '/admin/'],
    ['WebmailHTTP', false, '/webmail/'],
    ['WebmailHTTPS', true, '/webmail/'],
    ['WebAPIHTTP', false, '/webapi/'],
    ['WebAPIHTTPS', true, '/webapi/'],
    ['WebserverHTTP', false, ''],
    ['WebserverHTTPS', true, ''],
  ];
  const ports = new Map<string, [number, boolean, { name: string; path: string; forwarded?: boolean }[]]>();
  for (const [key, https, defPath] of defs) {
    const s = l[key] as WebService | undefined;
    if (!s?.Enabled) continue;
    const k = `${s.Port}/${https}`;
    if (!ports.has(k)) ports.set(k, [s.Port, https, []]);
    const name = key.replace(/HTTPS?$/, '').toLowerCase();
    ports.get(k)![2].push({ name, path: s.Path || defPath, forwarded: !!s.Forwarded });
  }
  return [...ports.values()];
}
