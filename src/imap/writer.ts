import { isUtf8 } from 'node:buffer';
import { ASTRING_CHAR, allIn, ATOM_CHAR } from './chars.js';
import { formatDateTime } from './datetime.js';
import type { ImapParseError } from './errors.js';
import { formatNumSet, formatNumbers, type NumSet } from './numset.js';
import { utf7Encode } from './utf7.js';

/** How strings and names are written for this connection. */
export interface WriterOptions {
  /**
   * UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §5.1) is enabled: UTF-8 may appear in
   * quoted strings and text, and mailbox names are not modified UTF-7.
   */
  readonly utf8?: boolean;
  /** Strings longer than this many bytes are sent as literals; default 1024. */
  readonly maxQuoted?: number;
}

/** Condition of a status response (RFC 9051 §7.1). */
export type Condition = 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';

/**
 * Builds server responses as bytes. Values are written in the form the grammar needs: quoted
 * strings when safe and literals otherwise (CR, LF or NUL; 8-bit data without UTF-8 mode; long
 * strings), NIL, numbers, lists, flags, mailbox names (modified UTF-7 unless UTF-8 mode),
 * sequence sets and date-times. Separators are explicit (`sp()`); `crlf()` ends a line.
 * `toBuffer()`/`take()` hand out what was built and start over.
 */
export class ResponseWriter {
  private parts: Buffer[] = [];
  private pending = '';
  private readonly utf8: boolean;
  private readonly maxQuoted: number;

  constructor(opts: WriterOptions = {}) {
    this.utf8 = opts.utf8 ?? false;
    this.maxQuoted = opts.maxQuoted ?? 1024;
  }

  private flush(): void {
    if (this.pending !== '') {
      this.parts.push(Buffer.from(this.pending, 'utf8'));
      this.pending = '';
    }
  }

  /** Appends text verbatim; the caller guarantees it is valid here. */
  raw(s: string): this {
    this.pending += s;
    return this;
  }

  /** Appends bytes verbatim. */
  bytes(b: Buffer): this {
    this.flush();
    this.parts.push(b);
    return this;
  }

  /** One space. */
  sp(): this {
    return this.raw(' ');
  }

  /** Ends the line with CRLF. */
  crlf(): this {
    return this.raw('\r\n');
  }

  /** Starts an untagged response: "* ". */
  untagged(): this {
    return this.raw('* ');
  }

  /** An atom (or keyword such as FETCH); throws TypeError if `s` is not one. */
  atom(s: string): this {
    if (!allIn(ATOM_CHAR, s)) throw new TypeError(`not an atom: ${JSON.stringify(s)}`);
    return this.raw(s);
  }

  /** A number (RFC 9051 §9 number, number64). */
  number(n: number | bigint): this {
    if (typeof n === 'number' && (!Number.isSafeInteger(n) || n < 0)) throw new TypeError(`not a number64: ${n}`);
    if (typeof n === 'bigint' && n < 0n) throw new TypeError(`not a number64: ${n}`);
    return this.raw(String(n));
  }

  /** NIL. */
  nil(): this {
    return this.raw('NIL');
  }

  private canQuote(b: Buffer): boolean {
    if (b.length > this.maxQuoted || b.includes(0) || b.includes(0x0d) || b.includes(0x0a)) return false;
    for (const c of b) if (c >= 0x80) return this.utf8 && isUtf8(b);
    return true;
  }

  /** A quoted string; throws TypeError when `s` cannot be quoted (see {@link string}). */
  quoted(s: string | Buffer): this {
    const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    if (!this.canQuote(b)) throw new TypeError('string cannot be quoted');
    return this.raw(`"${b.toString('utf8').replace(/["\\]/g, (m) => `\\${m}`)}"`);
  }

  /** A literal `{n}` CRLF data, or literal8 `~{n}` when `binary` (RFC 3516 §4.2); never `{n+}` (RFC 7888 §3). */
  literal(data: Buffer, binary = false): this {
    this.raw(`${binary ? '~' : ''}{${data.length}}\r\n`);
    return this.bytes(data);
  }

