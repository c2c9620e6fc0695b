import { TLSSocket } from 'node:tls';
import {
  createServerMechanism,
  decodeClientResponse,
  encodeChallenge,
  isSaslError,
  runServerMechanism,
  type SaslError,
  type ServerMechanism,
} from '../../sasl/index.js';
import { saslTlsBinding } from '../../tls/index.js';
import {
  C235AuthSuccess,
  C334ContinueAuth,
  C421ServiceUnavail,
  C454TempAuthFail,
  C455BadParams,
  C501BadParamSyntax,
  C504ParamNotImpl,
  C535AuthBadCreds,
  C538EncReqForAuth,
  ReplyError,
  SePol7AuthBadCreds8,
  SePol7EncReqForAuth11,
  SePol7MsgIntegrity7,
  SePol7Other0,
  SeProto5BadParams4,
  SeProto5Other0,
  SeProto5Syntax2,
  SeSys3Other0,
} from '../../smtp/index.js';
import { LineTooLongError, ReaderClosedError } from '../../io/index.js';
import { maxCommandLine, needHello, type Session } from '../session.js';
import { sequenceError, syntaxError } from '../replies.js';

/** AUTH: RFC 4954 with the SASL mechanisms of src/sasl. */
export async function auth(s: Session, args: string): Promise<void> {
  needHello(s);
  if (!s.submission) throw sequenceError('authentication only allowed on submission ports');
  if (s.auth) throw sequenceError('already authenticated');
  if (s.tx) throw sequenceError('authentication not allowed during mail transaction');
  if (!s.ports.authAllowed(s.remoteIp)) {
    throw new ReplyError(C421ServiceUnavail, SePol7Other0, 'too many auth failures', { close: true });
  }
  // mox: after 3 failures on one connection, each attempt waits a second longer.
  if (s.authFailures > 3) await s.pause((s.authFailures - 3) * 1000);
  // As mox, every attempt that does not succeed counts toward the limits (see failed()).
  const m = /^ ([A-Za-z0-9_-]{1,20})(?: +(\S*))?$/.exec(args);
  let mechName = '';
  let mech: ServerMechanism | undefined;
  try {
    if (!m) throw syntaxError('expected AUTH mechanism [initial-response]');
    mechName = m[1]!;
    const initialText = m[2];
    if (initialText === '') throw new ReplyError(C501BadParamSyntax, SeProto5Syntax2, 'missing initial auth base64 parameter after space');
    mech = createServerMechanism(mechName, {
      lookup: s.ports.saslLookup,
      hostname: s.config.hostname.ascii,
      clock: s.ports.clock,
      tls: s.socket instanceof TLSSocket ? saslTlsBinding(s.socket, () => clientIdentity(s)) : undefined,
      unknownUserKey: s.ports.saslUnknownUserKey,
      ...(s.ports.passwordCache ? { passwordCache: s.ports.passwordCache } : {}),
    });
    // RFC 4954 §4: plaintext passwords only over TLS when the listener requires it.
    if (mech.cleartextCredentials && s.config.requireTlsForAuth && !s.tls) {
      throw new ReplyError(C538EncReqForAuth, SePol7EncReqForAuth11, 'authentication requires tls');
    }
    // "*" cancels a continuation only; as an initial response it is just invalid base64 (mox).
    const initial = initialText === undefined ? null : initialText === '*' ? badBase64() : decode(initialText, true);
    const done = await runServerMechanism(mech, initial, async (challenge) => {
      s.reply(C334ContinueAuth, '', encodeChallenge(challenge));
      await s.flush();
      const line = (await s.reader.readLine(maxCommandLine)).toString('latin1');
      s.traceIn(line, true);
      return decode(line, false);
    });
    s.auth = { username: done.username, account: done.account, mechanism: mech.name };
  } catch (e) {
    // The connection is gone or the line was too long: not an authentication answer.
    if (e instanceof ReaderClosedError || e instanceof LineTooLongError) throw e;
    throw failed(s, saslReply(e, mechName), mech, e);
  }
  s.authFailures = 0;
  s.ports.authSucceeded(s.remoteIp);
  s.log.info('authenticated', { username: s.auth.username, account: s.auth.account, mechanism: s.auth.mechanism });
  s.ctx.bus.emit('smtp.authenticated', { cid: s.cid, username: s.auth.username, account: s.auth.account, mechanism: s.auth.mechanism });
  s.reply(C235AuthSuccess, SePol7Other0, 'nice');
}

/** Counts a failed attempt (except when the account lacks secrets for the mechanism, as mox) and returns the reply. */
function failed(s: Session, reply: ReplyError, mech: ServerMechanism | undefined, cause: unknown): ReplyError {
  if (isSaslError(cause) && (cause as SaslError).reason === 'noSecrets') return reply;
  s.authFailures++;
  s.ports.authFailed(s.remoteIp);
  const username = mech?.username ?? '';
  const mechanism = mech?.name ?? '';
  s.log.info('authentication failed', { mechanism, username, remote: s.remoteIp, code: reply.code });
  s.ctx.bus.emit('smtp.authFailed', { cid: s.cid, username, mechanism, remote: s.remoteIp });
  return reply;
}

/** Base64 of an AUTH line; bad base64 is "501 5.5.2 invalid base64" (mox). */
function decode(line: string, initial: boolean): Buffer | null {
  try {
    return decodeClientResponse(line, initial);
  } catch {
    return badBase64();
  }
}

function badBase64(): never {
  throw new ReplyError(C501BadParamSyntax, SeProto5Syntax2, 'invalid base64');
}

/** The login registered for the client's TLS certificate, for EXTERNAL. */
function clientIdentity(s: Session): { username: string; account: string } | null {
  const fp = s.clientKey();
  return fp ? s.ports.tlsClientIdentity(fp) : null;
}

/** Maps a SASL failure to the SMTP reply mox gives (RFC 4954 §6). */
function saslReply(e: unknown, mechName: string): ReplyError {
  if (e instanceof ReplyError) return e;
  if (!isSaslError(e)) return new ReplyError(C454TempAuthFail, SeSys3Other0, 'temporary authentication failure', { cause: e, level: 'error' });
  const err = e as SaslError;
  switch (err.reason) {
    case 'aborted':
      return new ReplyError(C501BadParamSyntax, SeProto5Other0, 'authentication aborted');
    case 'malformed':
      // The mechanism's data has the wrong shape (base64 errors are caught before): 5.5.4.
      return new ReplyError(C501BadParamSyntax, SeProto5BadParams4, err.message);
    case 'protocol':
      return new ReplyError(C455BadParams, SePol7Other0, `scram protocol error: ${err.message}`);
    case 'badCredentials':
    case 'authzFailed':
      // mox's texts: SCRAM failures are "bad credentials", password mechanisms "bad user/pass".
      return new ReplyError(C535AuthBadCreds, SePol7AuthBadCreds8, mechName.toUpperCase().startsWith('SCRAM') ? 'bad credentials' : 'bad user/pass');
    case 'channelBinding':
      return new ReplyError(C535AuthBadCreds, SePol7MsgIntegrity7, 'channel bindings do not match, potential mitm');
    case 'noSecrets':
      return new ReplyError(C454TempAuthFail, SeSys3Other0, 'scram not possible');
    case 'tlsRequired':
      return new ReplyError(C538EncReqForAuth, SePol7EncReqForAuth11, 'authentication requires tls');
    case 'unsupported':
      return new ReplyError(C504ParamNotImpl, SeProto5BadParams4, `mechanism ${mechName.toUpperCase()} not supported`);
  }
}
