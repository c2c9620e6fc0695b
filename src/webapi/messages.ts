import {
  decodedBody,
  parseDateTime,
  parseMessage,
  partFromJSON,
  partHeader,
  readableText,
  type Part,
} from '../message/index.js';
import { FlagDeleted, type MessageInfo } from '../store/index.js';
import type { CallContext, CallResult } from './context.js';
import { WebapiError } from './errors.js';
import { rfc3339 } from './json.js';
import { envelopeNameAddresses, flagStrings, parseFlagNames } from './structure.js';
import { partStructure } from '../message/index.js';
import type { Message, MessageFlagsRequest, MessageGetResult, MessageMeta, MessageMoveRequest, MessagePartGetRequest, MsgIDRequest } from './types.js';

/** mox's limit for the Text and HTML of a parsed message. */
const readableLimit = 1024 * 1024;

// MessageGet, MessageRawGet and MessagePartGet: mox's "message not found".
function needMessage(ctx: CallContext, id: number): MessageInfo {
  const m = id > 0 ? ctx.account.message(id) : undefined;
  if (!m) throw new WebapiError('messageNotFound', 'message not found');
  return m;
}

// The changing methods (mox's webops): a zero id is a user error, a missing one not found.
function needMessageForChange(ctx: CallContext, id: number): MessageInfo {
  if (id === 0) throw new WebapiError('user', 'getting message: invalid zero message id');
  const m = ctx.account.message(id);
  if (!m) throw new WebapiError('messageNotFound', 'getting message: no such message');
  return m;
}

async function loadMessage(ctx: CallContext, m: MessageInfo): Promise<{ buf: Buffer; part: Part }> {
  const buf = await ctx.account.readMessage(m.id);
  const parsed = ctx.account.parsedOf(m.id);
  return { buf, part: parsed ? partFromJSON(parsed) : parseMessage(buf) };
}

const lf = (s: string | undefined) => (s ?? '').replace(/\r\n/g, '\n');

/** MessageGet: the message in parsed form, its structure and delivery details. */
export async function messageGet(ctx: CallContext, req: MsgIDRequest): Promise<CallResult> {
  const m = needMessage(ctx, req.MsgID);
  const { buf, part } = await loadMessage(ctx, m);
  const env = part.envelope;
  const h = partHeader(buf, part);
  // References, oldest first; In-Reply-To in front when it is not among them (as mox).
  const refs = h.getAll('References').flatMap((f) => f.value.toString('utf8').split(/[ \t\r\n]+/).filter((w) => w !== ''));
  if (env?.inReplyTo && !refs.includes(env.inReplyTo)) refs.unshift(env.inReplyTo);
  const dateText = h.text('Date');
  const date = dateText ? parseDateTime(dateText) : undefined;
  const readable = readableText(buf, part, { maxBytes: readableLimit });
  const message: Message = {
    From: envelopeNameAddresses(env?.from ?? []),
    To: envelopeNameAddresses(env?.to ?? []),
    CC: envelopeNameAddresses(env?.cc ?? []),
    BCC: envelopeNameAddresses(env?.bcc ?? []),
    ReplyTo: envelopeNameAddresses(env?.replyTo ?? []),
    MessageID: env?.messageId ?? '',
    References: refs,
    Date: date ? rfc3339(date.ms - (date.ms % 1000), date.offset) : null,
    Subject: env?.subject ?? '',
    Text: lf(readable.text),
    HTML: lf(readable.html),
  };
  const from = message.From[0];
  const meta: MessageMeta = {
    Size: m.size,
    DSN: m.dsn,
    Flags: flagStrings(m.flags, m.keywords),
    MailFrom: m.mailFrom,
    MailFromValidated: false,
    RcptTo: m.rcptTo,
    MsgFrom: from ? from.Address : '',
    MsgFromValidated: false,
    DKIMVerifiedDomains: [],
    RemoteIP: m.remoteIp,
    MailboxName: ctx.account.mailboxById(m.mailboxId)?.name ?? '',
  };
  const result: MessageGetResult = { Message: message, Structure: partStructure(part), Meta: meta };
  return { json: result };
}

/** MessageRawGet: the stored message bytes. */
export async function messageRawGet(ctx: CallContext, req: MsgIDRequest): Promise<CallResult> {
  const m = needMessage(ctx, req.MsgID);
  return { bytes: await ctx.account.readMessage(m.id), contentType: 'text/plain' };
}

/** MessagePartGet: the decoded body of the part at a path of indexes into the multipart tree. */
export async function messagePartGet(ctx: CallContext, req: MessagePartGetRequest): Promise<CallResult> {
  const m = needMessage(ctx, req.MsgID);
  const { buf, part } = await loadMessage(ctx, m);
  let p = part;
  req.PartPath.forEach((index, i) => {
    const next = p.parts[index];
    if (!next) throw new WebapiError('partNotFound', `part ${index} at index ${i} not found`);
    p = next;
  });
  return { bytes: decodedBody(buf, p), contentType: '' };
}

/** MessageDelete: removes the message for good (flag \Deleted, then expunge just it). */
export async function messageDelete(ctx: CallContext, req: MsgIDRequest): Promise<CallResult> {
  const m = needMessageForChange(ctx, req.MsgID);
  ctx.account.storeFlags(m.mailboxId, [m.uid], 'add', { bits: FlagDeleted, keywords: [] });
  await ctx.account.expunge(m.mailboxId, { uids: [m.uid] });
  return { json: {} };
}

function flagChange(ctx: CallContext, req: MessageFlagsRequest, op: 'add' | 'remove'): Promise<CallResult> {
  let change: { bits: number; keywords: string[] };
  try {
    change = parseFlagNames(req.Flags);
  } catch (err) {
    throw new WebapiError('user', `parsing flags: ${(err as Error).message}`);
  }
  const m = needMessageForChange(ctx, req.MsgID);
  ctx.account.storeFlags(m.mailboxId, [m.uid], op, change);
  return ctx.account.durable().then(() => ({ json: {} }));
}

/** MessageFlagsAdd: sets flags and keywords; others stay. */
export function messageFlagsAdd(ctx: CallContext, req: MessageFlagsRequest): Promise<CallResult> {
  return flagChange(ctx, req, 'add');
}

/** MessageFlagsRemove: clears flags and keywords; others stay. */
export function messageFlagsRemove(ctx: CallContext, req: MessageFlagsRequest): Promise<CallResult> {
  return flagChange(ctx, req, 'remove');
}

/** MessageMove: moves the message to an existing mailbox. */
export async function messageMove(ctx: CallContext, req: MessageMoveRequest): Promise<CallResult> {
  const dst = ctx.account.mailbox(req.DestMailboxName);
  if (!dst) throw new WebapiError('user', 'looking up mailbox name: not found');
  const m = needMessageForChange(ctx, req.MsgID);
  if (m.mailboxId === dst.id) throw new WebapiError('user', `moving message: message ${m.id} already in destination mailbox`);
  ctx.account.moveMessages(m.mailboxId, [m.uid], dst.id);
  await ctx.account.durable();
  return { json: {} };
}
