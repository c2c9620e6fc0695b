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

  const m = /^ ([A-Za-z0-9_-]{1,20})(?: +(\S*))?$/.exec(args);
  if (!m) throw syntaxError('expected AUTH mechanism [initial-response]');
  const [, mechName, initialText] = m as unknown as [string, string, string | undefined];
  if (initialText === '') throw new ReplyError(C501BadParamSyntax, SeProto5Syntax2, 'missing initial auth base64 parameter after space');

  let mech: ServerMechanism;
  try {
    mech = createServerMechanism(mechName, {
      lookup: s.ports.saslLookup,
      hostname: s.config.hostname.ascii,
      clock: s.ports.clock,
      tls: s.socket instanceof TLSSocket ? saslTlsBinding(s.socket, () => clientIdentity(s)) : undefined,
      unknownUserKey: s.ports.saslUnknownUserKey,
    });
  } catch (e) {
    throw saslReply(s, e, mechName);
  }
  // RFC 4954 §4: plaintext passwords only over TLS when the listener requires it.
  if (mech.cleartextCredentials && s.config.requireTlsForAuth && !s.tls) {
    throw new ReplyError(C538EncReqForAuth, SePol7EncReqForAuth11, 'authentication requires tls');
  }

  try {
    const initial = initialText === undefined ? null : decodeClientResponse(initialText, true);
    const done = await runServerMechanism(mech, initial, async (challenge) => {
      s.reply(C334ContinueAuth, '', encodeChallenge(challenge));
      await s.flush();
      const line = (await s.reader.readLine(maxCommandLine)).toString('latin1');
      s.traceIn(line, true);
      return decodeClientResponse(line, false);
    });
    s.auth = { username: done.username, account: done.account, mechanism: mech.name };
  } catch (e) {
    const reply = saslReply(s, e, mechName);
    if (reply.code === C535AuthBadCreds) {
      s.authFailures++;
      s.ports.authFailed(s.remoteIp);
      s.log.info('authentication failed', { mechanism: mech.name, username: mech.username, remote: s.remoteIp });
      s.ctx.bus.emit('smtp.authFailed', { cid: s.cid, username: mech.username, mechanism: mech.name, remote: s.remoteIp });
    }
    throw reply;
  }
  s.ports.authSucceeded(s.remoteIp);
  s.log.info('authenticated', { username: s.auth.username, account: s.auth.account, mechanism: s.auth.mechanism });
  s.ctx.bus.emit('smtp.authenticated', { cid: s.cid, username: s.auth.username, account: s.auth.account, mechanism: s.auth.mechanism });
  s.reply(C235AuthSuccess, SePol7Other0, 'nice');
}

/** The login registered for the client's TLS certificate, for EXTERNAL. */
function clientIdentity(s: Session): { username: string; account: string } | null {
  const fp = s.clientKey();
  return fp ? s.ports.tlsClientIdentity(fp) : null;
}

/** Maps a SASL failure to the SMTP reply mox gives (RFC 4954 §6). */
function saslReply(_s: Session, e: unknown, mechName: string): ReplyError {
  if (e instanceof ReplyError) return e;
  if (!isSaslError(e)) return new ReplyError(C454TempAuthFail, SeSys3Other0, 'temporary authentication failure', { cause: e, level: 'error' });
  const err = e as SaslError;
  switch (err.reason) {
    case 'aborted':
      return new ReplyError(C501BadParamSyntax, SeProto5Other0, 'authentication aborted');
    case 'malformed':
      return new ReplyError(C501BadParamSyntax, SeProto5Syntax2, err.message);
    case 'protocol':
      return new ReplyError(C455BadParams, SePol7Other0, `scram protocol error: ${err.message}`);
    case 'badCredentials':
    case 'authzFailed':
      return new ReplyError(C535AuthBadCreds, SePol7AuthBadCreds8, 'bad user/pass');
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
