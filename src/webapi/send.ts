import { randomBytes } from 'node:crypto';
import { foldedField, formatMessageDate, localZoneOffset } from '../message/index.js';
import { addressString, type Address } from '../smtp/index.js';
import { FlagBits, StoreError } from '../store/index.js';
import { composeMessage, type ComposeFile } from './compose.js';
import type { CallContext, CallResult } from './context.js';
import { WebapiError } from './errors.js';
import { fromIdLocalpart, newFromId, usesFromId } from './fromid.js';
import { rfc3339 } from './json.js';
import { detectContentType } from './sniff.js';
import { needAddress } from './suppressions.js';
import type { File, NameAddress, SendRequest, SendResult, Submission } from './types.js';

/** mox's FutureReleaseIntervalMax: 60 days. */
const futureReleaseMaxMs = 60 * 24 * 3600_000;

const controlChars = /[\x00-\x1f]/;

/** mox's check on names, subject, header fields and message ids: no control characters. */
function needNoControl(s: string): void {
  if (controlChars.test(s)) throw new WebapiError('user', 'checking header values: control characters not allowed');
}

function parseNameAddresses(l: NameAddress[]): { name: string; addr: Address; given: string }[] {
  return l.map((a) => {
    needNoControl(a.Name);
    return { name: a.Name, addr: needAddress(a.Address), given: a.Address };
  });
}

const nonAscii = (s: string) => /[^\x00-\x7f]/.test(s);

