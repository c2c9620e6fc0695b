import { LineTooLongError } from '../io/index.js';
import { ATOM_CHAR, TAG_CHAR } from './chars.js';
import { ImapParseError } from './errors.js';
import { type Literal, type ParseContext, Parser } from './parser.js';

/** Where command bytes come from; the session adapts its socket reader to this. */
export interface CommandSource {
  /** Reads one line without its CRLF; throws io's `LineTooLongError` past `max` bytes. */
  readLine(max: number): Promise<Buffer>;
  /** Reads exactly `n` bytes. */
  readExact(n: number): Promise<Buffer>;
  /** Sends a command continuation request, "+ " and `text` (RFC 9051 §7.6). */
  continuation(text: string): Promise<void>;
}

/** Size limits for one command. */
export interface CommandLimits {
  /** Longest line (without CRLF). RFC 7162 §4 asks servers to accept at least 8192 octets. */
  readonly maxLineLength: number;
  /** Largest literal, except APPEND/REPLACE message literals. */
  readonly maxLiteralSize: number;
  /** Largest APPEND/REPLACE message literal (the APPENDLIMIT, RFC 7889 §3). */
  readonly maxAppendSize: number;
  /** Largest command: lines plus literals, not counting message literals. */
  readonly maxCommandSize: number;
  /** Most literals in one command. */
  readonly maxLiterals: number;
  /**
   * A rejected non-synchronising literal (and the rest of its command) is read and thrown away
   * when it is at most this large; larger ones make the error fatal (RFC 7888 §4 choices 1 and 2).
   */
  readonly maxDiscardSize: number;
  /** Only LITERAL- is announced: non-synchronising literals over 4096 bytes are refused (RFC 7888 §5). */
  readonly literalMinus: boolean;
}

/**
 * Default limits: Go mox's 100 KiB literals and 1000 literals per command; 64 KiB lines as
 * Dovecot (long UID sets and ID parameters from real clients exceed 16 KiB).
 */
export const DEFAULT_LIMITS: Readonly<CommandLimits> = Object.freeze({
  maxLineLength: 64 * 1024,
  maxLiteralSize: 100 * 1024,
  maxAppendSize: 100 * 1024 * 1024,
  maxCommandSize: 1024 * 1024,
  maxLiterals: 1000,
  maxDiscardSize: 10 * 1024 * 1024,
  literalMinus: false,
});

/** A literal the client announced and that is about to be read. */
export interface LiteralAnnouncement {
  readonly tag: string;
  readonly command: string;
  /** 0 for the first literal of the command. */
  readonly index: number;
  readonly size: number;
  readonly sync: boolean;
  readonly binary: boolean;
  /** It holds a message for APPEND or REPLACE (subject to `maxAppendSize`). */
  readonly message: boolean;
}

/** Options of {@link readCommand}. */
export interface ReadCommandOptions {
  readonly limits?: Partial<CommandLimits>;
  /**
   * Called before each literal is read, after the limits passed. Throw to refuse it: for example
   * an unknown command (RFC 9051 §7.6, "A044 BLURDYBLOOP {102856}"), or an APPEND to a mailbox
   * that does not exist or would exceed the quota. For a synchronising literal no continuation is
   * sent and the error is rethrown as is. For a non-synchronising literal the rest of the command
   * is read and discarded first, then the error is rethrown; if that is more than
   * `maxDiscardSize`, a fatal {@link ImapParseError} is thrown instead, with the hook's error as
   * its `cause`.
   */
  readonly checkLiteral?: (lit: LiteralAnnouncement) => void | Promise<void>;
  /** Text of the continuation request for synchronising literals; default "". */
  readonly continuationText?: string;
}

/** One complete client command: tag, name and the argument bytes with their literals. */
export class ImapCommand {
  constructor(
    readonly tag: string,
    /** Uppercased; "UID FETCH" etc. as one name. */
    readonly name: string,
    /** Text after the name (starting with its SP, if any), split where literals were. */
    readonly segments: readonly Buffer[],
    readonly literals: readonly Literal[],
    /** Bytes read for this command, including CRLFs and literals. */
    readonly size: number,
  ) {}

