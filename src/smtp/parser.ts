import { isIP } from 'node:net';
import { parseDomain } from '../dns/index.js';
import type { Path, IPDomain } from './address.js';

/** A command's arguments do not match the grammar. */
export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

/** One ESMTP parameter of MAIL or RCPT (RFC 5321 §4.1.2 esmtp-param). */
export interface MailParam {
  /** Keyword, uppercased. */
  key: string;
  /** Value, or undefined when the parameter has no "=value". */
  value: string | undefined;
}

/**
 * A cursor over one SMTP command line's arguments (RFC 5321 §4.1.2 grammar). Case-insensitive
 * keywords, strict or lenient whitespace as mox's pedantic mode chooses.
 */
export class CommandParser {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly opts: { utf8: boolean; pedantic: boolean },
  ) {}

  /** Whether all input is consumed. */
  empty(): boolean {
    return this.i >= this.s.length;
  }

  /** Throws unless all input is consumed. */
  end(): void {
    if (!this.empty()) throw new CommandSyntaxError(`unexpected text: ${JSON.stringify(this.s.slice(this.i))}`);
  }

  /** The unconsumed rest. */
  rest(): string {
    const r = this.s.slice(this.i);
    this.i = this.s.length;
    return r;
  }

  /** Consumes `word` case-insensitively or throws. */
  take(word: string): void {
    if (!this.peek(word)) throw new CommandSyntaxError(`expected ${JSON.stringify(word)}`);
    this.i += word.length;
  }

  /** Whether the input continues with `word` (case-insensitive). */
  peek(word: string): boolean {
    return this.s.slice(this.i, this.i + word.length).toLowerCase() === word.toLowerCase();
  }

  /** Consumes one space (or, when not pedantic, any run of spaces). */
  space(): void {
    if (this.s[this.i] !== ' ') throw new CommandSyntaxError('expected space');
    this.i++;
    if (!this.opts.pedantic) while (this.s[this.i] === ' ') this.i++;
  }

  /** Skips optional spaces when not pedantic (mox allows "MAIL FROM: <x>" unless pedantic). */
  optionalSpaces(): void {
    if (!this.opts.pedantic) while (this.s[this.i] === ' ') this.i++;
  }

  /**
   * Parses "<" [A-d-l ":"] Mailbox ">" or "<>" (RFC 5321 §4.1.2). Source routes are read and
   * ignored (RFC 5321 §4.1.1.3, Appendix C). `allowPostmaster` accepts "<postmaster>" without
   * a domain (RFC 5321 §4.5.1).
   */
  path(opts: { allowNull: boolean; allowPostmaster?: boolean }): Path {
    if (this.s[this.i] !== '<') throw new CommandSyntaxError('expected "<" starting path');
    this.i++;
    if (this.s[this.i] === '>') {
      if (!opts.allowNull) throw new CommandSyntaxError('null path not allowed');
      this.i++;
      return { localpart: '', ipdomain: {} };
    }
    if (this.s[this.i] === '@') {
      // RFC 5321 §4.1.2: A-d-l, deprecated source route; skip up to ":".
      const colon = this.s.indexOf(':', this.i);
      if (colon < 0) throw new CommandSyntaxError('bad source route');
      this.i = colon + 1;
    }
    const lp = this.localpart();
    if (this.s[this.i] === '>' && opts.allowPostmaster && lp.toLowerCase() === 'postmaster') {
      this.i++;
      return { localpart: lp, ipdomain: {} };
    }
    if (this.s[this.i] !== '@') throw new CommandSyntaxError('expected "@" after localpart');
    this.i++;
    const ipdomain = this.ipDomain();
    if (this.s[this.i] !== '>') throw new CommandSyntaxError('expected ">" ending path');
    this.i++;
    return { localpart: lp, ipdomain };
  }

  /** RFC 5321 §4.1.2 Local-part: Dot-string or Quoted-string; UTF-8 per RFC 6531 §3.3. */
  private localpart(): string {
    let lp: string;
    if (this.s[this.i] === '"') {
      this.i++;
      lp = '';
      for (;;) {
        const c = this.s[this.i];
        if (c === undefined) throw new CommandSyntaxError('unterminated quoted localpart');
        this.i++;
        if (c === '"') break;
        if (c === '\\') {
          const n = this.s[this.i];
          if (n === undefined || n < ' ' || (n > '~' && !this.opts.utf8)) throw new CommandSyntaxError('bad quoted-pair');
          lp += n;
          this.i++;
          continue;
        }
        if (c < ' ' || c === '\x7f' || (c > '~' && !this.opts.utf8)) throw new CommandSyntaxError('bad character in quoted localpart');
        lp += c;
      }
    } else {
      const start = this.i;
      while (this.i < this.s.length && isAtext(this.s.charCodeAt(this.i), this.opts.utf8 || !this.opts.pedantic) || this.s[this.i] === '.') this.i++;
      lp = this.s.slice(start, this.i);
      if (lp === '' || lp.startsWith('.') || lp.endsWith('.') || lp.includes('..')) {
        throw new CommandSyntaxError('invalid localpart');
      }
      if (!this.opts.utf8 && /[^\x00-\x7f]/.test(lp)) {
        throw new CommandSyntaxError('non-ascii localpart requires SMTPUTF8');
      }
    }
    // RFC 5321 §4.5.3.1.1: 64 octets; mox allows 128 when not pedantic.
    const max = this.opts.pedantic ? 64 : 128;
    if (Buffer.byteLength(lp) > max) throw new CommandSyntaxError(`localpart longer than ${max} octets`);
    return lp;
  }

  /** RFC 5321 §4.1.2: Domain / address-literal. */
  ipDomain(): IPDomain {
    if (this.s[this.i] === '[') {
      const end = this.s.indexOf(']', this.i);
      if (end < 0) throw new CommandSyntaxError('unterminated address literal');
      let lit = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      if (lit.toLowerCase().startsWith('ipv6:')) {
        lit = lit.slice(5);
        if (isIP(lit) !== 6) throw new CommandSyntaxError('invalid IPv6 address literal');
        // Deviation (pedantic only): an IPv4-mapped address in an IPv6 literal is rejected.
        if (this.opts.pedantic && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(lit)) throw new CommandSyntaxError('IPv4 address in IPv6 literal');
        return { ip: lit };
      }
      if (isIP(lit) !== 4) throw new CommandSyntaxError('invalid IPv4 address literal');
      return { ip: lit };
    }
    const start = this.i;
    while (this.i < this.s.length && /[A-Za-z0-9.\-]/.test(this.s[this.i]!) || (this.opts.utf8 && this.s.charCodeAt(this.i) > 0x7f)) this.i++;
    const d = this.s.slice(start, this.i);
    try {
      return { domain: parseDomain(d) };
    } catch (e) {
      throw new CommandSyntaxError((e as Error).message);
    }
  }

  /** Parses a domain (EHLO/HELO argument). */
  domain(): IPDomain {
    return this.ipDomain();
  }

  /**
   * RFC 5321 §4.1.2 Mail-parameters: SP-separated `keyword[=value]`. Values may hold UTF-8
   * (RFC 6531 §3.3). Keys are uppercased.
   */
  params(): MailParam[] {
    const out: MailParam[] = [];
    while (!this.empty()) {
      this.space();
      if (this.empty() && !this.opts.pedantic) break;
      const start = this.i;
      while (this.i < this.s.length && /[A-Za-z0-9-]/.test(this.s[this.i]!)) this.i++;
      const key = this.s.slice(start, this.i);
      if (key === '' || key.startsWith('-')) throw new CommandSyntaxError('invalid parameter keyword');
      let value: string | undefined;
      if (this.s[this.i] === '=') {
        this.i++;
        const vs = this.i;
        while (this.i < this.s.length && this.s[this.i] !== ' ') {
          const c = this.s.charCodeAt(this.i);
          if (c < 33 || c === 61 || c === 127) throw new CommandSyntaxError('invalid character in parameter value');
          this.i++;
        }
        value = this.s.slice(vs, this.i);
        if (value === '') throw new CommandSyntaxError('empty parameter value');
      }
      out.push({ key: key.toUpperCase(), value });
    }
    return out;
  }
}

/** RFC 5322 §3.2.3 atext (plus UTF-8 when allowed). */
function isAtext(c: number, utf8: boolean): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return true;
  if ("!#$%&'*+-/=?^_`{|}~".includes(String.fromCharCode(c))) return true;
  return utf8 && c > 0x7f;
}
