import { isUtf8 } from 'node:buffer';
import { ASTRING_CHAR, ATOM_CHAR, LIST_CHAR, WORD_CHAR } from './chars.js';
import { type ImapDate, type ImapDateTime, parseDateText, parseDateTimeText } from './datetime.js';
import { ImapParseError, type ImapParseErrorOptions } from './errors.js';
import type { NumRange, NumSet, SetNumber } from './numset.js';
import { Utf7Error, utf7Decode } from './utf7.js';

/** A literal of a command: its bytes, and whether it was a literal8 (`~{n}`, RFC 3516 §4.1). */
export interface Literal {
  readonly data: Buffer;
  readonly binary: boolean;
  /** Synchronising (`{n}`) or not (`{n+}`, RFC 7888 §3). */
  readonly sync: boolean;
}

/** Connection state the grammar depends on. */
export interface ParseContext {
  /**
   * Strings are UTF-8 and mailbox names are not modified UTF-7: UTF8=ACCEPT (RFC 6855 §3) or
   * IMAP4rev2 (RFC 9051 §5.1) is enabled.
   */
  readonly utf8?: boolean;
  /** Deepest nesting of search keys (parentheses, NOT, OR); default 50. */
  readonly maxSearchDepth?: number;
}

/** What a {@link Parser} knows about the command it reads, for errors. */
export interface ParserOptions extends ParseContext {
  readonly tag?: string;
  readonly command?: string;
}

/** The canonical name for INBOX, which is case-insensitive (RFC 9051 §5.1); Go mox says "Inbox". */
export const INBOX = 'Inbox';

const SYSTEM_FLAGS: Readonly<Record<string, string>> = Object.freeze({
  '\\answered': '\\Answered',
  '\\flagged': '\\Flagged',
  '\\deleted': '\\Deleted',
  '\\seen': '\\Seen',
  '\\draft': '\\Draft',
});
const MAX_NUMBER = 0xffffffff;

/**
 * A cursor over the argument bytes of one command: text segments with literals between them
 * (`segments.length === literals.length + 1`). Methods that read a grammar element throw an
 * {@link ImapParseError} (status BAD, tag filled in) when the input does not match; `take…`
 * methods return whether they consumed something instead.
 */
export class Parser {
  private seg = 0;
  private pos = 0;
  /** Current nesting depth of search keys; used by the SEARCH parser. */
  depth = 0;
  /**
   * Set by the SEARCH parser for a charset other than UTF-8 and US-ASCII: strings are then
   * read as Latin-1 instead of failing as invalid UTF-8, so the server can answer the charset
   * with NO [BADCHARSET] (RFC 9051 §6.4.4) rather than BAD.
   */
  foreignCharset = false;

  constructor(
    private readonly segments: readonly Buffer[],
    private readonly literals: readonly Literal[],
    readonly opts: ParserOptions = {},
  ) {
    if (segments.length !== literals.length + 1) throw new TypeError('Parser: need one more segment than literals');
  }

  /** A parser over plain text without literals (tests, response-like data). */
  static of(text: string | Buffer, opts: ParserOptions = {}): Parser {
    return new Parser([typeof text === 'string' ? Buffer.from(text, 'utf8') : text], [], opts);
  }

  private get cur(): Buffer {
    return this.segments[this.seg]!;
  }

  /** Builds a parse error for the current position (tag and command filled in). */
  error(text: string, opts: ImapParseErrorOptions = {}): ImapParseError {
    const secret = this.opts.command === 'LOGIN' || this.opts.command === 'AUTHENTICATE';
    let detail = `at offset ${this.pos}${this.seg > 0 ? ` after literal ${this.seg}` : ''}`;
    if (!secret) detail += ` near ${JSON.stringify(this.cur.subarray(this.pos, this.pos + 40).toString('latin1'))}`;
    return new ImapParseError(text, { tag: this.opts.tag, command: this.opts.command, detail, ...opts });
  }

  /** Whether all input is consumed. */
  atEnd(): boolean {
    return this.seg === this.segments.length - 1 && this.pos === this.cur.length;
  }

