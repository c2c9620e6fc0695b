import { AddressParseError } from './errors.js';
import { decodeWords } from './words.js';
import { localpartString } from '../smtp/index.js';
import { tryParseDomain } from '../dns/index.js';
import type { EnvelopeAddress } from './types.js';

/** A mailbox from an address header (RFC 5322 §3.4). */
export interface Mailbox {
  /** Display name, RFC 2047-decoded; "" when absent. A trailing comment counts when there is no name. */
  name: string;
  /** Localpart, unquoted (quoted-pairs resolved). */
  localpart: string;
  /** Domain as written (UTF-8 allowed, RFC 6532), or a domain literal with its brackets. */
  domain: string;
  /** The address as text: localpart (quoted when needed) "@" domain. */
  address: string;
  /** Obsolete source route before the address (RFC 5322 §4.4), e.g. "@a,@b"; absent when none. */
  route?: string;
}

/** A named group of mailboxes (RFC 5322 §3.4), e.g. "undisclosed-recipients:;". */
export interface AddressGroup {
  /** Group display name, RFC 2047-decoded. */
  group: string;
  mailboxes: Mailbox[];
}

/** An entry of an address list: a mailbox, or a group (which has `mailboxes`). */
export type AddressListItem = Mailbox | AddressGroup;

/** Options for {@link parseAddressList}. */
export interface AddressListOptions {
  /**
   * Never throw: entries that do not parse are skipped, or reduced to the bare address when
   * one can be found in them (used for ENVELOPE). Also accepts dots anywhere in localparts.
   */
  lenient?: boolean;
}

// RFC 5322 §3.2.3: atext is printable ASCII except specials, plus UTF-8 (RFC 6532 §3.2).
// Words in phrases and addresses also take "." (dot-atoms, and obs-phrase §4.1).
const WORD = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) WORD[c] = '()<>[]:;@\\,"'.includes(String.fromCharCode(c)) ? 0 : 1;

function isWordCode(n: number): boolean {
  return n >= 0x80 || WORD[n] === 1;
}

interface Tok {
  kind: 'atom' | 'quoted';
  text: string;
  space: boolean;
}

class AddrParser {
  i = 0;
  /** Text of the last comment skipped by {@link cfws}. */
  comment = '';
  constructor(
    readonly s: string,
    readonly lenient: boolean,
  ) {}

