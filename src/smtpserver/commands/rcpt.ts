import {
  C250Completed,
  C452StorageFull,
  C550MailboxUnavail,
  C553BadMailbox,
  C555UnrecognizedAddrParams,
  CommandParser,
  ReplyError,
  SeAddr1Other0,
  SeAddr1UnknownDestMailbox1,
  SeMsg6NonASCIIAddrNotPermitted7,
  SeProto5TooManyRcpts3,
  SeSys3NotSupported3,
} from '../../smtp/index.js';
import { needAuth, needTlsForMail } from '../guards.js';
import { applyVerdict } from '../policy.js';
import { parsing, sequenceError } from '../replies.js';
import { needHello, type Session } from '../session.js';
import type { RecipientTarget } from '../ports.js';

/** RCPT TO: RFC 5321 §4.1.1.3. */
export async function rcpt(s: Session, args: string): Promise<void> {
  needHello(s);
  needAuth(s);
  const tx = s.tx;
  if (!tx) throw sequenceError('missing MAIL FROM');
  const p = new CommandParser(args, { utf8: true, pedantic: s.config.pedantic });
  const path = parsing(() => {
    p.take(' TO:');
    p.optionalSpaces();
    return p.path({ allowNull: false, allowPostmaster: true });
  });
  const params = parsing(() => p.params());
  if (params.length > 0) {
    // mox takes no RCPT parameters (no DSN extension).
    throw new ReplyError(C555UnrecognizedAddrParams, SeSys3NotSupported3, `unrecognized parameter ${JSON.stringify(params[0]!.key)}`);
  }
  if (!tx.params.smtputf8 && /[^\x00-\x7f]/.test(path.localpart)) {
    // RFC 6531 §3.4.
    throw new ReplyError(C553BadMailbox, SeMsg6NonASCIIAddrNotPermitted7, 'non-ascii address not permitted without smtputf8');
  }
  needTlsForMail(s);
  // RFC 5321 §4.5.3.1.10: past the limit, 452 (not 552).
  if (tx.rcpts.length >= s.config.maxRecipients) {
    throw new ReplyError(C452StorageFull, SeProto5TooManyRcpts3, `max of ${s.config.maxRecipients} recipients reached`);
  }
  // RFC 5321 §4.5.5: bounces have one recipient (mox enforces it on incoming mail).
  if (!s.submission && tx.rcpts.length > 0 && tx.from.localpart === '' && !tx.from.ipdomain.domain) {
    throw new ReplyError(C452StorageFull, SeProto5TooManyRcpts3, 'only one recipient allowed with null reverse address');
  }
  await applyVerdict(s, s.ports.policy.rcptTo({ cid: s.cid, service: s.config.service, account: s.auth?.account }, tx.from, path));
  let target: RecipientTarget | undefined;
  if (path.ipdomain.ip) {
    if (!s.submission) throw new ReplyError(C550MailboxUnavail, SeAddr1UnknownDestMailbox1, 'not accepting email for ip');
  } else if (!s.submission) {
    target = s.ports.resolveRecipient(path);
  }
  tx.rcpts.push({ path, target });
  s.reply(C250Completed, SeAddr1Other0, 'now on the list');
}
