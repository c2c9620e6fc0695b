import {
  C250Completed,
  C501BadParamSyntax,
  C523EncryptionNeeded,
  C550MailboxUnavail,
  C553BadMailbox,
  C554TransactionFailed,
  C555UnrecognizedAddrParams,
  CommandParser,
  ReplyError,
  SeAddr1Other0,
  SeMsg6NonASCIIAddrNotPermitted7,
  SePol7EncNeeded10,
  SePol7Other0,
  SeProto5BadParams4,
  SeSys3NotSupported3,
} from '../../smtp/index.js';
import { needAuth, needTlsForMail } from '../guards.js';
import { applyVerdict } from '../policy.js';
import { parsing, sequenceError, syntaxError, tooLargeError } from '../replies.js';
import { needHello, type Session } from '../session.js';
import type { MailParams } from '../types.js';
import { futureReleaseMaxSeconds } from './ehlo.js';

/** MAIL FROM: RFC 5321 §4.1.1.2 with the parameters of RFC 1870, 6152, 6531, 8689 and 4865. */
export async function mail(s: Session, args: string): Promise<void> {
  needHello(s);
  needAuth(s);
  if (s.phase.kind === 'mail') throw sequenceError('already have MAIL');
  needTlsForMail(s);
  const pedantic = s.config.pedantic;
  const p = new CommandParser(args, { utf8: true, pedantic });
  const from = parsing(() => {
    p.take(' FROM:');
    p.optionalSpaces();
    return p.path({ allowNull: true });
  });
  const params = mailParams(s, parsing(() => p.params()));
  // RFC 6531 §3.4: a non-ASCII address needs SMTPUTF8 on MAIL.
  if (!params.smtputf8 && /[^\x00-\x7f]/.test(from.localpart)) {
    throw new ReplyError(C553BadMailbox, SeMsg6NonASCIIAddrNotPermitted7, 'non-ascii address not permitted without smtputf8');
  }
  if (from.ipdomain.ip) {
    throw new ReplyError(C550MailboxUnavail, SePol7Other0, 'domain name required');
  }
  await applyVerdict(s, s.ports.policy.mailFrom({ cid: s.cid, service: s.config.service, account: s.auth?.account }, from));
  s.phase = { kind: 'mail', hello: s.phase.hello, tx: { from, params, rcpts: [] } };
  s.reply(C250Completed, SeAddr1Other0, 'looking good');
}

function mailParams(s: Session, list: { key: string; value: string | undefined }[]): MailParams {
  const seen = new Set<string>();
  const out: MailParams = { body8bit: false, smtputf8: false, requireTls: false };
  const need = (k: string, v: string | undefined): string => {
    if (v === undefined) throw syntaxError(`${k} needs a value`);
    return v;
  };
  const unknown = (k: string) => new ReplyError(C555UnrecognizedAddrParams, SeSys3NotSupported3, `unrecognized parameter ${JSON.stringify(k)}`);
  for (const { key, value } of list) {
    if (seen.has(key)) throw new ReplyError(C501BadParamSyntax, SeProto5BadParams4, `duplicate param ${JSON.stringify(key)}`);
    seen.add(key);
    switch (key) {
      case 'SIZE': {
        // RFC 1870 §6: the declared size may be refused at MAIL.
        const v = need(key, value);
        if (!/^\d{1,20}$/.test(v)) throw syntaxError('bad SIZE value');
        const n = Number(v);
        if (n > s.config.maxMessageSize) throw tooLargeError(n);
        out.size = n;
        break;
      }
      case 'BODY': {
        const v = need(key, value).toUpperCase();
        if (v === '7BIT') out.body8bit = false;
        else if (v === '8BITMIME') out.body8bit = true; // RFC 6152 §2
        else throw new ReplyError(C555UnrecognizedAddrParams, SeProto5BadParams4, `unrecognized parameter ${JSON.stringify(key)}`);
        break;
      }
      case 'AUTH':
        // RFC 4954 §5: the AUTH parameter is accepted and ignored.
        if (!value || !/^<.*>$/.test(value)) throw syntaxError('bad AUTH parameter');
        break;
      case 'SMTPUTF8':
        if (value !== undefined) throw syntaxError('SMTPUTF8 takes no value');
        out.smtputf8 = true; // RFC 6531 §3.4
        break;
      case 'REQUIRETLS':
        // RFC 8689 §4.1: only on a TLS connection.
        if (!s.tls) throw new ReplyError(C523EncryptionNeeded, SePol7EncNeeded10, 'requiretls only allowed on tls-encrypted connections');
        if (!s.config.requireTlsExtension) throw unknown(key);
        out.requireTls = true;
        break;
      case 'HOLDFOR':
      case 'HOLDUNTIL':
        if (!s.submission) throw unknown(key);
        if (seen.has(key === 'HOLDFOR' ? 'HOLDUNTIL' : 'HOLDFOR')) {
          throw new ReplyError(C501BadParamSyntax, SeProto5BadParams4, 'cannot use both HOLDUNTIL and HOLDFOR');
        }
        out.futureRelease = futureRelease(s, key, need(key, value));
        break;
      default:
        throw unknown(key);
    }
  }
  return out;
}

/** RFC 4865 §4: HOLDFOR=<seconds> or HOLDUNTIL=<RFC 3339 UTC time>. */
function futureRelease(s: Session, key: string, v: string): { at: number; request: string } {
  const now = s.ports.clock.now();
  const tooFar = (m: string) => new ReplyError(C554TransactionFailed, SeProto5BadParams4, m);
  if (key === 'HOLDFOR') {
    if (!/^\d{1,9}$/.test(v)) throw syntaxError('bad HOLDFOR value');
    const n = Number(v);
    if (n > futureReleaseMaxSeconds) throw tooFar('future release interval too far in the future');
    return { at: now + n * 1000, request: `for;${n}` };
  }
  // RFC 4865 §4: date-time per RFC 3339, in UTC ("Z").
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/i.test(v)) throw syntaxError('bad HOLDUNTIL value');
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw syntaxError('bad HOLDUNTIL value');
  if (t <= now) throw tooFar('requested future release time is in the past');
  if (t - now > futureReleaseMaxSeconds * 1000) throw tooFar('requested future release time is too far in the future');
  return { at: t, request: `until;${v}` };
}