  /** A string: quoted when safe, else a literal (RFC 9051 §4.3). */
  string(s: string | Buffer): this {
    const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    return this.canQuote(b) ? this.quoted(b) : this.literal(b);
  }

  /** An nstring: NIL for null/undefined, else a string. */
  nstring(s: string | Buffer | null | undefined): this {
    return s === null || s === undefined ? this.nil() : this.string(s);
  }

  /** An astring: bare when all ASTRING-CHARs (and not "NIL"), else a string. */
  astring(s: string): this {
    if (allIn(ASTRING_CHAR, s) && s.toUpperCase() !== 'NIL') return this.raw(s);
    return this.string(s);
  }

  /** A mailbox name: modified UTF-7 unless UTF-8 mode (RFC 3501 §5.1.3), as an astring. */
  mailbox(name: string): this {
    return this.astring(this.utf8 ? name : utf7Encode(name));
  }

  /** "(" items ")", each written by `each`, separated by single spaces. */
  list<T>(items: Iterable<T>, each: (w: this, item: T) => void): this {
    this.raw('(');
    let first = true;
    for (const item of items) {
      if (!first) this.sp();
      first = false;
      each(this, item);
    }
    return this.raw(')');
  }

  /** A flag list "(\Seen $Forwarded)"; flags are atoms, optionally after "\", or "\*" (PERMANENTFLAGS). */
  flags(flags: Iterable<string>): this {
    return this.list(flags, (w, f) => {
      if (f !== '\\*' && !allIn(ATOM_CHAR, f.startsWith('\\') ? f.slice(1) : f)) throw new TypeError(`not a flag: ${JSON.stringify(f)}`);
      w.raw(f);
    });
  }

  /** A sequence set, from a parsed set or from numbers (runs compacted: 1:3,5). */
  numSet(set: NumSet | readonly number[]): this {
    return this.raw(Array.isArray(set) ? formatNumbers(set as readonly number[]) : formatNumSet(set as NumSet));
  }

  /** A quoted date-time in the given zone (RFC 9051 §9 date-time). */
  dateTime(epochMs: number, offsetMinutes: number): this {
    return this.raw(`"${formatDateTime(epochMs, offsetMinutes)}"`);
  }

  /** Human-readable text: CR, LF and NUL become spaces; 8-bit becomes "?" unless UTF-8 mode. */
  text(s: string): this {
    let t = s.replace(/[\r\n\0]/g, ' ');
    if (!this.utf8) t = t.replace(/[^\x00-\x7f]/gu, '?');
    return this.raw(t);
  }

  /**
   * A complete status response line (RFC 9051 §7.1): `tag` (null for "*"), condition, optional
   * response code (without brackets, e.g. "UIDVALIDITY 3857529045"), text.
   */
  status(tag: string | null, cond: Condition, text: string, code?: string): this {
    this.raw(`${tag ?? '*'} ${cond} `);
    if (code !== undefined) this.raw('[').text(code).raw('] ');
    return this.text(text).crlf();
  }

  /** A command continuation request line "+ text" (RFC 9051 §7.6). */
  continuation(text = ''): this {
    return this.raw('+ ').text(text).crlf();
  }

  /** The reply line for a parse error: `tag BAD [CODE] text`, or `* BAD ...` when the tag is unknown. */
  parseError(err: ImapParseError): this {
    return this.status(err.tag ?? null, err.status, err.text, err.code);
  }

  /** Everything written so far as separate buffers (literals are not copied); the writer starts over. */
  take(): Buffer[] {
    this.flush();
    const p = this.parts;
    this.parts = [];
    return p;
  }

  /** Everything written so far as one buffer; the writer starts over. */
  toBuffer(): Buffer {
    return Buffer.concat(this.take());
  }
}
