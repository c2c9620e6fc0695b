import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import PostalMime, { type Address } from 'postal-mime';
import {
  parseMessage,
  parseHeader,
  parseAddressList,
  parseDateTime,
  readableText,
  decodeTransfer,
  rawBody,
  dispositionFilename,
  messageBuffer,
  isGroup,
  type Part,
  type AddressListItem,
} from '../../src/message/index.js';
import { summary } from './helpers.js';

const dir = new URL('../vectors/message/', import.meta.url);

interface Expect {
  structure: string;
  /** Error code of a strict parse, or undefined when it must succeed. */
  strict?: string;
  /** Compare text and html with postal-mime (off where postal-mime merges embedded messages into the text). */
  compareText: boolean;
  /** Where postal-mime is wrong: the value we must produce instead. */
  html?: string;
  replyTo?: Address[];
}

const corpus: Record<string, Expect> = {
  'simple.eml': { structure: 'TEXT/PLAIN', compareText: true },
  'alternative.eml': { structure: 'MULTIPART/ALTERNATIVE(TEXT/PLAIN,TEXT/HTML)', compareText: true },
  'mixed-attachments.eml': { structure: 'MULTIPART/MIXED(MULTIPART/RELATED(TEXT/HTML,IMAGE/PNG),APPLICATION/PDF,TEXT/CSV)', compareText: true },
  'nested-rfc822.eml': { structure: 'MULTIPART/MIXED(TEXT/PLAIN,MESSAGE/RFC822[MULTIPART/ALTERNATIVE(TEXT/PLAIN,TEXT/HTML)])', compareText: false },
  'digest.eml': { structure: 'MULTIPART/DIGEST(MESSAGE/RFC822[TEXT/PLAIN],MESSAGE/RFC822[TEXT/PLAIN],TEXT/PLAIN)', compareText: false },
  // postal-mime on Node 20 decodes windows-1252 as Latin-1 (Node's TextDecoder does); we map 0x80-0x9f.
  'base64-qp.eml': { structure: 'MULTIPART/ALTERNATIVE(TEXT/PLAIN,TEXT/HTML)', compareText: true, html: '<p>“Quoted” € price</p>' },
  'utf8-headers.eml': { structure: 'TEXT/PLAIN', compareText: true },
  'encoded-words.eml': { structure: 'TEXT/PLAIN', compareText: true },
  'malformed-boundary.eml': { structure: 'MULTIPART/MIXED(TEXT/PLAIN,MULTIPART/ALTERNATIVE(TEXT/PLAIN),APPLICATION/OCTET-STREAM)', strict: 'missingClosingBoundary', compareText: false },
  'missing-headers.eml': { structure: 'TEXT/PLAIN', compareText: true },
  'bare-lf.eml': { structure: 'MULTIPART/MIXED(TEXT/PLAIN,APPLICATION/OCTET-STREAM)', strict: 'bareLF', compareText: true },
  'no-body.eml': { structure: 'TEXT/PLAIN', strict: 'unexpectedEOF', compareText: false },
  'dsn.eml': { structure: 'MULTIPART/REPORT(TEXT/PLAIN,MESSAGE/DELIVERY-STATUS,TEXT/RFC822-HEADERS)', compareText: true },
  // postal-mime drops the quotes of a quoted localpart (a different address) and the comment name.
  'groups.eml': {
    structure: 'TEXT/PLAIN',
    compareText: true,
    replyTo: [{ name: 'Comment Name', address: '"very.unusual.@.unusual.com"@example.com' }],
  },
  'nodemailer.eml': {
    structure: 'MULTIPART/MIXED(MULTIPART/ALTERNATIVE(TEXT/PLAIN,MULTIPART/RELATED(TEXT/HTML,IMAGE/GIF)),TEXT/PLAIN,APPLICATION/OCTET-STREAM)',
    strict: 'bareLF',
    compareText: true,
  },
};

/** postal-mime keeps trailing white space and line ends differently; compare the lines' content. */
function norm(s: string | undefined): string | undefined {
  return s
    ?.replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trimEnd();
}

function asPostal(l: AddressListItem[]): Address[] {
  return l.map((a) =>
    isGroup(a) ? { name: a.group, group: a.mailboxes.map((m) => ({ name: m.name, address: m.address })) } : { name: a.name, address: a.address },
  );
}

