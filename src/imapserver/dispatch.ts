import { ReaderClosedError } from '../io/index.js';
import {
  enablesCondstore,
  ImapParseError,
  parseArguments,
  readCommand,
  type ImapCommand,
  type LiteralAnnouncement,
  type ReadCommandOptions,
  usesSequenceNumbers,
} from '../imap/index.js';
import { authSucceeded } from './auth.js';
import { capabilities } from './capabilities.js';
import { commands, type CommandSpec, type StateReq } from './commands/index.js';
import { appendQuotaCheck } from './commands/quota.js';
import { applyChanges, pushChanges } from './idle.js';
import { bad, ImapError } from './responses.js';
import { needQresyncEnabled } from './resync.js';
import { ShutdownError, type Session } from './session.js';
import { uidOnly } from './vanished.js';

/** Commands that take message sequence numbers, refused with UIDONLY (RFC 9586 §3). */
const SEQUENCE_COMMANDS = new Set(['FETCH', 'STORE', 'COPY', 'MOVE', 'REPLACE', 'SEARCH', 'SORT', 'THREAD']);
const uidRequired = 'cannot use message sequence numbers with uidonly';

/**
 * Runs a session: greeting, then one command at a time until LOGOUT, a fatal error, the
 * client leaving, or shutdown (RFC 9051 §7.1.5 "* BYE"). This is the one place that turns
 * thrown errors into responses (style rule 4): {@link ImapParseError} and `BAD`/`NO`
 * {@link ImapError}s go to the client as they are; anything else becomes
 * `NO [SERVERBUG]` and the session goes on.
 */
export async function runSession(s: Session): Promise<string> {
  const conn = s.ports.connectionOpened?.(s.remoteIp) ?? { ok: true as const, release: () => undefined };
  if (!conn.ok) {
    s.line(conn.reason === 'rate' ? '* BYE connection rate from your ip or network too high, slow down please' : '* BYE too many open connections from your ip or network');
    await s.flush();
    return `connection limit (${conn.reason})`;
  }
  try {
    return await serveSession(s);
  } finally {
    conn.release();
  }
}

async function serveSession(s: Session): Promise<string> {
  if (!s.ports.authAllowed(s.remoteIp)) {
    // As mox: a network with too many failed logins is refused at the door.
    s.line('* BYE too many auth failures');
    await s.flush();
    return 'too many auth failures';
  }
  // mox: a client that presented a registered certificate on an implicit-TLS connection is
  // logged in at once (RFC 9051 §7.1.4 PREAUTH), unless the key says otherwise.
  const key = s.clientKey();
  if (key && !key.noPreauth) {
    await authSucceeded(s, key.account, key.username, 'EXTERNAL');
    s.line(`* PREAUTH [CAPABILITY ${capabilities(s)}] mox imap welcomes ${key.username}`);
  } else {
    s.status(null, 'OK', 'mox imap', `CAPABILITY ${capabilities(s)}`);
  }
  const options = readOptions(s);
  for (;;) {
    if (s.ctx.shutdown.aborted) {
      s.line('* BYE mox shutting down');
      await s.flush();
      return 'shutdown';
    }
    if (s.state.kind === 'logout') return 'logout';
    if (s.closing) {
      await s.flush();
      return 'closed by server';
    }
    // Hold responses while pipelined commands are buffered; flush before waiting for input.
    const waiting = !s.reader.hasLine();
    if (waiting) await s.flush();
    // RFC 5465 §3.1: with NOTIFY, changes are sent while no command is in progress (except
    // those SELECTED-DELAYED holds back), as mox does.
    const stopPush = waiting && s.notify ? pushChanges(s, { expunges: true, delayed: false }) : undefined;
    s.beginCommand();
    let cmd: ImapCommand;
    try {
      cmd = await readCommand(s.source, options);
    } catch (e) {
      if (e instanceof ShutdownError) continue;
      if (e instanceof ImapParseError) {
        readFailed(s, e);
        continue;
      }
      throw e;
    } finally {
      await stopPush?.();
    }
    try {
      await handle(s, cmd);
    } catch (e) {
      if (e instanceof ShutdownError) continue;
      throw e;
    }
  }
}

function readOptions(s: Session): ReadCommandOptions {
  const quota = appendQuotaCheck(s);
  return {
    limits: { maxLiteralSize: s.config.maxLiteral, maxAppendSize: s.config.appendLimit },
    // RFC 9051 §7.6: refuse the literal of a command we would reject anyway, before the
    // client sends it (example "A044 BLURDYBLOOP {102856}").
    checkLiteral: (lit: LiteralAnnouncement) => {
      const spec = commands.get(lit.command);
      if (!spec) throw new ImapParseError(`unknown command ${lit.command}`, { tag: lit.tag, command: lit.command });
      const why = stateError(s, spec.states);
      if (why) throw new ImapParseError(why, { tag: lit.tag, command: lit.command });
      quota(lit);
      if (uidOnly(s) && SEQUENCE_COMMANDS.has(lit.command)) throw new ImapParseError(uidRequired, { tag: lit.tag, command: lit.command, code: 'UIDREQUIRED' });
    },
  };
}