  /** Requires that all input is consumed. */
  end(): void {
    if (!this.atEnd()) throw this.error('unexpected data at end of command');
  }

  /** The next byte, or -1 at the end of a text segment. */
  peekByte(): number {
    return this.pos < this.cur.length ? this.cur[this.pos]! : -1;
  }

  /** Whether a literal comes next. */
  atLiteral(): boolean {
    return this.pos === this.cur.length && this.seg < this.literals.length;
  }

  /** Consumes `c` (one ASCII character) if it comes next. */
  takeChar(c: string): boolean {
    if (this.peekByte() !== c.charCodeAt(0)) return false;
    this.pos++;
    return true;
  }

  /** Requires the ASCII character `c`. */
  needChar(c: string, what = JSON.stringify(c)): void {
    if (!this.takeChar(c)) throw this.error(`expected ${what}`);
  }

  /** Consumes one SP if it comes next (RFC 9051 §9: exactly one space). */
  takeSp(): boolean {
    return this.takeChar(' ');
  }

  /** Requires one SP. */
  sp(): void {
    if (!this.takeSp()) throw this.error('expected space');
  }

  /** Whether the next bytes are `s`, compared case-insensitively (ASCII). */
  peek(s: string): boolean {
    const b = this.cur;
    if (this.pos + s.length > b.length) return false;
    for (let i = 0; i < s.length; i++) {
      let c = b[this.pos + i]!;
      if (c >= 0x61 && c <= 0x7a) c -= 0x20;
      let d = s.charCodeAt(i);
      if (d >= 0x61 && d <= 0x7a) d -= 0x20;
      if (c !== d) return false;
    }
    return true;
  }

