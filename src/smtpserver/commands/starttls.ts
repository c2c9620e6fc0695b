import { serverStartTls } from '../../io/index.js';
import { C220ServiceReady, SeOther00 } from '../../smtp/index.js';
import { needNoArgs, sequenceError } from '../replies.js';
import { needHello, type Session } from '../session.js';

/** STARTTLS: RFC 3207. */
export async function starttls(s: Session, args: string): Promise<void> {
  needHello(s);
  needNoArgs(args, 'STARTTLS');
  if (s.tls) throw sequenceError('already speaking tls');
  if (s.auth) throw sequenceError('cannot starttls after authentication');
  const ctx = s.config.tls;
  if (!ctx) throw sequenceError('starttls not offered');
  s.reply(C220ServiceReady, SeOther00, `go! (${s.ports.receivedId(s.cid)})`);
  await s.flush();
  const secure = await serverStartTls(s.reader, s.socket, ctx, { requestClientCert: s.config.requestClientCert });
  s.socket = secure;
  // RFC 3207 §4.2: forget everything learned before TLS; the client must EHLO again.
  s.restart();
  s.ctx.bus.emit('smtp.tlsStarted', { cid: s.cid, version: secure.getProtocol() ?? '', cipher: secure.getCipher()?.name ?? '' });
}