  fail(msg: string): never {
    throw new AddressParseError(`${msg} at position ${this.i} in ${JSON.stringify(this.s.slice(0, 200))}`, this.i);
  }
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }

  /** Skips folding white space and comments (RFC 5322 §3.2.2); reports whether anything was skipped. */
  cfws(): boolean {
    const start = this.i;
    this.comment = '';
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.i++;
      } else if (c === '(') {
        this.comment = this.readComment();
      } else {
        return this.i > start;
      }
    }
  }

  readComment(): string {
    let depth = 0;
    let out = '';
    while (!this.done) {
      const c = this.s[this.i++]!;
      if (c === '\\') {
        if (depth >= 1) out += this.s[this.i] ?? '';
        this.i++;
      } else if (c === '(') {
        if (depth++ >= 1) out += c;
      } else if (c === ')') {
        if (--depth === 0) return out;
        out += c;
      } else {
        out += c;
      }
    }
    if (!this.lenient) this.fail('unterminated comment');
    return out;
  }

  readQuoted(): string {
    this.i++; // '"'
    let out = '';
    while (!this.done) {
      const c = this.s[this.i++]!;
      if (c === '"') return out;
      if (c === '\\') {
        if (this.done) break;
        out += this.s[this.i++];
      } else if (c !== '\r' && c !== '\n') {
        out += c;
      }
    }
    if (!this.lenient) this.fail('unterminated quoted-string');
    return out;
  }

  /** Reads words: atoms (dots allowed, as Go's permissive parser does) and quoted-strings. */
  readWords(): Tok[] {
    const toks: Tok[] = [];
    for (;;) {
      const space = this.cfws();
      const c = this.peek();
      if (c === '"') {
        toks.push({ kind: 'quoted', text: this.readQuoted(), space });
      } else if (c !== '' && isWordCode(c.charCodeAt(0))) {
        const start = this.i;
        while (this.i < this.s.length && isWordCode(this.s.charCodeAt(this.i))) this.i++;
        toks.push({ kind: 'atom', text: this.s.slice(start, this.i), space });
      } else {
        return toks;
      }
    }
  }

  localpart(toks: Tok[]): string {
    if (toks.length === 0) this.fail('missing localpart');
    if (!this.lenient) {
      // RFC 5322 §3.4.1 and §4.4: words separated by single dots.
      const shape = toks.map((t) => (t.kind === 'quoted' ? 'q' : t.text.replace(/[^.]+/g, 'a'))).join('');
      if (!/^[aq](\.[aq])*$/.test(shape)) this.fail('malformed localpart');
    }
    return toks.map((t) => t.text).join('');
  }

  domain(): string {
    this.cfws();
    if (this.peek() === '[') {
      const start = this.i;
      this.i++;
      while (!this.done && this.peek() !== ']') {
        if (this.peek() === '\\') this.i++;
        if (this.peek() === '[') this.fail('"[" in domain literal');
        this.i++;
      }
      if (this.done) this.fail('unterminated domain literal');
      this.i++;
      const lit = this.s.slice(start, this.i).replace(/[ \t\r\n]/g, '');
      this.cfws();
      return lit;
    }
    const toks = this.readWords();
    const d = toks.map((t) => t.text).join('');
    if (toks.some((t) => t.kind === 'quoted') || !/^[^.]+(\.[^.]+)*$/.test(d)) this.fail('malformed domain');
    return d;
  }

  /** Parses "<" [obs-route] addr-spec ">" with the cursor at "<". */
  angleAddr(name: string): Mailbox {
    this.i++;
    this.cfws();
    let route: string | undefined;
    if (this.peek() === '@') {
      // RFC 5322 §4.4 obs-route: "@a,@b:" before the address; kept for IMAP's ENVELOPE adl.
      const colon = this.s.indexOf(':', this.i);
      if (colon < 0) this.fail('malformed route');
      route = this.s.slice(this.i, colon).replace(/[ \t\r\n]/g, '');
      this.i = colon + 1;
    }
    const toks = this.readWords();
    if (this.peek() !== '@') this.fail(toks.length === 0 && this.peek() === '>' ? 'empty address' : 'expected "@"');
    const lp = this.localpart(toks);
    this.i++;
    const domain = this.domain();
    if (this.peek() === '>') this.i++;
    else if (!(this.lenient && this.done)) this.fail('expected ">"');
    this.cfws();
    const m = mailbox(name, lp, domain);
    if (route) m.route = route;
    return m;
  }

  /** Parses a mailbox: name-addr or addr-spec (RFC 5322 §3.4). */
  mailbox(): Mailbox {
    const toks = this.readWords();
    const c = this.peek();
    if (c === '<') return this.angleAddr(phraseText(toks));
    if (c === '@') {
      const lp = this.localpart(toks);
      this.i++;
      const domain = this.domain();
      // Like Go's net/mail: a comment after a bare address is taken as display name.
      return mailbox(decodeWords(this.comment.trim()), lp, domain);
    }
    return this.fail(toks.length === 0 ? 'expected address' : 'expected "<" or "@" after words');
  }

  /** Parses one address-list entry: a group or a mailbox. */
  address(): AddressListItem {
    const start = this.i;
    const toks = this.readWords();
    if (this.peek() === ':' && toks.length > 0) {
      this.i++;
      const group = phraseText(toks);
      const mailboxes: Mailbox[] = [];
      for (;;) {
        this.cfws();
        const c = this.peek();
        if (c === ';') {
          this.i++;
          this.cfws();
          break;
        }
        if (c === '') {
          if (!this.lenient) this.fail('missing ";" after group');
          break;
        }
        if (c === ',') {
          this.i++;
          continue;
        }
        const m = this.tryEntry(() => this.mailbox(), ';');
        if (m) mailboxes.push(m);
        this.cfws();
        if (!this.done && this.peek() !== ',' && this.peek() !== ';') this.fail('expected "," or ";" in group');
      }
      return { group, mailboxes };
    }
    this.i = start;
    return this.mailbox();
  }

  /** Runs one entry parse; in lenient mode, failures skip to the next separator and salvage an address. */
  tryEntry<T extends AddressListItem>(fn: () => T, extraStop = ''): T | Mailbox | undefined {
    const start = this.i;
    try {
      return fn();
    } catch (e) {
      if (!this.lenient) throw e;
      this.i = start;
      this.skipEntry(extraStop);
      return salvage(this.s.slice(start, this.i));
    }
  }

  /**
   * Moves to the next "," (or extraStop) outside quotes and comments. A comma inside angle
   * brackets only continues the entry for an obs-route ("<@a,@b:x@y>"); an unclosed "<" must
   * not swallow the entries after it.
   */
  skipEntry(extraStop: string): void {
    let route = false;
    while (!this.done) {
      const c = this.peek();
      if (c === '"') {
        this.readQuoted();
        continue;
      }
      if (c === '(') {
        this.readComment();
        continue;
      }
      if (c === '<') route = this.s[this.i + 1] === '@';
      else if (c === '>' || c === ':') route = false;
      else if (!route && (c === ',' || (extraStop !== '' && c === extraStop))) return;
      this.i++;
    }
  }

  list(): AddressListItem[] {
    const out: AddressListItem[] = [];
    for (;;) {
      this.cfws();
      if (this.done) return out;
      if (this.peek() === ',') {
        // RFC 5322 §4.4 obs-addr-list: empty entries are allowed.
        this.i++;
        continue;
      }
      const a = this.tryEntry(() => this.address());
      if (a) out.push(a);
      this.cfws();
      if (this.done) return out;
      if (this.peek() !== ',') {
        if (!this.lenient) this.fail('expected ","');
        this.skipEntry('');
      }
    }
  }
}

/**
 * The localpart as written in an address: as is when it is a dot-atom (RFC 5322 §3.2.3,
 * UTF-8 allowed per RFC 6532), else as a quoted-string. A loop instead of smtp's
 * localpartString keeps this off the per-address hot path.
 */