// Go's time.RFC3339 layout (no fraction), at the offset the caller used.
function rfc3339Offset(s: string): { ms: number; offset: number } {
  const m = /([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(s);
  const offset = !m || !m[2] ? 0 : (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  return { ms: Date.parse(s), offset };
}

function jsonFile(f: File): ComposeFile {
  // Base64 as Go's StdEncoding reads it: padding required, line breaks skipped.
  const clean = f.Data.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new WebapiError('user', 'parsing attachment as base64: illegal base64 data');
  }
  const data = Buffer.from(clean, 'base64');
  let contentType = f.ContentType;
  if (contentType === '') {
    contentType = detectContentType(data);
    if (contentType === 'application/octet-stream') contentType = '';
  }
  needNoControl(f.ContentID);
  return { name: f.Name, contentType, contentId: f.ContentID, data };
}

function uploadedFiles(ctx: CallContext, field: string): ComposeFile[] {
  return ctx.files
    .filter((f) => f.field === field)
    .map((f) => {
      let contentType = f.contentType;
      if (contentType === '') {
        contentType = detectContentType(f.data);
        if (contentType === 'application/octet-stream') contentType = '';
      }
      return { name: f.filename, contentType, contentId: f.contentId, data: f.data };
    });
}

/**
 * Send: composes the message and queues it for each To, CC and BCC recipient, as mox's
 * webapi does. Checks in mox's order: a body, at most one From, valid addresses, a From of
 * the account, at least one recipient. Then composes (RFC 5322, MIME per RFC 2045-2049),
 * adds a Received header per recipient (RFC 5321 §4.4), and adds to the queue the way SMTP
 * submission does; with SaveSent a copy goes to the Sent mailbox (RFC 6154 §2, \Sent).
 * todo(RFC 6376 §5): DKIM-sign with the From domain's selectors, as mox does.
 */
export async function send(ctx: CallContext, req: SendRequest): Promise<CallResult> {
  const { ports } = ctx;
  const settings = ports.settings(ctx.account.name);
  if (!settings) throw new WebapiError('server', 'account configuration not found');
  if (req.Text === '' && req.HTML === '') throw new WebapiError('missingBody', 'at least text or html body required');
  let fromList = req.From;
  if (fromList.length === 0) fromList = [{ Name: settings.fullName, Address: ctx.loginAddress }];
  else if (fromList.length > 1) throw new WebapiError('multipleFrom', 'multiple from-addresses not allowed');
  const from = parseNameAddresses(fromList)[0]!;
  const to = parseNameAddresses(req.To);
  const cc = parseNameAddresses(req.CC);
  const bcc = parseNameAddresses(req.BCC);
  const recipients = [...to, ...cc, ...bcc];

  const allow = ports.allowMsgFrom(ctx.account.name, from.addr.localpart, from.addr.domain);
  if (allow.domainDisabled) throw new WebapiError('domainDisabled', 'domain of from-address is temporarily disabled');
  if (!allow.ok) throw new WebapiError('badFrom', 'from-address not configured for account');
  if (recipients.length === 0) throw new WebapiError('noRecipients', 'no recipients');
  // todo(RFC 6409 §8): mox's daily send limits (messageLimitReached, recipientLimitReached).

  const replyTo = parseNameAddresses(req.ReplyTo);
  // RFC 6531 §3.3: an internationalized localpart anywhere means SMTPUTF8 and UTF-8 headers.
  const smtputf8 = [from, ...recipients, ...replyTo].some((a) => nonAscii(a.addr.localpart));
  const host = ports.hostname;
  const hostName = smtputf8 && host.unicode ? host.unicode : host.ascii;

  needNoControl(req.Subject);
  const now = ports.clock.now();
  const date = req.Date ? rfc3339Offset(req.Date) : { ms: now, offset: localZoneOffset(now) };
  let messageId = req.MessageID;
  if (messageId === '') messageId = `<${randomBytes(16).toString('base64url')}@${hostName}>`;
  else if (!messageId.startsWith('<') || !messageId.endsWith('>')) throw new WebapiError('malformedMessageID', 'missing <> in message-id');
  needNoControl(messageId);
  req.References.forEach(needNoControl);
  let haveUserAgent = false;
  for (const [k, v] of req.Headers) {
    needNoControl(k);
    needNoControl(v);
    if (/^(user-agent|x-mailer)$/i.test(k)) haveUserAgent = true;
  }
  const headers = [...req.Headers];
  if (!haveUserAgent) headers.push(['User-Agent', ctx.userAgent]);

  const files = (l: File[], field: string) => [...l.map(jsonFile), ...uploadedFiles(ctx, field)];
  const alternativeFiles = files(req.AlternativeFiles, 'alternativefile');
  const inlineFiles = files(req.InlineFiles, 'inlinefile');
  const attachedFiles = files(req.AttachedFiles, 'attachedfile');
  const nameAddr = (a: { name: string; addr: Address }) => ({ name: a.name, address: addressString(a.addr, smtputf8) });
  let data: Buffer;
  try {
    data = await composeMessage({
      from: nameAddr(from),
      replyTo: replyTo.map(nameAddr),
      to: to.map(nameAddr),
      cc: cc.map(nameAddr),
      subject: req.Subject,
      date: formatMessageDate(date.ms, date.offset),
      messageId,
      references: req.References,
      headers,
      text: req.Text,
      html: req.HTML,
      alternativeFiles,
      inlineFiles,
      attachedFiles,
    });
  } catch (err) {
    throw new WebapiError('server', `making message: ${(err as Error).message}`, { cause: err });
  }

  // RFC 5321 §4.4: a Received header; "for" only with one recipient, so that with several the
  // message stays identical (mox). No client IP: exposing it is not wanted.
  const receivedId = ports.receivedId(ctx.cid);
  const received = foldedField('Received', [
    'from',
    hostName,
    'by',
    hostName,
    'id',
    receivedId,
    ...ctx.tlsComment,
    'for',
    `<${recipients.length === 1 ? addressString(recipients[0]!.addr, smtputf8) : ''}>;`,
    formatMessageDate(now, localZoneOffset(now)),
  ]);
  const prefix = Buffer.from(received, 'utf8');
  if (prefix.length + data.length > ctx.maxMessageSize) throw new WebapiError('messageTooLarge', 'message too large');

  let futureRelease: { at: number; request: string } | undefined;
  if (req.FutureRelease) {
    const fr = rfc3339Offset(req.FutureRelease);
    if (fr.ms - now > futureReleaseMaxMs) {
      throw new WebapiError('user', 'scheduling delivery: date/time can not be further than 1440h0m0s in the future');
    }
    futureRelease = { at: fr.ms, request: `until;${rfc3339(fr.ms - (fr.ms % 1000), fr.offset)}` };
  }

  const common = {
    cid: ctx.cid,
    account: ctx.account.name,
    prefix,
    data,
    has8bit: data.some((b) => b >= 0x80),
    smtputf8,
    requireTls: req.RequireTLS,
    messageId,
    subject: req.Subject,
    extra: req.Extra ?? {},
    futureRelease,
  };
  const rcpt = (a: { addr: Address }) => ({ localpart: a.addr.localpart, domain: a.addr.domain });
  const fromIds: string[] = recipients.map(() => '');
  const queueIds: number[] = [];
  try {
    const sep = ports.catchallSeparator(from.addr.domain);
    if (sep !== '' && usesFromId(ctx.loginAddress, settings.fromIdLoginAddresses)) {
      // One queue message per recipient, each with its own MAIL FROM: <base><sep><fromid>.
      for (const [i, r] of recipients.entries()) {
        fromIds[i] = newFromId();
        const sender = { localpart: fromIdLocalpart(from.addr.localpart, sep, fromIds[i]), domain: from.addr.domain };
        queueIds.push(...(await ports.submit({ ...common, sender, fromId: fromIds[i], recipients: [rcpt(r)] })));
      }
    } else {
      queueIds.push(...(await ports.submit({ ...common, sender: rcpt(from), fromId: '', recipients: recipients.map(rcpt) })));
    }
  } catch (err) {
    throw new WebapiError('server', `adding messages to the delivery queue: ${(err as Error).message}`, { cause: err });
  }

  if (req.SaveSent) await saveSent(ctx, settings.quota, bcc, smtputf8, data);

  const submissions: Submission[] = recipients.map((r, i) => ({ Address: r.given, QueueMsgID: queueIds[i] ?? 0, FromID: fromIds[i]! }));
  const result: SendResult = { MessageID: messageId, Submissions: submissions };
  return { json: result };
}

/**
 * Stores the sent message in the mailbox with the \Sent special-use (RFC 6154 §2), if any, with
 * a Bcc header in front (only this copy has it), flagged \Seen and $NotJunk, as mox does.
 */
async function saveSent(ctx: CallContext, quota: number, bcc: { name: string; addr: Address }[], smtputf8: boolean, data: Buffer): Promise<void> {
  const sent = ctx.account.mailboxes().find((mb) => mb.specialUse === '\\Sent');
  if (!sent) return;
  let head = '';
  if (bcc.length > 0) {
    const list = bcc.map((b) => {
      const addr = addressString(b.addr, smtputf8);
      return b.name ? `${quoteName(b.name)} <${addr}>,` : `${addr},`;
    });
    list[list.length - 1] = list[list.length - 1]!.slice(0, -1);
    head = foldedField('Bcc', list);
  }
  try {
    await ctx.account.appendMessages(sent.id, [{ data: Buffer.concat([Buffer.from(head, 'utf8'), data]), flags: FlagBits['\\seen'] | FlagBits.$notjunk }], {
      quota: quota > 0 ? quota : undefined,
    });
  } catch (err) {
    if (err instanceof StoreError && err.code === 'overQuota') {
      throw new WebapiError('sentOverQuota', `message was sent, but not stored in sent mailbox: ${err.message}`);
    }
    throw new WebapiError('server', `message submitted to queue, appending message to Sent mailbox: ${(err as Error).message}`, { cause: err });
  }
}

// RFC 5322 §3.2.4: a display name that is not all atext and spaces goes in a quoted-string.
function quoteName(name: string): string {
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return name;
  return `"${name.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}
