import { TLSSocket } from 'node:tls';
import { ReaderClosedError } from '../../io/index.js';
import { C220ServiceReady, SeOther00 } from '../../smtp/index.js';
import { needNoArgs, sequenceError } from '../replies.js';
import { needHello, type Session } from '../session.js';

/** Time allowed for the TLS handshake after "220 go!". */
const handshakeTimeoutMs = 30_000;

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
  // Bytes after the STARTTLS line are the client's handshake (clients may pipeline it):
  // hand them to the TLS layer rather than dropping them.
  const pending = s.reader.detach();
  const plain = s.socket;
  if (pending.length) plain.unshift(pending);
  const secure = new TLSSocket(plain, { isServer: true, secureContext: ctx });
  try {
    await handshake(secure);
  } catch (e) {
    secure.destroy();
    // The connection cannot continue: end the session.
    throw new ReaderClosedError('tls handshake failed', { cause: e });
  }
  s.socket = secure;
  s.reader.attach(secure);
  // RFC 3207 §4.2: forget everything learned before TLS; the client must EHLO again.
  s.restart();
  s.ctx.bus.emit('smtp.tlsStarted', { cid: s.cid, version: secure.getProtocol() ?? '', cipher: secure.getCipher()?.name ?? '' });
}

function handshake(sock: TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('tls handshake timeout')), handshakeTimeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      sock.off('secure', ok);
      reject(e);
    };
    const ok = () => {
      clearTimeout(timer);
      sock.off('error', fail);
      resolve();
    };
    sock.once('secure', ok);
    sock.once('error', fail);
    sock.once('close', () => fail(new Error('connection closed during tls handshake')));
  });
}
