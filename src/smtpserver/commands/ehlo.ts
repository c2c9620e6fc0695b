import { C250Completed, CommandParser, ipDomainString } from '../../smtp/index.js';
import { parsing } from '../replies.js';
import { chunkingOffered } from './bdat.js';
import type { Session } from '../session.js';

/** mox's FUTURERELEASE maximum interval: 60 days (RFC 4865 §3). */
export const futureReleaseMaxSeconds = 60 * 24 * 3600;

/** EHLO: RFC 5321 §4.1.1.1, the extension list as mox announces it. */
export function ehlo(s: Session, args: string): void {
  hello(s, args, true);
}

/** HELO: RFC 5321 §4.1.1.1; a plain one-line greeting without extensions. */
export function helo(s: Session, args: string): void {
  hello(s, args, false);
}

function hello(s: Session, args: string, isEhlo: boolean): void {
  let name: string;
  if (s.submission && !s.config.pedantic) {
    // mox: mail clients often send junk here; for submission it is of no use, so take the IP.
    name = s.remoteIp;
  } else {
    const p = new CommandParser(args, { utf8: true, pedantic: s.config.pedantic });
    name = parsing(() => {
      p.space();
      const d = p.ipDomain();
      // RFC 5321 §4.1.1.1: text may follow an address literal; allow it when space-separated.
      if (d.ip && !p.empty()) {
        p.space();
        p.rest();
      }
      p.end();
      return ipDomainString(d);
    });
  }
  // RFC 5321 §4.1.4: EHLO/HELO resets the transaction as RSET does.
  s.phase = { kind: 'hello', hello: { ehlo: isEhlo, name } };
  const host = s.config.hostname.ascii;
  if (!isEhlo) {
    s.reply(C250Completed, '', host);
    return;
  }
  const ext: string[] = ['PIPELINING', `SIZE ${s.config.maxMessageSize}`]; // RFC 2920, RFC 1870
  if (!s.tls && s.config.tls) ext.push('STARTTLS'); // RFC 3207 §4
  else if (s.config.requireTlsExtension) ext.push('REQUIRETLS'); // RFC 8689 §3
  if (s.submission) {
    // RFC 4954 §4: no mechanisms while TLS is required and absent.
    ext.push(`AUTH ${s.tls || !s.config.requireTlsForAuth ? authMechanisms(s).join(' ') : ''}`.trimEnd());
    const until = new Date(s.ports.clock.now() + futureReleaseMaxSeconds * 1000);
    ext.push(`FUTURERELEASE ${futureReleaseMaxSeconds} ${until.toISOString().replace(/\.\d+Z$/, 'Z')}`); // RFC 4865 §3
  }
  ext.push('ENHANCEDSTATUSCODES', '8BITMIME', `LIMITS RCPTMAX=${s.config.maxRecipients}`, 'SMTPUTF8'); // RFC 2034, 6152, 9422, 6531
  if (chunkingOffered(s)) ext.push('CHUNKING'); // RFC 3030; beyond mox, offered once TLS is on
  const lines = [host, ...ext];
  s.replyLines(lines.map((l, i) => `250${i < lines.length - 1 ? '-' : ' '}${l}`));
}

/** SASL mechanisms announced, in mox's order. */
export function authMechanisms(s: Session): string[] {
  // mox lists the -PLUS variants even without TLS, as a hint that TLS would allow binding.
  const mechs = ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1', 'CRAM-MD5', 'PLAIN', 'LOGIN'];
  // RFC 4422 App. A: EXTERNAL when the client presented a certificate (mox lists it first).
  return s.clientKey() ? ['EXTERNAL', ...mechs] : mechs;
}
