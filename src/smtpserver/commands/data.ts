import {
  C354Continue,
  C500BadSyntax,
  ReplyError,
  SeProto5Syntax2,
} from '../../smtp/index.js';
import { DotUnstuffer } from '../../io/index.js';
import { needAuth } from '../guards.js';
import { needNoArgs, sequenceError, tooLargeError } from '../replies.js';
import { needHello, type Session } from '../session.js';
import { acceptMessage, type ReceivedData } from '../message.js';

/** DATA: RFC 5321 §4.1.1.4. The transaction ends with this command whatever its outcome. */
export async function data(s: Session, args: string): Promise<void> {
  needHello(s);
  needAuth(s);
  needNoArgs(args, 'DATA');
  const tx = s.tx;
  if (!tx) throw sequenceError('missing MAIL FROM');
  if (tx.rcpts.length === 0) throw sequenceError('missing RCPT TO');
  if (tx.chunks) {
    // RFC 3030 §2: DATA cannot follow BDAT in one transaction.
    s.resetTransaction();
    throw sequenceError('cannot mix BDAT and DATA');
  }
  s.reply(C354Continue, '', 'see you at the bare dot');
  await s.flush();
  try {
    await acceptMessage(s, tx, await readData(s));
  } finally {
    s.resetTransaction();
  }
}

/**
 * Reads the message up to the final "." line. Over the size limit the rest is read and
 * dropped, so the client can go on with the next transaction, then 552 (RFC 5321
 * §4.5.3.1.10, RFC 1870 §6.3).
 */
async function readData(s: Session): Promise<ReceivedData> {
  const dot = new DotUnstuffer();
  const chunks: Buffer[] = [];
  let size = 0;
  const max = s.config.maxMessageSize;
  for (;;) {
    const chunk = await s.reader.readSome(256 * 1024);
    const r = dot.push(chunk);
    size += r.out.length;
    if (size <= max) chunks.push(r.out);
    if (r.done) {
      s.reader.unread(r.rest);
      break;
    }
  }
  if (s.log.enabled('tracedata')) s.log.log('tracedata', `RD: ${size} bytes`);
  if (size > max) throw tooLargeError(size);
  // RFC 5321 §2.3.8: lines end in CRLF; bare CR or LF could smuggle a second message past a
  // relay that sees line ends differently (mox rejects it).
  if (dot.bareCrLf) throw new ReplyError(C500BadSyntax, SeProto5Syntax2, 'invalid bare \\r or \\n, may be smtp smuggling');
  return { data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), has8bit: dot.has8bit };
}
