// SPF record syntax (RFC 7208 §4.5, §12): parsing a TXT record into directives and
// modifiers, and writing it back.

import { isIP } from 'node:net';

/** One directive: an optional qualifier and a mechanism with its arguments (RFC 7208 §4.6.2). */
export interface Directive {
  /** "" or "+" (pass), "-" (fail), "?" (neutral), "~" (softfail). */
  qualifier: '' | '+' | '-' | '?' | '~';
  /** Lower case: all, include, a, mx, ptr, ip4, ip6, exists. */
  mechanism: 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';
  /** Domain-spec (may contain macros) for include, a, mx, ptr, exists; "" when absent. */
  domainSpec: string;
  /** Address of ip4/ip6 as written, with the prefix length ("/32", "/128" when absent). */
  ip?: string;
  /** IPv4 prefix length for a, mx, ip4. */
  ip4CidrLen?: number;
  /** IPv6 prefix length for a, mx, ip6. */
  ip6CidrLen?: number;
}

/** A modifier other than redirect and exp (RFC 7208 §6). */
export interface Modifier {
  key: string;
  value: string;
}

/** A parsed SPF record. */
export interface SpfRecord {
  /** Always "spf1". */
  version: string;
  directives: Directive[];
  /** redirect= domain-spec, "" when absent. */
  redirect: string;
  /** exp= domain-spec, "" when absent. */
  explanation: string;
  /** Unknown modifiers, in order. */
  other: Modifier[];
}

/** A syntax error in an SPF record; the evaluation result for it is permerror (RFC 7208 §4.6). */
export class SpfSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpfSyntaxError';
  }
}

const mechanisms = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;

/**
 * Checks a macro-string (RFC 7208 §7.1) and returns it. Macro letters, digits, "r" and
 * delimiters are validated; `slash` says whether "/" may appear as a literal (not in a and mx,
 * where it starts a prefix length).
 */
function macroString(s: string, slash: boolean, what: string): string {
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '%') {
      const n = s[i + 1];
      if (n === '%' || n === '_' || n === '-') {
        i += 2;
        continue;
      }
      if (n !== '{') throw new SpfSyntaxError(`${what}: bad macro, "%" must be followed by "{", "%", "_" or "-"`);
      const m = /^%\{([slodiphcrtvSLODIPHCRTV])([0-9]*)([rR]?)([-.+,/_=]*)\}/.exec(s.slice(i));
      if (!m) throw new SpfSyntaxError(`${what}: bad macro expansion in ${JSON.stringify(s)}`);
      if (m[2] !== '' && Number(m[2]) === 0) throw new SpfSyntaxError(`${what}: bad digits 0 for 0 labels`);
      i += m[0].length;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code <= 0x20 || code >= 0x7f || (!slash && c === '/')) throw new SpfSyntaxError(`${what}: invalid character ${JSON.stringify(c)}`);
    i++;
  }
  return s;
}

/** A domain-spec (RFC 7208 §7.1): a macro-string ending in a macro or a valid top label. */
function domainSpec(s: string, what: string): string {
  if (s === '') throw new SpfSyntaxError(`${what}: missing domain`);
  macroString(s, true, what);
  if (/(%%|%_|%-|\})$/.test(s)) return s;
  const labels = s.replace(/\.$/, '').split('.');
  const top = labels[labels.length - 1]!;
  if (top === '') throw new SpfSyntaxError(`${what}: invalid empty toplabel`);
  if (!/^[A-Za-z0-9-]+$/.test(top)) throw new SpfSyntaxError(`${what}: bad toplabel, invalid character`);
  if (top.startsWith('-') || top.endsWith('-')) throw new SpfSyntaxError(`${what}: bad toplabel, leading or trailing dash`);
  if (/^[0-9]+$/.test(top)) throw new SpfSyntaxError(`${what}: bad toplabel, cannot be all digits`);
  return s;
}

function cidr(s: string, max: number, what: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(s)) throw new SpfSyntaxError(`${what}: bad prefix length ${JSON.stringify(s)}`);
  const n = Number(s);
  if (n > max) throw new SpfSyntaxError(`${what}: invalid ip${max === 32 ? 4 : 6} cidr length ${n}`);
  return n;
}