  /** Consumes `s` (case-insensitive) if it comes next. Use {@link takeWord} for keywords. */
  take(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  /** Requires `s` (case-insensitive). */
  need(s: string): void {
    if (!this.take(s)) throw this.error(`expected ${s}`);
  }

  /** The next keyword (letters, digits, ".", "-", "_"), uppercased, without consuming it. */
  peekWord(): string {
    let e = this.pos;
    const b = this.cur;
    while (e < b.length && WORD_CHAR[b[e]!] === 1) e++;
    return b.toString('latin1', this.pos, e).toUpperCase();
  }

  /** Consumes a whole keyword if it is one of `words` (uppercase); returns it or undefined. */
  takeWord<W extends string>(words: readonly W[]): W | undefined {
    const w = this.peekWord();
    if (!(words as readonly string[]).includes(w)) return undefined;
    this.pos += w.length;
    return w as W;
  }

  /** Requires a keyword from `words`. */
  needWord<W extends string>(words: readonly W[], what?: string): W {
    const w = this.takeWord(words);
    if (w === undefined) throw this.error(`expected ${what ?? words.join(' or ')}`);
    return w;
  }

  /** Consumes one or more bytes of class `t`; returns them as a (latin1) string. */
  chars(t: Uint8Array, what: string): string {
    const b = this.cur;
    let e = this.pos;
    while (e < b.length && t[b[e]!] === 1) e++;
    if (e === this.pos) throw this.error(`expected ${what}`);
    const s = b.toString('latin1', this.pos, e);
    this.pos = e;
    return s;
  }

  /** The rest of the current text segment, consumed. */
  rest(): Buffer {
    const r = this.cur.subarray(this.pos);
    this.pos = this.cur.length;
    return r;
  }

  /** atom (RFC 9051 §9). */
  atom(): string {
    return this.chars(ATOM_CHAR, 'atom');
  }

  /** quoted: a double-quoted string with `\"` and `\\` escapes; NUL, CR and LF are not allowed. */
  quoted(): Buffer {
    this.needChar('"', 'quoted string');
    const b = this.cur;
    const out: number[] = [];
    for (let i = this.pos; i < b.length; i++) {
      const c = b[i]!;
      if (c === 0x22) {
        this.pos = i + 1;
        return Buffer.from(out);
      }
      if (c === 0x5c) {
        const n = b[i + 1];
        if (n !== 0x22 && n !== 0x5c) throw this.error('invalid escape in quoted string');
        out.push(n);
        i++;
      } else if (c === 0 || c === 0x0d || c === 0x0a) {
        throw this.error('invalid NUL, CR or LF in quoted string');
      } else {
        out.push(c);
      }
    }
    throw this.error('missing closing double quote');
  }

  /**
   * Consumes the literal that comes next. A literal8 is an error unless `allowBinary`
   * (RFC 3516 §4.1: literal8 only where the grammar says so). A normal literal with NUL is an
   * error unless `allowNul` (RFC 9051 §9 CHAR8).
   */
  literal(allowBinary = false, allowNul = false): Literal {
    if (!this.atLiteral()) throw this.error('expected literal');
    const lit = this.literals[this.seg]!;
    if (lit.binary && !allowBinary) throw this.error('literal8 not allowed here');
    if (!lit.binary && !allowNul && lit.data.includes(0)) throw this.error('NUL in literal');
    this.seg++;
    this.pos = 0;
    return lit;
  }

  /** string: quoted or literal. */
  string(): Buffer {
    return this.peekByte() === 0x22 ? this.quoted() : this.literal().data;
  }

  /** astring: 1*ASTRING-CHAR or string. */
  astring(): Buffer {
    const c = this.peekByte();
    if (c === 0x22 || this.atLiteral()) return this.string();
    return Buffer.from(this.chars(ASTRING_CHAR, 'astring'), 'latin1');
  }

  /** nstring: string or NIL (null). */
  nstring(): Buffer | null {
    if (this.peekByte() !== 0x22 && !this.atLiteral()) {
      this.needWord(['NIL'], 'string or NIL');
      return null;
    }
    return this.string();
  }

  /** Decodes bytes as UTF-8; invalid UTF-8 is a parse error. */
  text(b: Buffer): string {
    if (!isUtf8(b)) {
      if (this.foreignCharset) return b.toString('latin1');
      throw this.error('invalid UTF-8 in string');
    }
    return b.toString('utf8');
  }

  /** astring as text (UTF-8). */
  astringText(): string {
    return this.text(this.astring());
  }

  /** string as text (UTF-8). */
  stringText(): string {
    return this.text(this.string());
  }

  private digits(): string {
    const b = this.cur;
    let e = this.pos;
    while (e < b.length && b[e]! >= 0x30 && b[e]! <= 0x39) e++;
    const s = b.toString('latin1', this.pos, e);
    this.pos = e;
    return s;
  }

  /** number: unsigned 32-bit (RFC 9051 §9). */
  number(): number {
    const s = this.digits();
    if (s === '') throw this.error('expected number');
    const n = Number(s);
    if (s.length > 10 || n > MAX_NUMBER) throw this.error('number out of range');
    return n;
  }

  /** nz-number: non-zero unsigned 32-bit. */
  nzNumber(): number {
    const n = this.number();
    if (n === 0) throw this.error('expected non-zero number');
    return n;
  }

  /**
   * number64 (RFC 9051 §9): up to 2^63-1. Deviation (JS numbers): values above 2^53-1 come back
   * rounded to the nearest double. Only ordering against real (smaller) sizes and modseqs
   * matters for them, and rounding keeps that.
   */
  number64(): number {
    const s = this.digits();
    if (s === '') throw this.error('expected number');
    if (s.length > 19 || BigInt(s) > 0x7fffffffffffffffn) throw this.error('number out of range');
    return Number(s);
  }

  /** nz-number64. */
  nzNumber64(): number {
    const n = this.number64();
    if (n === 0) throw this.error('expected non-zero number');
    return n;
  }

  /** seq-number: nz-number or "*" (when allowed). */
  seqNumber(allowStar = true): SetNumber {
    if (allowStar && this.takeChar('*')) return '*';
    return this.nzNumber();
  }

  /**
   * sequence-set, with "$" (RFC 5182 §2.1) when `allowSaved`, and "*" when `allowStar`.
   */
  numSet(opts: { allowStar?: boolean; allowSaved?: boolean } = {}): NumSet {
    const { allowStar = true, allowSaved = true } = opts;
    if (allowSaved && this.takeChar('$')) return { kind: 'saved' };
    const ranges: NumRange[] = [];
    do {
      const first = this.seqNumber(allowStar);
      const last = this.takeChar(':') ? this.seqNumber(allowStar) : first;
      ranges.push({ first, last });
    } while (this.takeChar(','));
    return { kind: 'ranges', ranges };
  }

  /**
   * flag: a system flag (case-insensitive, returned in canonical case) or a keyword (an atom,
   * returned as sent). Other `\`-flags, such as `\Recent`, are rejected (RFC 9051 §9 flag).
   */
  flag(): string {
    if (this.takeChar('\\')) {
      const name = `\\${this.atom()}`;
      const f = Object.hasOwn(SYSTEM_FLAGS, name.toLowerCase()) ? SYSTEM_FLAGS[name.toLowerCase()] : undefined;
      if (!f) throw this.error(`unknown system flag ${name}`);
      return f;
    }
    return this.atom();
  }

  /** flag-list: "(" [flag *(SP flag)] ")". */
  flagList(): string[] {
    return this.list(() => this.flag(), true);
  }

  /**
   * A parenthesised list of items separated by single spaces; `allowEmpty` permits "()".
   */
  list<T>(item: () => T, allowEmpty = false): T[] {
    this.needChar('(', '"("');
    const out: T[] = [];
    if (this.takeChar(')')) {
      if (!allowEmpty) throw this.error('empty list');
      return out;
    }
    do out.push(item());
    while (this.takeSp());
    this.needChar(')', '")"');
    return out;
  }

  /**
   * Decodes a mailbox name: UTF-8, then modified UTF-7 unless UTF-8 mode (RFC 3501 §5.1.3).
   * A name that is not valid modified UTF-7 cannot exist: NO [CANNOT], not BAD (the command
   * is well-formed; Dovecot and imaptest expect NO). A LIST pattern is then used as given
   * (it matches nothing).
   */
  decodeMailbox(b: Buffer, pattern = false): string {
    const s = this.text(b);
    if (this.opts.utf8) return s;
    try {
      return utf7Decode(s);
    } catch (err) {
      if (!(err instanceof Utf7Error)) throw err;
      if (pattern) return s;
      throw this.error(`bad mailbox name: ${err.message}`, { cause: err, status: 'NO', code: 'CANNOT' });
    }
  }

  /**
   * mailbox: an astring, decoded. "INBOX" in any case, as the whole name or as its first
   * hierarchy element, becomes {@link INBOX} (RFC 9051 §5.1).
   */
  mailbox(): string {
    const name = this.decodeMailbox(this.astring());
    const first = name.split('/', 1)[0]!;
    return first.toLowerCase() === 'inbox' ? INBOX + name.slice(5) : name;
  }

  /** list-mailbox: 1*list-char or string, decoded (a LIST/LSUB pattern with "%" and "*"). */
  listMailbox(): string {
    const c = this.peekByte();
    if (c === 0x22 || this.atLiteral()) return this.decodeMailbox(this.string(), true);
    return this.decodeMailbox(Buffer.from(this.chars(LIST_CHAR, 'mailbox pattern'), 'latin1'), true);
  }

  /** date: date-text, optionally in double quotes (RFC 9051 §9). */
  date(): ImapDate {
    const quoted = this.takeChar('"');
    const b = this.cur;
    let e = this.pos;
    while (e < b.length && (WORD_CHAR[b[e]!] === 1 || b[e] === 0x2d)) e++;
    const s = b.toString('latin1', this.pos, e);
    const d = parseDateText(s);
    if (!d) throw this.error('expected date (d-Mon-yyyy)');
    this.pos = e;
    if (quoted) this.needChar('"');
    return d;
  }

  /** date-time: DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. */
  dateTime(): ImapDateTime {
    if (this.peekByte() !== 0x22) throw this.error('expected date-time');
    const start = this.pos;
    const d = parseDateTimeText(this.quoted().toString('latin1'));
    if (!d) {
      this.pos = start;
      throw this.error('bad date-time (expected "dd-Mon-yyyy hh:mm:ss +zzzz")');
    }
    return d;
  }
}
