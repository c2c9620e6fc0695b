import { TLSSocket } from 'node:tls';
import { foldedField, formatMessageDate, localZoneOffset } from '../message/index.js';
import type { Session } from './session.js';

/** An address literal for an IP (RFC 5321 §4.1.3). */
export function addressLiteral(ip: string): string {
  return ip.includes(':') ? `[IPv6:${ip}]` : `[${ip}]`;
}

/** TLS details for the Received header comment, as mox writes them: "(TLS1.3 TLS_AES_128_GCM_SHA256)". */
export function tlsComment(sock: TLSSocket): string[] {
  const version = (sock.getProtocol() ?? 'TLS').replace(/^TLSv/, 'TLS');
  const cipher = sock.getCipher()?.standardName ?? sock.getCipher()?.name ?? 'unknown';
  return [`(${version}`, `${cipher})`];
}

/**
 * The Received header for a message on this session (RFC 5321 §4.4, with the "with" protocol
 * names of RFC 3848 and RFC 6531 §3.7.3). `rcptTo` is left out for several recipients, so
 * the message stays identical and can be delivered in one transaction (as mox does).
 */
export function receivedHeader(s: Session, opts: { from: string; rcptTo?: string; utf8: boolean; requireTls: boolean }): string {
  const host = s.config.hostname;
  const by = `${opts.utf8 && host.unicode ? host.unicode : host.ascii} (${addressLiteral(s.localIp)})`;
  let withProto = opts.utf8 ? 'UTF8SMTP' : s.phase.kind !== 'connected' && s.phase.hello.ehlo ? 'ESMTP' : 'SMTP';
  if (s.tls) withProto += 'S';
  if (s.auth) withProto += 'A'; // RFC 3848 §2
  const words = ['from', opts.from, 'by', by, 'via', 'tcp', 'with', withProto + (opts.requireTls ? ' (requiretls)' : ''), 'id', s.ports.receivedId(s.cid)];
  if (s.socket instanceof TLSSocket) words.push(...tlsComment(s.socket));
  if (opts.rcptTo) words.push('for', `<${opts.rcptTo}>;`);
  else words[words.length - 1] += ';';
  const now = s.ports.clock.now();
  words.push(formatMessageDate(now, localZoneOffset(now)));
  return foldedField('Received', words);
}
