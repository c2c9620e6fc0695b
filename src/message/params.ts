import { decodeCharset } from './charset.js';
import { hexVal } from './words.js';

/** A parsed Content-Type or Content-Disposition value: the lower-case type and its parameters. */
export interface MimeValue {
  /** "type/subtype" for Content-Type, the disposition type for Content-Disposition; lower case. */
  value: string;
  /** Parameters with lower-case names, RFC 2231 continuations joined and charsets decoded. */
  params: Record<string, string>;
}

/** A parsed Content-Type (RFC 2045 §5.1) with the type and subtype in upper case. */
export interface ContentType {
  mediaType: string;
  mediaSubType: string;
  params: Record<string, string>;
}

// RFC 2045 §5.1: token characters are printable ASCII except tspecials.
const TOKEN = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) TOKEN[c] = '()<>@,;:\\"/[]?='.includes(String.fromCharCode(c)) ? 0 : 1;

function isTokenCode(n: number): boolean {
  return n < 128 && TOKEN[n] === 1;
}

/** Whether s is a non-empty RFC 2045 token. */
export function isToken(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) if (!isTokenCode(s.charCodeAt(i))) return false;
  return true;
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  /** Skips white space and RFC 5322 §3.2.2 comments (structured fields allow them, RFC 2045 §5.1). */
  cfws(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.i++;
      } else if (c === '(') {
        let depth = 0;
        while (!this.done) {
          const d = this.s[this.i++];
          if (d === '\\') this.i++;
          else if (d === '(') depth++;
          else if (d === ')' && --depth === 0) break;
        }
      } else {
        return;
      }
    }
  }
  token(): string {
    const start = this.i;
    while (this.i < this.s.length && isTokenCode(this.s.charCodeAt(this.i))) this.i++;
    return this.s.slice(start, this.i);
  }
  /** Reads a quoted-string at the current '"'; unterminated strings run to the end. */
  quoted(): { text: string; closed: boolean } {
    this.i++;
    let out = '';
    while (!this.done) {
      const c = this.s[this.i++]!;
      if (c === '"') return { text: out, closed: true };
      if (c === '\\' && !this.done) out += this.s[this.i++];
      else out += c;
    }
    return { text: out, closed: false };
  }
  /** Skips to just after the next ';' outside quotes, or to the end. */
  skipParam(): void {
    while (!this.done) {
      const c = this.s[this.i]!;
      if (c === '"') this.quoted();
      else if (c === ';') return;
      else this.i++;
    }
  }
}

interface RawParam {
  name: string;
  value: string;
}

function fail(strict: boolean, msg: string): void {
  if (strict) throw new Error(msg);
}

/**
 * Parses a MIME header value with parameters: Content-Type (`withSubtype`) or
 * Content-Disposition (RFC 2183 §2). In strict mode, syntax errors throw an Error with the
 * reason (as Go's mime.ParseMediaType, which mox uses, would fail); otherwise bad parameters are
 * recovered where possible (unquoted values with special characters, duplicates: first wins)
 * and the type may come back as "".
 */
export function parseMimeValue(s: string, withSubtype: boolean, strict: boolean): MimeValue {
  const sc = new Scanner(s);
  sc.cfws();
  let value = sc.token().toLowerCase();
  if (value === '') fail(strict, 'missing media type');
  sc.cfws();
  if (withSubtype) {
    if (sc.peek() === '/') {
      sc.i++;
      sc.cfws();
      const sub = sc.token().toLowerCase();
      if (sub === '') fail(strict, 'missing media subtype');
      value = value && sub ? `${value}/${sub}` : '';
      sc.cfws();
    } else {
      fail(strict, 'missing "/" in media type');
      value = '';
    }
  }
  const raw: RawParam[] = [];
  const seen = new Set<string>();
  while (!sc.done) {
    if (sc.peek() !== ';') {
      fail(strict, `unexpected ${JSON.stringify(sc.peek())} after media type or parameter`);
      sc.skipParam();
      if (sc.done) break;
    }
    sc.i++; // ';'
    sc.cfws();
    if (sc.done) break; // a trailing ";" is tolerated, as by Go's mime package
    if (sc.peek() === ';') {
      fail(strict, 'empty parameter');
      continue;
    }
    const start = sc.i;
    let name = sc.token().toLowerCase();
    sc.cfws();
    if (sc.peek() !== '=' || name === '') {
      fail(strict, 'malformed parameter');
      // Lenient: the attribute runs to "=" (e.g. a name with a space); without "=" it is dropped.
      sc.i = start;
      while (!sc.done && sc.peek() !== '=' && sc.peek() !== ';') sc.i++;
      if (sc.peek() !== '=') continue;
      name = s.slice(start, sc.i).trim().toLowerCase();
      if (name === '') {
        sc.skipParam();
        continue;
      }
    }
    sc.i++; // '='
    sc.cfws();
    let v: string;
    if (sc.peek() === '"') {
      const q = sc.quoted();
      if (!q.closed) fail(strict, 'unterminated quoted-string in parameter');
      v = q.text;
      sc.cfws();
      if (!sc.done && sc.peek() !== ';') {
        fail(strict, 'text after quoted parameter value');
        sc.skipParam();
      }
    } else {
      v = sc.token();
      sc.cfws();
      if (v === '') fail(strict, `empty value for parameter ${name}`);
      if (!sc.done && sc.peek() !== ';') {
        fail(strict, `invalid character in value for parameter ${name}`);
        // Lenient: an unquoted value with specials (often "=" in a boundary) runs to ";".
        const vs = sc.i - v.length;
        sc.skipParam();
        v = s.slice(vs, sc.i).trim();
      }
    }
    if (name === '__proto__') continue;
    if (seen.has(name)) {
      fail(strict, `duplicate parameter ${name}`);
      continue;
    }
    seen.add(name);
    raw.push({ name, value: v });
  }
  return { value, params: combineParams(raw) };
}

