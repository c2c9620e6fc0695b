import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import {
  parseMessage,
  parseHeader,
  parseAddressList,
  decodedBody,
  messageBuffer,
  readableText,
  partToJSON,
  partFromJSON,
  resolvePart,
  parseContentType,
  decodeWords,
  parseMessageIdList,
  MessageError,
  AddressParseError,
  type Part,
} from '../../src/message/index.js';
import { prng as rng } from '../helpers/prng.js';

const dir = new URL('../vectors/message/', import.meta.url);
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((f) => readFileSync(new URL(f, dir)));


const TOKENS = [
  '\r', '\n', '\r\n', '\r\n\r\n', '--', '\r\n--', ':', ';', '=', '"', '<', '>', '(', ')', ',', '@', '=?utf-8?q?', '?=', '=?x?b?',
  'Content-Type: multipart/mixed; boundary=b\r\n', '\r\n--b\r\n', '\r\n--b--\r\n', 'Content-Type: message/rfc822\r\n',
  'Content-Transfer-Encoding: base64\r\n', 'Content-Transfer-Encoding: quoted-printable\r\n', 'boundary=', '*0*=', "utf-8''%",
  'multipart/digest', ' \t', '\x00', '\xff', 'é',
].map((t) => Buffer.from(t, 'latin1'));