/** A command that could not be read: BAD, and `* BYE` when the connection cannot go on. */
function readFailed(s: Session, e: ImapParseError): void {
  s.log.debug('imap syntax error', { err: e });
  s.send(s.writer().parseError(e));
  // mox: a first line without a tag is probably not IMAP (an HTTP request, say).
  if (e.fatal || (s.commands === 0 && e.tag === undefined)) {
    s.line(e.fatal ? '* BYE protocol error, closing connection' : '* BYE please try again speaking imap');
    s.closing = true;
  }
}

/** Why a command cannot run in the current state, or undefined when it can. */
function stateError(s: Session, req: StateReq): string | undefined {
  const k = s.state.kind;
  switch (req) {
    case 'any':
      return undefined;
    case 'notAuthenticated':
      return k === 'notAuthenticated' ? undefined : 'already authenticated';
    case 'authenticated':
      return k === 'authenticated' || k === 'selected' ? undefined : 'not authenticated';
    case 'selected':
      return k === 'selected' ? undefined : k === 'authenticated' ? 'no mailbox selected' : 'not authenticated';
  }
}

async function handle(s: Session, cmd: ImapCommand): Promise<void> {
  const spec: CommandSpec | undefined = commands.get(cmd.name);
  const started = s.ports.clock.now();
  try {
    if (!spec) {
      if (s.commands === 0) {
        // mox: an unknown first command means the client is not speaking IMAP.
        s.status(cmd.tag, 'BAD', `unknown command ${cmd.name}`);
        s.line('* BYE please try again speaking imap');
        s.closing = true;
        return;
      }
      throw bad(`unknown command ${cmd.name}`);
    }
    s.commands++;
    const why = stateError(s, spec.states);
    if (why) throw bad(why);
    // RFC 9586 §3: with UIDONLY, commands on sequence numbers are refused, as mox does before
    // looking at the arguments; sequence numbers inside UID commands after parsing.
    if (uidOnly(s) && SEQUENCE_COMMANDS.has(cmd.name)) throw bad(uidRequired, 'UIDREQUIRED');
    const args = parseArguments(cmd, { utf8: s.utf8 });
    if (uidOnly(s) && args.command !== 'SELECT' && args.command !== 'EXAMINE' && usesSequenceNumbers(args)) {
      throw bad('cannot search message sequence numbers in search program with uidonly enabled', 'UIDREQUIRED');
    }
    needQresyncEnabled(s, args);
    if (enablesCondstore(args) && !s.condstore) condstoreEnabled(s, args.command);
    const done = (await spec.run(s, cmd.tag, args)) ?? {};
    // The OK acknowledges what the command changed: only once it is on stable storage.
    if (s.state.kind === 'authenticated' || s.state.kind === 'selected') await s.state.account.durable();
    if (done.sent) return;
    await report(s, spec);
    s.status(cmd.tag, 'OK', done.text ?? `${cmd.name} done`, done.code);
  } catch (e) {
    if (e instanceof ReaderClosedError || e instanceof ShutdownError || s.socket.destroyed) throw e;
    await report(s, spec);
    if (e instanceof ImapParseError) {
      const err = e.tag !== undefined ? e : new ImapParseError(e.text, { tag: cmd.tag, command: cmd.name, status: e.status, code: e.code, fatal: e.fatal, cause: e });
      s.log.debug('imap syntax error', { cmd: cmd.name, err });
      s.send(s.writer().parseError(err));
      if (err.fatal) {
        s.line('* BYE protocol error, closing connection');
        s.closing = true;
      }
    } else if (e instanceof ImapError) {
      if (e.cause !== undefined) s.log.log(e.level, 'imap command failed', { cmd: cmd.name, err: e.cause });
      s.status(cmd.tag, e.status, e.text, e.code);
      if (e.close) {
        s.line('* BYE closing connection');
        s.closing = true;
      }
    } else {
      s.log.error('imap command failed', { cmd: cmd.name, err: e });
      s.status(cmd.tag, 'NO', 'internal error', 'SERVERBUG');
    }
  } finally {
    s.log.debug('imap command done', { cmd: cmd.name, ms: s.ports.clock.now() - started });
  }
}

/**
 * Reports pending changes before a tagged response, where RFC 9051 §7.5.1 allows; changes
 * held for NOTIFY SELECTED-DELAYED go at the same commands (RFC 5465 §6.1.2).
 */
async function report(s: Session, spec: CommandSpec | undefined): Promise<void> {
  if ((s.pending.length === 0 && !s.overflowed) || s.state.kind === 'logout') return;
  const expunges = spec?.expunges ?? true;
  await applyChanges(s, { expunges, delayed: expunges });
}

/**
 * A CONDSTORE-enabling command (RFC 7162 §3.1) switches CONDSTORE on; with a mailbox
 * selected, the client learns its HIGHESTMODSEQ right away (RFC 7162 §3.1.2).
 */
function condstoreEnabled(s: Session, command: string): void {
  s.enabled.add('CONDSTORE');
  if (s.state.kind !== 'selected' || command === 'SELECT' || command === 'EXAMINE') return;
  const mb = s.state.account.mailboxById(s.state.mailbox.id);
  if (mb) s.status(null, 'OK', 'after condstore-enabling command', `HIGHESTMODSEQ ${mb.modseq}`);
}
