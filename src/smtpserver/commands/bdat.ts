import {
  C250Completed,
  C500BadSyntax,
  C501BadParamSyntax,
  ReplyError,
  SeOther00,
  SeProto5BadCmdOrSeq1,
  SeProto5Syntax2,
} from '../../smtp/index.js';
import { needAuth } from '../guards.js';
import { acceptMessage, has8bit } from '../message.js';
import { sequenceError, tooLargeError } from '../replies.js';
import { needHello, type Session } from '../session.js';

/**
 * BDAT: RFC 3030 §2. The chunk's bytes follow the command line and are always read, also
 * when the command fails, so the session stays in step with the client. The last chunk
 * completes the message like the end of DATA; a failure anywhere ends the transaction.
 */
export async function bdat(s: Session, args: string): Promise<void> {
  if (!chunkingOffered(s)) {
    // The client may have sent chunk data we cannot delimit: answer and close.
    throw new ReplyError(C500BadSyntax, SeProto5BadCmdOrSeq1, 'unknown command', { close: true });
  }
  const m = /^ (\d{1,18})( +LAST)? *$/i.exec(args);
  if (!m) throw new ReplyError(C501BadParamSyntax, SeProto5Syntax2, 'bad syntax: expected BDAT size [LAST]', { close: true });
  const size = Number(m[1]);
  const last = !!m[2];
  const max = s.config.maxMessageSize;
  const tx = s.tx;
  // Read (or skip, when over the limit or out of sequence) exactly the announced bytes.
  const have = tx?.chunks?.size ?? 0;
  const keep = !!tx && tx.rcpts.length > 0 && !tx.chunks?.tooLarge && have + size <= max;
  const data = keep ? await s.reader.readExact(size) : await skip(s, size);
  try {
    needHello(s);
    needAuth(s);
    if (!tx) throw sequenceError('missing MAIL FROM');
    if (tx.rcpts.length === 0) throw sequenceError('missing RCPT TO');
    const chunks = (tx.chunks ??= { parts: [], size: 0, tooLarge: false });
    if (data) chunks.parts.push(data);
    else chunks.tooLarge = true;
    chunks.size += size;
    if (!last) {
      s.reply(C250Completed, SeOther00, `${size} octets received`);
      return;
    }
    if (chunks.tooLarge) throw tooLargeError(chunks.size);
    const msg = Buffer.concat(chunks.parts, chunks.size);
    await acceptMessage(s, tx, { data: msg, has8bit: has8bit(msg) });
    s.resetTransaction();
  } catch (e) {
    // RFC 3030 §2: a failed chunk fails the transaction.
    s.resetTransaction();
    throw e;
  }
}

/** CHUNKING is offered on TLS connections (announced in EHLO). */
export function chunkingOffered(s: Session): boolean {
  return s.tls;
}

async function skip(s: Session, n: number): Promise<undefined> {
  while (n > 0) n -= (await s.reader.readSome(Math.min(n, 256 * 1024))).length;
  return undefined;
}