  /** A parser positioned at the arguments (right after the command name). */
  parser(ctx: ParseContext = {}): Parser {
    return new Parser(this.segments, this.literals, { ...ctx, tag: this.tag, command: this.name });
  }
}

interface Marker {
  /** Offset of "{" or "~" in the line. */
  start: number;
  size: number;
  sync: boolean;
  binary: boolean;
}

/** A literal announcement at the end of a line: `{n}`, `{n+}`, `~{n}`, `~{n+}` (RFC 7888 §3). */
function literalMarker(line: Buffer): Marker | undefined {
  if (line.length < 3 || line[line.length - 1] !== 0x7d) return undefined;
  let i = line.length - 2;
  const sync = line[i] !== 0x2b;
  if (!sync) i--;
  const digitsEnd = i + 1;
  while (i >= 0 && line[i]! >= 0x30 && line[i]! <= 0x39) i--;
  if (i < 0 || line[i] !== 0x7b || i + 1 === digitsEnd) return undefined;
  const digits = line.toString('latin1', i + 1, digitsEnd);
  const size = digits.length > 16 ? Infinity : Number(digits);
  const binary = i > 0 && line[i - 1] === 0x7e;
  return { start: binary ? i - 1 : i, size: Number.isSafeInteger(size) ? size : Infinity, sync, binary };
}

/** Whether literal `index` of a command carries a message (APPEND, REPLACE) rather than a mailbox name. */
function isMessageLiteral(name: string, firstSegment: Buffer, index: number): boolean {
  if (name === 'APPEND') return index > 0 || firstSegment.toString('latin1') !== ' ';
  if (name === 'REPLACE' || name === 'UID REPLACE') return index > 0 || !/^ (\d+|\*) $/.test(firstSegment.toString('latin1'));
  return false;
}

function scan(b: Buffer, start: number, t: Uint8Array): number {
  let e = start;
  while (e < b.length && t[b[e]!] === 1) e++;
  return e;
}

/**
 * Reads one complete command from `source`: the first line, then for each literal announced at
 * a line's end the continuation (synchronising literals only), the literal bytes and the next
 * line. Errors are {@link ImapParseError}s: with `tag` undefined when the tag could not be read
 * (reply `* BAD`), `fatal` when the connection must close. A literal over a limit is refused
 * with `BAD [TOOBIG]`, or `NO [TOOBIG]` for an APPEND message (RFC 7889 §4); a refused
 * non-synchronising literal is read and discarded up to `maxDiscardSize` so the connection stays
 * usable, beyond that the error is fatal (RFC 7888 §4). Errors of the source other than
 * `LineTooLongError` (connection closed) are passed through unchanged.
 */