function parseDirective(term: string): Directive {
  let q: Directive['qualifier'] = '';
  let rest = term;
  if ('+-?~'.includes(rest[0]!)) {
    q = rest[0] as Directive['qualifier'];
    rest = rest.slice(1);
  }
  const m = /^([A-Za-z][A-Za-z0-9]*)(.*)$/.exec(rest);
  const name = m?.[1]?.toLowerCase();
  const mech = mechanisms.find((x) => x === name);
  if (!m || !mech) throw new SpfSyntaxError(q ? `expected mechanism after qualifier in ${JSON.stringify(term)}` : `unknown mechanism in ${JSON.stringify(term)}`);
  const arg = m[2]!;
  const d: Directive = { qualifier: q, mechanism: mech, domainSpec: '' };
  const what = `${mech}`;
  switch (mech) {
    case 'all':
      if (arg !== '') throw new SpfSyntaxError(`all: unexpected ${JSON.stringify(arg)}`);
      break;
    case 'include':
    case 'exists':
      if (!arg.startsWith(':')) throw new SpfSyntaxError(`${mech}: expected ":" and domain`);
      d.domainSpec = domainSpec(arg.slice(1), what);
      break;
    case 'ptr':
      if (arg !== '') {
        if (!arg.startsWith(':')) throw new SpfSyntaxError(`ptr: unexpected ${JSON.stringify(arg)}`);
        d.domainSpec = domainSpec(arg.slice(1), what);
      }
      break;
    case 'a':
    case 'mx': {
      // dual-cidr-length = [ "/" ip4-cidr-length ] [ "//" ip6-cidr-length ] (RFC 7208 §5.6).
      const cm = /^(?::([^/]*))?(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/.exec(arg);
      if (!cm) throw new SpfSyntaxError(`${mech}: bad arguments ${JSON.stringify(arg)}`);
      if (cm[1] !== undefined) d.domainSpec = domainSpec(cm[1], what);
      if (cm[2] !== undefined) d.ip4CidrLen = cidr(cm[2], 32, what);
      if (cm[3] !== undefined) d.ip6CidrLen = cidr(cm[3], 128, what);
      break;
    }
    case 'ip4':
    case 'ip6': {
      const v6 = mech === 'ip6';
      const cm = /^:([^/]+)(?:\/(.*))?$/.exec(arg);
      if (!cm) throw new SpfSyntaxError(`${mech}: expected ":" and address`);
      const addr = cm[1]!;
      if (isIP(addr) !== (v6 ? 6 : 4) || (!v6 && !/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(addr))) {
        throw new SpfSyntaxError(`${mech}: address ${JSON.stringify(addr)} not valid`);
      }
      let len = v6 ? 128 : 32;
      if (cm[2] !== undefined) {
        len = cidr(cm[2], len, what);
        if (v6) d.ip6CidrLen = len;
        else d.ip4CidrLen = len;
      }
      d.ip = `${addr}/${len}`;
      break;
    }
  }
  return d;
}

/**
 * Parses an SPF record (RFC 7208 §4.5, §12). Returns `{ isSpf: false }` when the text is not
 * an SPF version 1 record at all; throws {@link SpfSyntaxError} for an SPF record with
 * syntax errors.
 */
export function parseSpfRecord(txt: string): { isSpf: true; record: SpfRecord } | { isSpf: false } {
  // RFC 7208 §4.5: "v=spf1" followed by a space or the end, case-insensitive.
  if (!/^v=spf1( |$)/i.test(txt)) return { isSpf: false };
  const r: SpfRecord = { version: 'spf1', directives: [], redirect: '', explanation: '', other: [] };
  for (const term of txt.slice(6).split(' ')) {
    if (term === '') continue;
    const mod = /^([A-Za-z][A-Za-z0-9._-]*)=(.*)$/.exec(term);
    if (mod) {
      const key = mod[1]!.toLowerCase();
      if (key === 'redirect' || key === 'exp') {
        const v = domainSpec(mod[2]!, key);
        // RFC 7208 §6: redirect and exp appear at most once.
        if ((key === 'redirect' ? r.redirect : r.explanation) !== '') throw new SpfSyntaxError(`duplicate ${key} modifier`);
        if (key === 'redirect') r.redirect = v;
        else r.explanation = v;
      } else {
        r.other.push({ key: mod[1]!, value: macroString(mod[2]!, true, mod[1]!) });
      }
      continue;
    }
    r.directives.push(parseDirective(term));
  }
  return { isSpf: true, record: r };
}

/** The mechanism in text form, as in a Received-SPF header ("-ip4:192.0.2.0/24"). */
export function directiveString(d: Directive): string {
  let s = d.qualifier + d.mechanism;
  if (d.domainSpec !== '') s += `:${d.domainSpec}`;
  else if (d.ip !== undefined) s += `:${d.ip.replace(/\/[0-9]+$/, '')}`;
  if (d.ip4CidrLen !== undefined) s += `/${d.ip4CidrLen}`;
  if (d.ip6CidrLen !== undefined) s += `${d.mechanism === 'ip6' ? '' : '/'}/${d.ip6CidrLen}`;
  return s;
}

/** Writes a record as TXT text. */
export function formatSpfRecord(r: SpfRecord): string {
  let s = `v=${r.version}`;
  for (const d of r.directives) s += ` ${directiveString(d)}`;
  if (r.redirect !== '') s += ` redirect=${r.redirect}`;
  if (r.explanation !== '') s += ` exp=${r.explanation}`;
  for (const m of r.other) s += ` ${m.key}=${m.value}`;
  return s;
}
