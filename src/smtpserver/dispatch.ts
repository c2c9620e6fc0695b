import { LineTooLongError, ReaderClosedError } from '../io/index.js';
import {
  C421ServiceUnavail,
  C451LocalErr,
  C500BadSyntax,
  ReplyError,
  SeProto5BadCmdOrSeq1,
  SeProto5Other0,
  SeProto5Syntax2,
  SePol7Other0,
  SeSys3NotAccepting2,
  SeSys3Other0,
} from '../smtp/index.js';
import { commands } from './commands/index.js';
import { maxCommandLine, type Session } from './session.js';

/**
 * Runs a session: greeting, then one command at a time until QUIT, a fatal error, the
 * client leaving, or shutdown. This is the one place that turns thrown {@link ReplyError}s
 * into replies (style rule 4); anything else becomes "451 4.3.0" and the session goes on.
 */
export async function runSession(s: Session): Promise<string> {
  const conn = s.ports.connectionOpened(s.remoteIp);
  if (!conn.ok) {
    // As mox: refuse at the door with 421 (RFC 5321 §3.8) and close.
    s.reply(C421ServiceUnavail, SePol7Other0, conn.reason === 'rate' ? 'connection rate from your ip or network too high, slow down please' : 'too many open connections from your ip or network');
    await s.flush();
    return `connection limit (${conn.reason})`;
  }
  try {
    if (s.submission && !s.ports.authAllowed(s.remoteIp)) {
      s.reply(C421ServiceUnavail, SePol7Other0, 'too many auth failures');
      await s.flush();
      return 'too many auth failures';
    }
    return await commandLoop(s);
  } finally {
    conn.release();
  }
}

async function commandLoop(s: Session): Promise<string> {
  // RFC 5321 §4.2: greeting; "ESMTP" as mox (and cr.yp.to/smtp/greeting.html) recommends.
  s.reply(220, '', `${s.config.hostname.ascii} ESMTP mox`);
  for (;;) {
    if (s.ctx.shutdown.aborted) {
      s.reply(C421ServiceUnavail, SeSys3NotAccepting2, 'shutting down');
      await s.flush();
      return 'shutdown';
    }
    // Hold replies while pipelined commands are buffered; flush before waiting for input.
    if (!s.reader.hasLine()) await s.flush();
    if (s.closing) return 'closed by server';
    let line: Buffer;
    try {
      line = await readCommandLine(s);
    } catch (e) {
      if (e instanceof LineTooLongError) {
        s.reply(C500BadSyntax, SeProto5Other0, `line too long, smtp max is 512, we reached ${maxCommandLine}`);
        await s.flush();
        return 'line too long';
      }
      if (e instanceof ShutdownError) continue;
      throw e;
    }
    await handleLine(s, line);
  }
}

class ShutdownError extends Error {}

/** Reads the next command line, or throws ShutdownError when the server stops first. */
async function readCommandLine(s: Session): Promise<Buffer> {
  const quick = s.reader.tryReadLine(maxCommandLine);
  if (quick) return quick;
  const onAbort = () => s.reader.close(new ShutdownError('shutdown'));
  s.ctx.shutdown.addEventListener('abort', onAbort, { once: true });
  try {
    return await s.reader.readLine(maxCommandLine);
  } finally {
    s.ctx.shutdown.removeEventListener('abort', onAbort);
  }
}

async function handleLine(s: Session, raw: Buffer): Promise<void> {
  const line = raw.toString('utf8');
  const sp = line.indexOf(' ');
  const verb = (sp < 0 ? line : line.slice(0, sp)).toLowerCase();
  const args = sp < 0 ? '' : line.slice(sp);
  const spec = commands.get(verb);
  s.traceIn(line, verb === 'auth' && s.ctx.config.service !== 'smtp');
  s.cmd = spec ? verb : 'unknown';
  const first = s.commands++ === 0;
  try {
    if (!spec) {
      if (first) {
        // mox: a client that does not start with a known command is probably not SMTP.
        throw new ReplyError(C500BadSyntax, SeProto5Syntax2, 'please try again speaking smtp', { close: true, noId: true });
      }
      throw new ReplyError(C500BadSyntax, SeProto5BadCmdOrSeq1, 'unknown command');
    }
    await spec.run(s, args);
  } catch (e) {
    if (e instanceof ReaderClosedError) throw e;
    // The client is gone: nothing to answer, and not a server error.
    if (s.socket.destroyed) throw new ReaderClosedError('connection closed', { cause: e });
    if (e instanceof LineTooLongError) {
      // A line read by the command (e.g. an AUTH response) was too long, as in the main loop.
      s.reply(C500BadSyntax, SeProto5Other0, `line too long, smtp max is 512, we reached ${maxCommandLine}`);
      s.closing = true;
      return;
    }
    if (e instanceof ReplyError) {
      if (e.cause !== undefined) s.log.log(e.opts.level ?? 'debug', 'smtp error', { cmd: s.cmd, code: e.code, err: e.cause });
      s.replyError(e);
      if (e.opts.close) s.closing = true;
    } else {
      s.log.error('command failed', { cmd: s.cmd, err: e });
      s.replyError(new ReplyError(C451LocalErr, SeSys3Other0, 'internal error, try again later'));
    }
  }
  s.log.debug('smtp command result', { kind: s.submission ? 'submission' : 'smtp', cmd: s.cmd });
}
