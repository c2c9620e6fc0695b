import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ReaderClosedError, SocketReader } from '../../src/io/index.js';
import {
  BufferSource,
  type CommandSource,
  type LiteralAnnouncement,
  parseArguments,
  readCommand,
} from '../../src/imap/index.js';
import { lines, read, rejects } from './helpers.js';

test('RFC 9051 §7.6: synchronising literals get a continuation before their bytes', async () => {
  const text = lines('A001 LOGIN {11}', 'FRED FOOBAR {7}', 'fat man');
  const { cmd, src } = await read(text);
  assert.equal(cmd.tag, 'A001');
  assert.equal(cmd.name, 'LOGIN');
  assert.deepEqual(src.continuations, ['', '']);
  // Each continuation was requested right after the line announcing the literal.
  assert.deepEqual(src.continuationAt, [text.indexOf('FRED'), text.indexOf('fat')]);
  assert.deepEqual(cmd.literals.map((l) => [l.data.toString(), l.sync, l.binary]), [
    ['FRED FOOBAR', true, false],
    ['fat man', true, false],
  ]);
  assert.equal(cmd.size, Buffer.byteLength(text));
  assert.deepEqual(parseArguments(cmd), { command: 'LOGIN', username: 'FRED FOOBAR', password: 'fat man' });
});

test('RFC 7888 §3: non-synchronising literals are read without a continuation', async () => {
  const { cmd, src } = await read(lines('A001 LOGIN {11+}', 'FRED FOOBAR {7+}', 'fat man'));
  assert.deepEqual(src.continuations, []);
  assert.deepEqual(cmd.literals.map((l) => l.sync), [false, false]);
  assert.deepEqual(parseArguments(cmd), { command: 'LOGIN', username: 'FRED FOOBAR', password: 'fat man' });
});

test('literal8 ~{n} and zero-length literals', async () => {
  const { cmd, src } = await read(Buffer.concat([Buffer.from('a APPEND {0}\r\n ~{3}\r\n'), Buffer.from([0, 1, 2]), Buffer.from('\r\n')]));
  assert.equal(src.continuations.length, 2);
  assert.deepEqual(cmd.literals.map((l) => [l.data.length, l.binary]), [[0, false], [3, true]]);
  const args = parseArguments(cmd);
  assert.equal(args.command, 'APPEND');
  if (args.command === 'APPEND') {
    assert.equal(args.mailbox, '');
    assert.deepEqual(args.messages[0]!.data, Buffer.from([0, 1, 2]));
    assert.equal(args.messages[0]!.binary, true);
  }
});

test('command names are uppercased; UID commands are one name', async () => {
  assert.equal((await read('t1 uid fetch 1 flags\r\n')).cmd.name, 'UID FETCH');
  assert.equal((await read('t1 Uid Expunge 1:3\r\n')).cmd.name, 'UID EXPUNGE');
  assert.equal((await read('t1 UID\r\n')).cmd.name, 'UID');
  assert.equal((await read('t1 noop\r\n')).cmd.name, 'NOOP');
  assert.equal((await read('a]b NOOP\r\n')).cmd.tag, 'a]b');
});

test('an over-size synchronising literal is refused with BAD [TOOBIG] and no continuation', async () => {
  const next = lines('a2 NOOP');
  const src = new BufferSource(Buffer.from(lines('a1 LOGIN {200000}') + next));
  const err = await rejects(readCommand(src), { tag: 'a1', status: 'BAD', code: 'TOOBIG', fatal: false });
  assert.equal(err.command, 'LOGIN');
  assert.deepEqual(src.continuations, []);
  // The client sends nothing more for the refused command; the next command follows directly.
  assert.equal((await readCommand(src)).tag, 'a2');
});

test('an over-size APPEND message is refused with NO [TOOBIG] (RFC 7889 §4)', async () => {
  const src = new BufferSource(Buffer.from(lines('a1 APPEND Inbox (\\Seen) {2000}')));
  await rejects(readCommand(src, { limits: { maxAppendSize: 1000 } }), { tag: 'a1', status: 'NO', code: 'TOOBIG' });
  assert.deepEqual(src.continuations, []);
});

test('a refused non-synchronising literal is read and discarded with the rest of its command', async () => {
  const big = 'x'.repeat(5000);
  const rest = 'y'.repeat(10);
  const text = `a1 SEARCH TEXT {5000+}\r\n${big} TEXT {10+}\r\n${rest}\r\n` + lines('a2 NOOP');
  const src = new BufferSource(Buffer.from(text));
  await rejects(readCommand(src, { limits: { maxLiteralSize: 1000 } }), { tag: 'a1', code: 'TOOBIG', fatal: false });
  const next = await readCommand(src);
  assert.equal(next.tag, 'a2');
  assert.equal(src.remaining().length, 0);
});