/** Percent-decodes an RFC 2231 §4 extended value into bytes; bad escapes stay literal. */
function pctDecode(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && hexVal(s.charCodeAt(i + 1)) >= 0 && hexVal(s.charCodeAt(i + 2)) >= 0) {
      out.push((hexVal(s.charCodeAt(i + 1)) << 4) | hexVal(s.charCodeAt(i + 2)));
      i += 2;
    } else if (c < 0x80) {
      out.push(c);
    } else {
      for (const b of Buffer.from(s[i]!, 'utf8')) out.push(b);
    }
  }
  return Buffer.from(out);
}

/** Splits "charset'language'value" (RFC 2231 §4); without two quotes the whole is the value. */
function splitExtended(v: string): { charset: string; rest: string } {
  const a = v.indexOf("'");
  const b = a >= 0 ? v.indexOf("'", a + 1) : -1;
  if (a < 0 || b < 0) return { charset: '', rest: v };
  return { charset: v.slice(0, a), rest: v.slice(b + 1) };
}

/**
 * Joins RFC 2231 §3 continuations ("name*0", "name*1*") and decodes §4 extended values
 * ("name*=utf-8''%E2%82%AC"). An extended single value wins over continuations, which win
 * over a plain value, as in Go's mime package. Sections stop at the first gap.
 */
function combineParams(raw: RawParam[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw.some((p) => p.name.includes('*'))) {
    for (const { name, value } of raw) out[name] = value;
    return out;
  }
  const sections = new Map<string, Map<number, { v: string; ext: boolean }>>();
  const extended = new Map<string, string>();
  for (const { name, value } of raw) {
    const star = name.indexOf('*');
    if (star < 0) {
      out[name] = value;
      continue;
    }
    const base = name.slice(0, star);
    const rest = name.slice(star + 1);
    if (base === '' || base === '__proto__') continue;
    if (rest === '') {
      extended.set(base, value);
      continue;
    }
    const ext = rest.endsWith('*');
    const num = ext ? rest.slice(0, -1) : rest;
    if (!/^[0-9]{1,4}$/.test(num)) {
      out[name] = value;
      continue;
    }
    let m = sections.get(base);
    if (!m) sections.set(base, (m = new Map()));
    m.set(Number(num), { v: value, ext });
  }
  for (const [base, m] of sections) {
    if (extended.has(base)) continue;
    const first = m.get(0);
    if (!first) continue;
    let charset = '';
    const chunks: Buffer[] = [];
    for (let n = 0; m.has(n); n++) {
      const sec = m.get(n)!;
      if (!sec.ext) {
        chunks.push(Buffer.from(sec.v, 'utf8'));
        continue;
      }
      let v = sec.v;
      if (n === 0) {
        const x = splitExtended(v);
        charset = x.charset;
        v = x.rest;
      }
      chunks.push(pctDecode(v));
    }
    out[base] = decodeCharset(Buffer.concat(chunks), charset || undefined);
  }
  for (const [base, v] of extended) {
    const x = splitExtended(v);
    out[base] = decodeCharset(pctDecode(x.rest), x.charset || undefined);
  }
  return out;
}

/**
 * Parses a Content-Type value (RFC 2045 §5.1). Strict mode throws on syntax errors. Otherwise
 * a type that cannot be recovered becomes APPLICATION/OCTET-STREAM, as mox does.
 * Deviation (mox compat): RFC 2045 §5.2 suggests text/plain for an invalid Content-Type.
 */
export function parseContentType(s: string, strict = false): ContentType {
  const mv = parseMimeValue(s, true, strict);
  const slash = mv.value.indexOf('/');
  if (slash <= 0) return { mediaType: 'APPLICATION', mediaSubType: 'OCTET-STREAM', params: mv.params };
  return {
    mediaType: mv.value.slice(0, slash).toUpperCase(),
    mediaSubType: mv.value.slice(slash + 1).toUpperCase(),
    params: mv.params,
  };
}

/** Parses a Content-Disposition value (RFC 2183 §2), leniently; undefined when it has no type. */
export function parseDisposition(s: string): MimeValue | undefined {
  const mv = parseMimeValue(s, false, false);
  return mv.value === '' ? undefined : mv;
}
