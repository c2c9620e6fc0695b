// Go time.Duration text, as sconf reads and writes it: `72h`, `1h30m`, `500ms` in, and
// `72h0m0s`, `1m30s`, `1.5s` out. We keep durations as milliseconds (a JS number, possibly
// fractional for sub-millisecond values); the text form is exact to the nanosecond.

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const MAX_NS = (1n << 63n) - 1n;
const LIMIT = 1n << 63n; // magnitude bound while parsing; -1<<63 is valid

// Nanoseconds per unit suffix, as Go's time.ParseDuration knows them.
function unitNs(u: string): bigint | undefined {
  switch (u) {
    case 'ns':
      return NS;
    case 'us':
    case '\u00b5s': // micro sign
    case '\u03bcs': // greek mu
      return US;
    case 'ms':
      return MS;
    case 's':
      return SEC;
    case 'm':
      return MIN;
    case 'h':
      return HOUR;
    default:
      return undefined;
  }
}

/** Error thrown by {@link parseDuration} for text that is not a Go duration. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Parses a Go duration (`72h`, `1h30m`, `-1.5s`, `500ms`, `0`) into nanoseconds.
 * Accepts exactly what Go's time.ParseDuration accepts: a sign, then one or more
 * decimal numbers (optional fraction) each followed by a unit; a bare `0` is allowed.
 */
export function parseDurationNs(text: string): bigint {
  const invalid = () => new DurationError(`invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    let i = 0;
    while (isDigit(s[i])) i++;
    const intDigits = s.slice(0, i);
    s = s.slice(i);
    let fracDigits = '';
    if (s[0] === '.') {
      let j = 1;
      while (isDigit(s[j])) j++;
      fracDigits = s.slice(1, j);
      s = s.slice(j);
      if (intDigits === '' && fracDigits === '') throw invalid();
    } else if (intDigits === '') {
      throw invalid();
    }
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) k++;
    if (k === 0) throw new DurationError(`missing unit in duration ${JSON.stringify(text)}`);
    const unitText = s.slice(0, k);
    s = s.slice(k);
    const unit = unitNs(unitText);
    if (unit === undefined) {
      throw new DurationError(`unknown unit ${JSON.stringify(unitText)} in duration ${JSON.stringify(text)}`);
    }
    let v = BigInt(intDigits === '' ? '0' : intDigits);
    if (v > LIMIT / unit) throw invalid();
    v *= unit;
    if (fracDigits !== '') {
      // Go computes the fraction in float64 (digits beyond int64 range are dropped), so
      // e.g. 0.3333333333333333333h is exactly 20m; we do the same arithmetic.
      let f = 0n;
      let scale = 1;
      for (const c of fracDigits) {
        const y = f * 10n + BigInt(c);
        if (f > MAX_NS / 10n || y > LIMIT) break;
        f = y;
        scale *= 10;
      }
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid();
    }
    total += v;
    if (total > LIMIT) throw invalid();
  }
  if (!neg && total > MAX_NS) throw invalid();
  return neg ? -total : total;
}

/** Parses a Go duration into milliseconds; see {@link parseDurationNs} for the syntax. */
export function parseDuration(text: string): number {
  const ns = parseDurationNs(text);
  const whole = ns / MS;
  const rest = ns % MS;
  return Number(whole) + Number(rest) / 1e6;
}

// Writes the fraction of v (prec decimal digits) without trailing zeros, and returns
// the integer part and the text (".5" or "").
function fraction(v: bigint, prec: number): [bigint, string] {
  const scale = 10n ** BigInt(prec);
  const frac = v % scale;
  if (frac === 0n) return [v / scale, ''];
  const digits = frac.toString().padStart(prec, '0').replace(/0+$/, '');
  return [v / scale, `.${digits}`];
}

/** Formats nanoseconds the way Go's time.Duration.String does (`72h0m0s`, `1.5s`, `500ms`). */
export function formatDurationNs(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < SEC) {
    if (u < US) {
      out = `${u}ns`;
    } else if (u < MS) {
      const [i, f] = fraction(u, 3);
      out = `${i}${f}\u00b5s`;
    } else {
      const [i, f] = fraction(u, 6);
      out = `${i}${f}ms`;
    }
  } else {
    const [secsTotal, f] = fraction(u, 9);
    u = secsTotal;
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Converts milliseconds (possibly fractional) to whole nanoseconds, exactly for whole ms. */
export function msToNs(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new DurationError(`duration is not finite: ${ms}`);
  const whole = Math.trunc(ms);
  return BigInt(whole) * MS + BigInt(Math.round((ms - whole) * 1e6));
}

/** Formats milliseconds as a Go duration: 259200000 becomes `72h0m0s`. */
export function formatDuration(ms: number): string {
  return formatDurationNs(msToNs(ms));
}