test('discarding stops at a synchronising literal later in the refused command', async () => {
  const text = `a1 LOGIN {3000+}\r\n${'x'.repeat(3000)} {5}\r\n` + lines('a2 NOOP');
  const src = new BufferSource(Buffer.from(text));
  await rejects(readCommand(src, { limits: { maxLiteralSize: 100 } }), { tag: 'a1', fatal: false });
  assert.deepEqual(src.continuations, []);
  assert.equal((await readCommand(src)).tag, 'a2');
});

test('a refused non-synchronising literal too large to skip makes the error fatal', async () => {
  const src = new BufferSource(Buffer.from(lines('a1 APPEND Inbox {50000000+}')));
  const err = await rejects(readCommand(src, { limits: { maxAppendSize: 1000, maxDiscardSize: 1000 } }), {
    tag: 'a1',
    status: 'NO',
    code: 'TOOBIG',
    fatal: true,
  });
  assert.match(err.message, /too large to skip/);
});

test('LITERAL-: non-synchronising literals over 4096 bytes are refused (RFC 7888 §5)', async () => {
  const ok = `a1 LOGIN {4096+}\r\n${'u'.repeat(4096)} p\r\n`;
  assert.equal((await read(ok, { limits: { literalMinus: true } })).cmd.literals[0]!.data.length, 4096);
  const bad = `a1 APPEND Inbox {4097+}\r\n${'m'.repeat(4097)}\r\n` + lines('a2 NOOP');
  const src = new BufferSource(Buffer.from(bad));
  await rejects(readCommand(src, { limits: { literalMinus: true } }), { tag: 'a1', status: 'BAD', code: 'TOOBIG', fatal: false });
  assert.equal((await readCommand(src)).tag, 'a2');
  // With LITERAL+ the same command is fine.
  assert.equal((await read(bad)).cmd.literals[0]!.data.length, 4097);
});

test('limits on literal count and command size', async () => {
  await rejects(read(lines('a ID ({1+}', 'k {1+}', 'v)'), { limits: { maxLiterals: 1 } }), { tag: 'a', code: 'LIMIT' });
  await rejects(read(lines(`a LOGIN ${'u'.repeat(60)} {50+}`) + 'p'.repeat(50) + '\r\n', { limits: { maxCommandSize: 100 } }), {
    tag: 'a',
    code: 'TOOBIG',
  });
  await rejects(read(lines('a LOGIN {40+}') + 'u'.repeat(40) + ` ${'p'.repeat(80)}\r\n`, { limits: { maxCommandSize: 100 } }), {
    tag: 'a',
    code: 'TOOBIG',
  });
});

test('a line over the limit is fatal; the tag is unknown on the first line', async () => {
  await rejects(read(`a NOOP ${'x'.repeat(100)}\r\n`, { limits: { maxLineLength: 50 } }), { tag: undefined, fatal: true, text: /line too long/ });
  await rejects(read(`a LOGIN {3}\r\nabc ${'x'.repeat(100)}\r\n`, { limits: { maxLineLength: 50 } }), { tag: 'a', fatal: true });
});

test('lines without a usable tag or command', async () => {
  await rejects(read('\r\n'), { tag: undefined, fatal: false, text: /empty/ });
  await rejects(read('* NOOP\r\n'), { tag: undefined, fatal: false, text: /bad tag/ });
  await rejects(read('+tag NOOP\r\n'), { tag: undefined, fatal: false });
  await rejects(read('{5}\r\n'), { tag: undefined, fatal: true });
  await rejects(read('a\r\n'), { tag: 'a', fatal: false, text: /missing command/ });
  await rejects(read('a  NOOP\r\n'), { tag: 'a', fatal: false, text: /missing command/ });
  await rejects(read('a(b NOOP\r\n'), { tag: 'a', fatal: false });
  const src = new BufferSource(Buffer.from('a {5}\r\n'));
  await rejects(readCommand(src), { tag: 'a', fatal: false, text: /missing command/ });
  assert.deepEqual(src.continuations, [], 'no continuation for a command without a name');
});