/** Leaves of the tree with the buffer their offsets refer to, entering embedded messages. */
function leaves(buf: Buffer, p: Part, out: { buf: Buffer; part: Part }[] = []): { buf: Buffer; part: Part }[] {
  if (p.message) leaves(messageBuffer(buf, p), p.message, out);
  for (const c of p.parts) leaves(buf, c, out);
  if (p.parts.length === 0) out.push({ buf, part: p });
  return out;
}

for (const [file, exp] of Object.entries(corpus)) {
  test(`corpus ${file}: structure, and agreement with postal-mime`, async () => {
    const buf = readFileSync(new URL(file, dir));
    const p = parseMessage(buf);
    assert.equal(summary(p), exp.structure);
    if (exp.strict) assert.throws(() => parseMessage(buf, { strict: true }), { code: exp.strict });
    else parseMessage(buf, { strict: true });

    const pm = await PostalMime.parse(buf, { attachmentEncoding: 'arraybuffer' });
    const h = parseHeader(buf);
    assert.deepEqual(
      h.fields.map((f) => [f.key, f.value.toString()]),
      pm.headers.map((x) => [x.key, x.value]),
      'headers',
    );
    assert.equal(p.envelope?.subject, pm.subject);
    assert.equal(p.envelope?.messageId, pm.messageId);
    if (pm.date !== undefined) assert.equal(parseDateTime(p.envelope!.date!)!.ms, Date.parse(pm.date), 'date');
    else assert.equal(p.envelope?.date, undefined);
    for (const k of ['to', 'cc', 'bcc', 'replyTo'] as const) {
      const v = h.text(k === 'replyTo' ? 'reply-to' : k);
      const want = k === 'replyTo' && exp.replyTo ? exp.replyTo : pm[k];
      assert.deepEqual(v === undefined ? undefined : asPostal(parseAddressList(v, { lenient: true })), want, k);
    }
    const from = h.text('from');
    assert.deepEqual(from === undefined ? undefined : asPostal(parseAddressList(from))[0], pm.from, 'from');

    if (exp.compareText) {
      const r = readableText(buf, p);
      assert.equal(norm(r.text), norm(pm.text), 'text');
      assert.equal(norm(r.html), norm(exp.html ?? pm.html), 'html');
    }

    // Every attachment postal-mime finds is a leaf of ours with the same decoded content and
    // metadata. postal-mime turns CRLF into LF in attachments without transfer encoding.
    const ours = leaves(buf, p);
    for (const a of pm.attachments) {
      const content = Buffer.from(a.content as ArrayBuffer);
      const same = (d: Buffer): boolean => d.equals(content) || norm(d.toString('latin1')) === norm(content.toString('latin1'));
      const match = ours.filter(
        ({ buf: b, part }) =>
          same(decodeTransfer(rawBody(b, part), part.contentTransferEncoding)) &&
          `${part.mediaType}/${part.mediaSubType}`.toLowerCase() === a.mimeType &&
          (dispositionFilename(part).filename || null) === a.filename &&
          (part.disposition ?? null) === a.disposition &&
          part.contentId === a.contentId,
      );
      assert.equal(match.length, 1, `attachment ${a.filename} ${a.mimeType}`);
    }
  });
}

test('corpus: sender and reply-to from RFC 5322 appendix A.1.3 and odd addresses', () => {
  const buf = readFileSync(new URL('groups.eml', dir));
  const env = parseMessage(buf).envelope!;
  assert.deepEqual(env.sender, [{ name: 'Pete', adl: null, mailbox: 'pete', host: 'silly.test' }]);
  assert.deepEqual(env.replyTo, [{ name: 'Comment Name', adl: null, mailbox: '"very.unusual.@.unusual.com"', host: 'example.com' }]);
  assert.deepEqual(
    env.bcc.map((a) => [a.name, a.mailbox, a.host]),
    [
      [null, 'A Group', null],
      ['Ed Jones', 'c', 'a.test'],
      [null, 'joe', 'where.test'],
      ['John', 'jdoe', 'one.test'],
      [null, null, null],
      [null, 'Undisclosed recipients', null],
      [null, null, null],
    ],
  );
  assert.equal(env.date, 'Thu, 13 Feb 1969 23:32:54 -0330');
});