function localpartText(lp: string): string {
  let ok = lp.length > 0 && lp.charCodeAt(0) !== 0x2e && lp.charCodeAt(lp.length - 1) !== 0x2e;
  for (let i = 0; ok && i < lp.length; i++) {
    const c = lp.charCodeAt(i);
    if (c === 0x2e) ok = lp.charCodeAt(i + 1) !== 0x2e;
    else ok = isWordCode(c);
  }
  return ok ? lp : localpartString(lp);
}

function mailbox(name: string, localpart: string, domain: string): Mailbox {
  return { name, localpart, domain, address: `${localpartText(localpart)}@${domain}` };
}

/** Builds a display name from phrase words, decoding RFC 2047 words (RFC 2047 §6.2). */
function phraseText(toks: Tok[]): string {
  let out = '';
  let prevEncoded = false;
  for (const t of toks) {
    const encoded = t.kind === 'atom' && t.text.startsWith('=?') && t.text.endsWith('?=');
    const text = decodeWords(t.text);
    if (out !== '' && t.space && !(encoded && prevEncoded)) out += ' ';
    out += text;
    prevEncoded = encoded;
  }
  return out.trim();
}

/** Finds a bare address in the text of an entry that did not parse. */
function salvage(raw: string): Mailbox | undefined {
  const lt = raw.lastIndexOf('<');
  const inner = lt >= 0 ? raw.slice(lt + 1).split('>')[0]! : raw;
  const at = inner.lastIndexOf('@');
  if (at < 0) {
    // A bare word ("From: d"): a localpart without domain. Dovecot's ENVELOPE shows it with
    // host MISSING_DOMAIN, so clients (and SORT DISPLAYFROM) still see the name.
    const word = inner.trim();
    return /^[^\s<>(),;:"[\]\\@]+$/.test(word) ? mailbox('', word, 'MISSING_DOMAIN') : undefined;
  }
  const stop = /[\s<>(),;:"[\]\\]/;
  let s = at;
  while (s > 0 && !stop.test(inner[s - 1]!)) s--;
  let e = at + 1;
  while (e < inner.length && !stop.test(inner[e]!)) e++;
  const lp = inner.slice(s, at);
  const domain = inner.slice(at + 1, e);
  if (lp === '' || domain === '') return undefined;
  return mailbox('', lp, domain);
}

/**
 * Parses an address list header value (From, To, Cc, Reply-To, …; RFC 5322 §3.4 with the
 * obsolete syntax of §4.4): display names (RFC 2047 words decoded), quoted strings, comments,
 * groups, domain literals and UTF-8 (RFC 6532). Throws {@link AddressParseError} on bad syntax
 * unless `lenient` is set.
 */
export function parseAddressList(s: string, opts: AddressListOptions = {}): AddressListItem[] {
  return new AddrParser(s, opts.lenient ?? false).list();
}

/** Parses a header value holding exactly one mailbox (e.g. Sender); throws {@link AddressParseError} otherwise. */
export function parseAddress(s: string): Mailbox {
  const p = new AddrParser(s, false);
  p.cfws();
  const m = p.mailbox();
  p.cfws();
  if (!p.done) p.fail('unexpected text after address');
  return m;
}

/** Whether an address list entry is a group. */
export function isGroup(a: AddressListItem): a is AddressGroup {
  return 'mailboxes' in a;
}

/** Whether a string is all ASCII (then its IDNA ASCII form is its lower-case form). */
function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Converts a mailbox to an IMAP ENVELOPE address: host in lower-case ASCII (IDNA), localpart quoted when needed. */
export function envelopeMailbox(m: Mailbox): EnvelopeAddress {
  // mox puts the domain's ASCII form in the host field; a name that is not a valid domain
  // (e.g. with "_") is kept lower-cased instead of being dropped as mox does.
  const host = m.domain.startsWith('[') || isAsciiText(m.domain) ? m.domain.toLowerCase() : (tryParseDomain(m.domain)?.ascii ?? m.domain.toLowerCase());
  // m.address is the quoted-when-needed localpart, "@", and the domain.
  // RFC 9051 §7.5.2: adl is the source route (Dovecot sends it; mox sends NIL).
  return { name: m.name === '' ? null : m.name, adl: m.route ?? null, mailbox: m.address.slice(0, m.address.length - m.domain.length - 1), host };
}

/**
 * Converts an address list to IMAP ENVELOPE addresses (RFC 9051 §7.5.2), with group start
 * and end markers. Unlike mox, which flattens groups, we send the markers RFC 9051 §7.5.2 asks for.
 */
export function envelopeAddresses(list: readonly AddressListItem[]): EnvelopeAddress[] {
  const out: EnvelopeAddress[] = [];
  for (const a of list) {
    if (isGroup(a)) {
      out.push({ name: null, adl: null, mailbox: a.group, host: null });
      for (const m of a.mailboxes) out.push(envelopeMailbox(m));
      out.push({ name: null, adl: null, mailbox: null, host: null });
    } else {
      out.push(envelopeMailbox(a));
    }
  }
  return out;
}