function mutate(r: () => number, src: Buffer): Buffer {
  let b = Buffer.from(src);
  const n = 1 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(r() * (b.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: // flip a byte
        if (b.length > 0) b[Math.min(pos, b.length - 1)] = Math.floor(r() * 256);
        break;
      case 1: // insert a token
        b = Buffer.concat([b.subarray(0, pos), TOKENS[Math.floor(r() * TOKENS.length)]!, b.subarray(pos)]);
        break;
      case 2: // delete a range
        b = Buffer.concat([b.subarray(0, pos), b.subarray(pos + Math.floor(r() * 64))]);
        break;
      case 3: // duplicate a range
        b = Buffer.concat([b.subarray(0, pos), b.subarray(pos, pos + Math.floor(r() * 200)), b.subarray(pos)]);
        break;
      case 4: // truncate
        b = b.subarray(0, pos);
        break;
      case 5: {
        // splice in part of another message
        const o = corpus[Math.floor(r() * corpus.length)]!;
        const s = Math.floor(r() * o.length);
        b = Buffer.concat([b.subarray(0, pos), o.subarray(s, s + Math.floor(r() * 300)), b.subarray(pos)]);
        break;
      }
      default: // CRLF to LF everywhere, or the reverse
        b = Buffer.from(r() < 0.5 ? b.toString('latin1').replace(/\r\n/g, '\n') : b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    }
  }
  return b;
}

function countLines(b: Buffer, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if (b[i] === 10) n++;
  return e > s && b[e - 1] !== 10 ? n + 1 : n;
}

/** Checks the tree's invariants; `where` names the input for failure messages. */
function check(buf: Buffer, p: Part, where: string): void {
  assert.ok(p.headerOffset >= 0 && p.headerOffset <= p.bodyOffset && p.bodyOffset <= p.endOffset && p.endOffset <= buf.length, `${where}: offsets ${p.headerOffset}/${p.bodyOffset}/${p.endOffset} of ${buf.length}`);
  assert.ok(p.boundaryOffset === -1 || p.boundaryOffset < p.headerOffset, `${where}: boundary offset`);
  const container = p.mediaType === 'MULTIPART' || (p.mediaType === 'MESSAGE' && (p.mediaSubType === 'RFC822' || p.mediaSubType === 'GLOBAL'));
  if (p.mediaType === 'MULTIPART') {
    assert.ok(p.parts.length > 0, `${where}: multipart without parts`);
    let prev = p.bodyOffset;
    p.parts.forEach((c, i) => {
      assert.ok(c.boundaryOffset >= prev && c.endOffset <= p.endOffset, `${where}: child outside parent`);
      assert.equal(buf.toString('latin1', c.boundaryOffset, c.boundaryOffset + 2), '--', `${where}: boundary offset`);
      // RFC 2046 §5.1.1: only the delimiter's line ending separates a body from the next delimiter.
      const next = p.parts[i + 1];
      if (next) {
        const gap = buf.toString('latin1', c.endOffset, next.boundaryOffset);
        const eol = buf[next.boundaryOffset - 2] === 13 ? '\r\n' : '\n';
        // No gap only when the header ran up to the delimiter and the body is empty.
        assert.ok(gap === eol || (gap === '' && c.bodyOffset === c.endOffset), `${where}: gap ${JSON.stringify(gap)} before delimiter`);
      }
      prev = c.endOffset;
      check(buf, c, where);
    });
  } else {
    assert.equal(p.parts.length, 0, `${where}: leaf with parts`);
    assert.equal(p.decodedSize, decodedBody(buf, p).length, `${where}: decoded size`);
    assert.equal(p.lines, countLines(buf, p.bodyOffset, p.endOffset), `${where}: lines`);
  }
  if (container && p.mediaType === 'MESSAGE') {
    assert.ok(p.message, `${where}: message part without message`);
    assert.ok(p.message.envelope, `${where}: embedded message without envelope`);
    check(messageBuffer(buf, p), p.message, where);
  } else {
    assert.equal(p.message, undefined, `${where}: message on non-message part`);
  }
}

test('fuzz: mutated corpus never throws without strict, and trees keep their invariants', () => {
  const r = rng(0x6d6f78);
  const iterations = 3000;
  for (let i = 0; i < iterations; i++) {
    const src = corpus[i % corpus.length]!;
    const buf = mutate(r, src);
    const where = `iteration ${i} (input ${JSON.stringify(buf.toString('latin1').slice(0, 120))}…)`;
    const p = parseMessage(buf);
    assert.ok(p.envelope, where);
    check(buf, p, where);
    assert.deepEqual(partFromJSON(partToJSON(p)), p, `${where}: JSON round trip`);
    readableText(buf, p);
    resolvePart(buf, p, [1, 1]);
    let strict: Part | undefined;
    try {
      strict = parseMessage(buf, { strict: true });
    } catch (e) {
      assert.ok(e instanceof MessageError, `${where}: strict threw ${e}`);
    }
    // A message that passes strict checks parses to the same tree either way.
    if (strict) assert.deepEqual(strict, p, `${where}: strict and lenient trees differ`);
    for (const f of parseHeader(buf).fields) {
      const v = f.value.toString('latin1');
      parseAddressList(v, { lenient: true });
      try {
        parseAddressList(v);
      } catch (e) {
        assert.ok(e instanceof AddressParseError, `${where}: address parse threw ${e}`);
      }
    }
  }
});

test('fuzz: random bytes and pathological shapes', () => {
  const r = rng(42);
  for (let i = 0; i < 500; i++) {
    const buf = Buffer.alloc(Math.floor(r() * 400));
    for (let j = 0; j < buf.length; j++) buf[j] = r() < 0.3 ? [10, 13, 45, 58, 59, 61][Math.floor(r() * 6)]! : Math.floor(r() * 256);
    check(buf, parseMessage(buf), `random ${i}`);
  }
  // Many parts, long lines, a huge header: linear work, no recursion.
  const many = 'Content-Type: multipart/mixed; boundary=x\r\n\r\n' + '--x\r\n\r\np\r\n'.repeat(20000) + '--x--\r\n';
  assert.equal(parseMessage(Buffer.from(many)).parts.length, 20000);
  const longLine = Buffer.from(`Subject: x\r\n\r\n${'a'.repeat(1 << 20)}`);
  assert.equal(parseMessage(longLine).lines, 1);
  const hugeHeader = Buffer.from('X: y\r\n'.repeat(100000) + '\r\nbody');
  assert.equal(parseMessage(hugeHeader).lines, 1);
  // Many parameters and continuations, deep comments, long runs of encoded words and ids.
  const params = Array.from({ length: 20000 }, (_, i) => `; p${i}=v` + (i < 9000 ? `; n*${i}*=%41` : '')).join('');
  const ct = parseContentType(`text/plain${params}`);
  assert.equal(ct.params['n'], 'A'.repeat(9000));
  assert.equal(ct.params['p19999'], 'v');
  assert.deepEqual(parseAddressList('('.repeat(100000) + 'a@b.c', { lenient: true }), []);
  assert.equal(parseAddressList('a@b.c,'.repeat(50000), { lenient: true }).length, 50000);
  assert.equal(decodeWords('=?utf-8?q?a?= '.repeat(50000)), 'a'.repeat(50000) + ' ');
  assert.equal(parseMessageIdList('<a>'.repeat(50000)).length, 50000);
});