export async function readCommand(source: CommandSource, options: ReadCommandOptions = {}): Promise<ImapCommand> {
  const lim: CommandLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let tag: string | undefined;
  let name: string | undefined;
  let size = 0;
  let commandSize = 0;

  const readLine = async (): Promise<Buffer> => {
    try {
      const l = await source.readLine(lim.maxLineLength);
      size += l.length + 2;
      commandSize += l.length + 2;
      return l;
    } catch (err) {
      if (err instanceof LineTooLongError) {
        throw new ImapParseError(`line too long (max ${lim.maxLineLength} bytes)`, { tag, command: name, fatal: true, cause: err });
      }
      throw err;
    }
  };

  // Refuses a literal: RFC 9051 §2.2.1 (no continuation for a synchronising literal), RFC 7888 §4
  // (read and discard a non-synchronising one, or close the connection).
  const refuse = async (err: unknown, marker: Marker): Promise<never> => {
    let m: Marker | undefined = marker;
    let budget = lim.maxDiscardSize;
    while (m && !m.sync) {
      if (m.size > budget) {
        const text = 'literal refused and too large to skip, closing connection';
        if (err instanceof ImapParseError) {
          const { status, code, cause } = err;
          throw new ImapParseError(err.text, { tag, command: name, status, code, fatal: true, detail: text, cause });
        }
        throw new ImapParseError(text, { tag, command: name, fatal: true, cause: err });
      }
      budget -= m.size;
      for (let left = m.size; left > 0; ) {
        const n = Math.min(left, 64 * 1024);
        await source.readExact(n);
        left -= n;
      }
      m = literalMarker(await readLine());
    }
    throw err;
  };

  const first = await readLine();
  let marker = literalMarker(first);
  let text = marker ? first.subarray(0, marker.start) : first;
  if (text.length === 0 && !marker) throw new ImapParseError('empty command line');
  const tagEnd = scan(text, 0, TAG_CHAR);
  if (tagEnd === 0) {
    // Without a tag we cannot answer a literal properly; a client this confused gets disconnected.
    throw new ImapParseError('bad tag', { fatal: marker !== undefined });
  }
  tag = text.toString('latin1', 0, tagEnd);
  if (text[tagEnd] !== 0x20) {
    const err = new ImapParseError(tagEnd === text.length ? 'missing command' : 'expected space after tag', { tag });
    if (marker) await refuse(err, marker);
    throw err;
  }
  let nameEnd = scan(text, tagEnd + 1, ATOM_CHAR);
  name = text.toString('latin1', tagEnd + 1, nameEnd).toUpperCase();
  if (name === 'UID' && text[nameEnd] === 0x20) {
    const e = scan(text, nameEnd + 1, ATOM_CHAR);
    if (e > nameEnd + 1) {
      name = `UID ${text.toString('latin1', nameEnd + 1, e).toUpperCase()}`;
      nameEnd = e;
    }
  }
  if (name === '') {
    name = undefined;
    const err = new ImapParseError('missing command', { tag });
    if (marker) await refuse(err, marker);
    throw err;
  }
  const segments: Buffer[] = [text.subarray(nameEnd)];
  const literals: Literal[] = [];

  while (marker) {
    const index = literals.length;
    const message = isMessageLiteral(name, segments[0]!, index);
    const max = message ? lim.maxAppendSize : lim.maxLiteralSize;
    let err: unknown;
    if (index + 1 > lim.maxLiterals) {
      err = new ImapParseError(`too many literals (max ${lim.maxLiterals})`, { tag, command: name, code: 'LIMIT' });
    } else if (marker.size > max) {
      const what = message ? 'message' : 'literal';
      const status = message ? 'NO' : 'BAD';
      err = new ImapParseError(`${what} too big (max ${max} bytes)`, { tag, command: name, code: 'TOOBIG', status });
    } else if (!message && commandSize + marker.size > lim.maxCommandSize) {
      err = new ImapParseError(`command too big (max ${lim.maxCommandSize} bytes)`, { tag, command: name, code: 'TOOBIG' });
    } else if (!marker.sync && lim.literalMinus && marker.size > 4096) {
      // RFC 7888 §5: LITERAL- allows non-synchronising literals up to 4096 bytes only.
      err = new ImapParseError('non-synchronizing literal larger than 4096 bytes', { tag, command: name, code: 'TOOBIG' });
    } else if (options.checkLiteral) {
      try {
        await options.checkLiteral({ tag, command: name, index, size: marker.size, sync: marker.sync, binary: marker.binary, message });
      } catch (e) {
        await refuse(e, marker);
      }
    }
    if (err !== undefined) await refuse(err, marker);

    if (marker.sync) await source.continuation(options.continuationText ?? '');
    const data = marker.size > 0 ? await source.readExact(marker.size) : Buffer.alloc(0);
    literals.push({ data, binary: marker.binary, sync: marker.sync });
    size += marker.size;
    if (!message) commandSize += marker.size;

    const line = await readLine();
    marker = literalMarker(line);
    text = marker ? line.subarray(0, marker.start) : line;
    segments.push(text);
    if (commandSize > lim.maxCommandSize) {
      const tooBig = new ImapParseError(`command too big (max ${lim.maxCommandSize} bytes)`, { tag, command: name, code: 'TOOBIG' });
      if (marker) await refuse(tooBig, marker);
      throw tooBig;
    }
  }
  if (commandSize > lim.maxCommandSize) {
    throw new ImapParseError(`command too big (max ${lim.maxCommandSize} bytes)`, { tag, command: name, code: 'TOOBIG' });
  }
  return new ImapCommand(tag, name, segments, literals, size);
}