test('the checkLiteral hook can refuse a literal (RFC 9051 §7.6 "A044 BLURDYBLOOP {102856}")', async () => {
  const seen: LiteralAnnouncement[] = [];
  class UnknownCommand extends Error {}
  const checkLiteral = (lit: LiteralAnnouncement) => {
    seen.push(lit);
    if (lit.command === 'BLURDYBLOOP') throw new UnknownCommand('No such command as "BLURDYBLOOP"');
  };
  const src = new BufferSource(Buffer.from(lines('A044 BLURDYBLOOP {102856}', 'A045 NOOP')));
  await assert.rejects(readCommand(src, { checkLiteral, limits: { maxLiteralSize: 1 << 20 } }), UnknownCommand);
  assert.deepEqual(src.continuations, []);
  assert.equal((await readCommand(src, { checkLiteral })).tag, 'A045');
  assert.deepEqual(seen.map((l) => [l.tag, l.command, l.index, l.size, l.sync, l.message]), [['A044', 'BLURDYBLOOP', 0, 102856, true, false]]);

  // A non-synchronising literal refused by the hook is skipped; the hook's error comes back as is.
  const src2 = new BufferSource(Buffer.from(lines('A046 BLURDYBLOOP {3+}', 'abc', 'A047 NOOP')));
  await assert.rejects(readCommand(src2, { checkLiteral }), UnknownCommand);
  assert.equal((await readCommand(src2, { checkLiteral })).tag, 'A047');
});

test('APPEND and REPLACE: mailbox literals are not message literals', async () => {
  const seen: Array<[number, boolean]> = [];
  const checkLiteral = (l: LiteralAnnouncement) => void seen.push([l.index, l.message]);
  await read(lines('a APPEND {5}', 'Inbox {3}', 'abc (\\Seen) {2}', 'de'), { checkLiteral });
  await read(lines('b APPEND Inbox {3}', 'abc'), { checkLiteral });
  await read(lines('c UID REPLACE 12 {5}', 'Inbox {3}', 'abc'), { checkLiteral });
  await read(lines('d REPLACE * Inbox {3}', 'abc'), { checkLiteral });
  assert.deepEqual(seen, [[0, false], [1, true], [2, true], [0, true], [0, false], [1, true], [0, true]]);
  // The mailbox literal is held to maxLiteralSize, the message to maxAppendSize.
  await rejects(read(lines('a APPEND {5}', 'Inbox {3}', 'abc'), { limits: { maxLiteralSize: 4 } }), { tag: 'a', status: 'BAD', code: 'TOOBIG' });
  assert.equal((await read(lines('a APPEND Inbox {3}', 'abc'), { limits: { maxLiteralSize: 2 } })).cmd.literals.length, 1);
});

test('source errors other than line length pass through unchanged', async () => {
  await assert.rejects(read('a LOGIN {10}\r\nshort'), ReaderClosedError);
  await assert.rejects(read('a NOOP'), ReaderClosedError);
});

/** A CommandSource over io's SocketReader, as the session will build it; continuations go to `onContinue`. */
function socketSource(reader: SocketReader, onContinue: () => void): CommandSource {
  return {
    readLine: (max) => reader.readLine(max),
    readExact: (n) => reader.readExact(n),
    continuation: async () => onContinue(),
  };
}

test('a command split across many reads, with a client that waits for continuations', async () => {
  const stream = new PassThrough();
  const reader = new SocketReader(stream);
  // The client sends each part only after the server asked for it, one byte per write.
  const parts = ['a1 APPEND Drafts (\\Draft) {11}\r\n', 'Hello\r\nBye! ~{4}\r\n', 'x\0y\n\r\n', 'a2 NOOP\r\n'];
  const send = async (s: string) => {
    for (const b of Buffer.from(s, 'latin1')) {
      await new Promise((r) => setImmediate(r));
      stream.write(Buffer.from([b]));
    }
  };
  let part = 0;
  void send(parts[part++]!);
  const source = socketSource(reader, () => void send(parts[part++]!));
  const cmd = await readCommand(source);
  assert.equal(part, 3, 'two continuations requested');
  const args = parseArguments(cmd);
  assert.equal(args.command, 'APPEND');
  if (args.command === 'APPEND') {
    assert.deepEqual(args.messages.map((m) => [m.data.toString('latin1'), m.binary, m.flags]), [
      ['Hello\r\nBye!', false, ['\\Draft']],
      ['x\0y\n', true, []],
    ]);
  }
  void send(parts[part++]!);
  assert.equal((await readCommand(source)).name, 'NOOP');
  stream.destroy();
});
