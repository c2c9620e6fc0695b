import { readFile } from 'node:fs/promises';
import { Argument, type Command } from 'commander';
import { MessageError, messageBuffer, needsSmtputf8, parseDateTime, parseMessage, partHeader, type EnvelopeAddress, type Part } from '../message/index.js';
import { fatal, type GlobalOptions } from './util.js';

// mox prints its message.Part Go struct as JSON: these are its field names and order, with
// Go's encodings (nil slices and maps are null, absent *string fields left out, time.Time in
// RFC 3339).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** RFC 3339 with the message's own zone offset, as Go's time.Time marshals. */
function rfc3339(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const base = d.toISOString().replace(/\.\d+Z$/, '');
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${base}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function addresses(l: EnvelopeAddress[]): Json {
  // Go's net/mail flattens groups into their members.
  const out = l.filter((a) => a.host !== null).map((a) => ({ Name: a.name ?? '', User: a.mailbox ?? '', Host: a.host ?? '' }));
  return out.length === 0 ? null : out;
}

// mox parses an embedded message from its (decoded) body on its own, so its offsets start at 0
// there: `shift` is subtracted from our offsets, which point into the whole buffer.
function partJSON(buf: Buffer, p: Part, top: boolean, shift: number): Json {
  const h = partHeader(buf, p);
  const get = (k: string) => {
    const f = h.get(k);
    return f === undefined ? undefined : f.value.toString('utf8');
  };
  const hasCT = h.has('content-type');
  const o: { [k: string]: Json } = {
    BoundaryOffset: p.boundaryOffset < 0 ? -1 : p.boundaryOffset - shift,
    HeaderOffset: p.headerOffset - shift,
    BodyOffset: p.bodyOffset - shift,
    EndOffset: p.endOffset - shift,
    RawLineCount: p.lines,
    DecodedSize: p.decodedSize,
    // Without Content-Type mox leaves the media type empty.
    MediaType: hasCT ? p.mediaType : '',
    MediaSubType: hasCT ? p.mediaSubType : '',
    ContentTypeParams: hasCT ? sortKeys(p.params) : null,
  };
  const opt: [string, string | undefined][] = [
    ['ContentID', get('content-id')],
    ['ContentDescription', get('content-description')],
    ['ContentTransferEncoding', get('content-transfer-encoding')?.toUpperCase()],
    ['ContentDisposition', get('content-disposition')],
    ['ContentMD5', get('content-md5')],
    ['ContentLanguage', get('content-language')],
    ['ContentLocation', get('content-location')],
  ];
  for (const [k, v] of opt) if (v !== undefined) o[k] = v;
  if (top) {
    const e = p.envelope;
    const dateText = get('date');
    const dt = dateText === undefined ? undefined : parseDateTime(dateText);
    o['Envelope'] = {
      Date: dt ? rfc3339(dt.ms, dt.offset) : '0001-01-01T00:00:00Z',
      Subject: e?.subject ?? '',
      From: addresses(e?.from ?? []),
      Sender: addresses(e?.sender ?? []),
      ReplyTo: addresses(e?.replyTo ?? []),
      To: addresses(e?.to ?? []),
      CC: addresses(e?.cc ?? []),
      BCC: addresses(e?.bcc ?? []),
      InReplyTo: get('in-reply-to') ?? '',
      MessageID: get('message-id') ?? '',
    };
  }
  o['Parts'] = p.parts.length === 0 ? null : p.parts.map((c) => partJSON(buf, c, false, shift));
  let embedded: Json = null;
  if (p.message) {
    const mbuf = messageBuffer(buf, p);
    embedded = partJSON(mbuf, p.message, true, mbuf === buf ? p.bodyOffset : 0);
  }
  o['Message'] = embedded;
  return o;
}

function sortKeys(m: Record<string, string>): Json {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}

/** The JSON mox's `message parse` prints for a message (Go's message.Part, tab-indented). */
export function moxPartJSON(buf: Buffer): string {
  return `${JSON.stringify(partJSON(buf, parseMessage(buf), true, 0), null, '\t')}\n`;
}

/** Adds `mox message parse`; with the global -pedantic, a message mox's pedantic mode refuses fails. */
export function messageCommand(program: Command, global: () => GlobalOptions = () => ({})): void {
  const message = program.command('message').summary('message tools');
  message
    .command('parse')
    .usage('[-smtputf8] message.eml')
    .summary('parse message, print JSON representation')
    .description('Parse the message and print its MIME part tree as JSON, with offsets, sizes, media types and the envelope.')
    .option('--smtputf8', 'check if message needs smtputf8')
    .addArgument(new Argument('<message.eml>'))
    .action(async (file: string, o: { smtputf8?: boolean }) => {
      let buf: Buffer;
      try {
        buf = await readFile(file);
      } catch (e) {
        fatal(`open: ${(e as Error).message}`);
      }
      if (global().pedantic) {
        try {
          parseMessage(buf, { strict: true });
        } catch (e) {
          if (e instanceof MessageError) fatal(`parsing message: ${e.message}`);
          throw e;
        }
      }
      process.stdout.write(moxPartJSON(buf));
      if (o.smtputf8) console.log(`message needs smtputf8: ${needsSmtputf8(buf, parseMessage(buf))}`);
    });
}
