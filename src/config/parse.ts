// sconf text -> value, checked against a schema. Lines are indented with tabs only; `#`
// lines are comments; `Key: value` for scalars, `Key:` then deeper lines for structs, maps
// and lists; `- item` for list items; `nil` as a map value is the zero value. We keep going
// after a problem (skipping the offending line and its nested lines) to report them all.

import { DurationError, parseDuration } from './duration.js';
import type { Problem } from './errors.js';
import { typeName, zeroValue, type Fields, type StructType, type ValueType } from './schema.js';

/** A path to a value: struct keys, map keys and list indexes from the top of the file. */
export type ValuePath = readonly (string | number)[];

/** Formats a value path for messages: `Listeners.local.TLS.KeyCerts[0]`. */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Records on which line each key or list item of a parsed file was found. */
export class SourceLines {
  private readonly byPath = new Map<string, number>();

  /** Creates an empty record for `file`; `lastLine` is used for whole-file problems. */
  constructor(
    readonly file: string,
    readonly lastLine: number,
  ) {}

  /** Records that the value at `path` starts on `line`. */
  set(path: ValuePath, line: number): void {
    this.byPath.set(path.join('\u0000'), line);
  }

  /** Returns the line of `path`, else of its nearest recorded parent, else the last line. */
  lineOf(path: ValuePath): number {
    for (let n = path.length; n > 0; n--) {
      const line = this.byPath.get(path.slice(0, n).join('\u0000'));
      if (line !== undefined) return line;
    }
    return this.lastLine;
  }
}

/** Result of {@link parseSconf}: the value (meaningful only without problems). */
export interface ParseResult {
  readonly value: Record<string, unknown>;
  readonly lines: SourceLines;
  readonly problems: readonly Problem[];
}

interface Line {
  readonly no: number;
  readonly depth: number;
  readonly text: string;
  /** Indented with spaces: reported once, then skipped with its nested lines. */
  readonly bad: boolean;
}

const FAILED: unique symbol = Symbol('failed');
type Parsed = unknown | typeof FAILED;

const q = (s: string) => JSON.stringify(s);
const tabs = (n: number) => (n === 1 ? '1 tab' : `${n} tabs`);

/**
 * Parses sconf `text` against the top-level struct `root`. Never throws for bad input:
 * every problem is returned with its line. `file` names the file in problems.
 */
export function parseSconf(text: string, root: StructType<Fields>, file: string): ParseResult {
  return new Parser(text, file).run(root);
}

class Parser {
  private readonly lines: Line[] = [];
  private readonly problems: Problem[] = [];
  private readonly source: SourceLines;
  private pos = 0;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    const raw = text.split('\n');
    if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
    this.source = new SourceLines(file, Math.max(1, raw.length));
    raw.forEach((s, i) => this.addLine(s, i + 1));
  }

  run(root: StructType<Fields>): ParseResult {
    const value = this.parseStruct(root.fields, 0, [], undefined);
    return { value, lines: this.source, problems: this.problems };
  }

  private problem(line: number, message: string): void {
    this.problems.push({ file: this.file, line, message });
  }

  private addLine(s: string, no: number): void {
    if (s.endsWith('\r')) {
      // Deviation (safety): Go's sconf keeps the CR as part of the value; we refuse it.
      this.problem(no, 'line ends with a carriage return; sconf files use LF line endings');
      s = s.slice(0, -1);
    }
    if (s === '' || s.trimStart().startsWith('#')) return;
    if (s.trim() === '') {
      this.problem(no, 'line has only whitespace; remove it or make it a comment');
      return;
    }
    let depth = 0;
    while (s[depth] === '\t') depth++;
    const rest = s.slice(depth);
    if (rest[0] === ' ' || rest[0] === '\t') {
      this.problem(no, `indented with spaces; sconf indents with tabs only, got ${q(s)}`);
      this.lines.push({ no, depth: depth + 1, text: rest.trimStart(), bad: true });
      return;
    }
    this.lines.push({ no, depth, text: rest, bad: false });
  }

  private peek(): Line | undefined {
    return this.lines[this.pos];
  }

  // Skips the lines nested below a line at `depth`.
  private skipDeeper(depth: number): void {
    for (let l = this.peek(); l !== undefined && l.depth > depth; l = this.peek()) this.pos++;
  }

  // Takes the next line at exactly `depth`, reporting and skipping deeper (orphaned) lines
  // and space-indented ones. Returns undefined when the block at this depth has ended.
  private nextAt(depth: number, onBad?: (l: Line) => void): Line | undefined {
    for (;;) {
      const l = this.peek();
      if (l === undefined || l.depth < depth) return undefined;
      this.pos++;
      if (l.bad) {
        onBad?.(l);
        this.skipDeeper(depth);
        continue;
      }
      if (l.depth > depth) {
        this.problem(l.no, `unexpected indentation: expected ${tabs(depth)}, got ${tabs(l.depth)}`);
        this.skipDeeper(depth);
        continue;
      }
      return l;
    }
  }

  // Splits `Key: value` / `Key:`; reports and returns undefined when malformed.
  private keyValue(l: Line, what: string): [string, string] | undefined {
    const i = l.text.indexOf(':');
    if (i < 0) {
      this.problem(l.no, `expected tab-indented "Key: value" line ${what}, got ${q(l.text)}`);
      return undefined;
    }
    const key = l.text.slice(0, i);
    const rest = l.text.slice(i + 1);
    if (key === '') {
      this.problem(l.no, `empty key ${what}`);
      return undefined;
    }
    if (rest !== '' && !rest.startsWith(' ')) {
      this.problem(l.no, `missing space after colon in ${q(l.text)}`);
      return undefined;
    }
    return [key, rest.slice(1)];
  }

  private parseStruct(fields: Fields, depth: number, path: ValuePath, owner: Line | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    const where = path.length === 0 ? 'at top level' : `in ${formatPath(path)}`;
    // Keys on space-indented lines are reported already; do not also call them missing.
    const onBad = (b: Line) => seen.set(b.text.split(':')[0]!, b.no);
    for (let l = this.nextAt(depth, onBad); l !== undefined; l = this.nextAt(depth, onBad)) {
      const kv = this.keyValue(l, where);
      if (kv === undefined) {
        this.skipDeeper(depth);
        continue;
      }
      const [key, value] = kv;
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (field === undefined) {
        const alt = similarKey(key, Object.keys(fields));
        const hint = alt !== undefined ? ` (did you mean ${q(alt)}?)` : '';
        this.problem(l.no, `unknown key ${q(key)} ${where}${hint}`);
        this.skipDeeper(depth);
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) {
        this.problem(l.no, `duplicate key ${q(key)} ${where} (first on line ${first})`);
        this.skipDeeper(depth);
        continue;
      }
      seen.set(key, l.no);
      const p = [...path, key];
      this.source.set(p, l.no);
      const v = this.parseValue(field.type, value, depth + 1, p, l);
      if (v !== FAILED) out[key] = v;
    }
    for (const [key, field] of Object.entries(fields)) {
      if (!field.optional && !seen.has(key)) {
        this.problem(owner?.no ?? this.source.lastLine, `missing required key ${q(key)} ${where}`);
      }
    }
    return out;
  }

  private parseMap(elem: ValueType, depth: number, path: ValuePath): Record<string, unknown> {
    const entries: [string, unknown][] = [];
    const seen = new Map<string, number>();
    const where = `in ${formatPath(path)}`;
    for (let l = this.nextAt(depth); l !== undefined; l = this.nextAt(depth)) {
      const kv = this.keyValue(l, where);
      if (kv === undefined) {
        this.skipDeeper(depth);
        continue;
      }
      const [key, value] = kv;
      const first = seen.get(key);
      if (first !== undefined) {
        this.problem(l.no, `duplicate key ${q(key)} ${where} (first on line ${first})`);
        this.skipDeeper(depth);
        continue;
      }
      seen.set(key, l.no);
      const p = [...path, key];
      this.source.set(p, l.no);
      // sconf: `nil` stands for the zero value, e.g. a destination with only defaults.
      const v = value === 'nil' ? zeroValue(elem) : this.parseValue(elem, value, depth + 1, p, l);
      if (v !== FAILED) entries.push([key, v]);
    }
    // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
    return Object.fromEntries(entries);
  }

  private parseList(elem: ValueType, depth: number, path: ValuePath): unknown[] {
    const items: unknown[] = [];
    let index = 0;
    for (let l = this.nextAt(depth); l !== undefined; l = this.nextAt(depth)) {
      let inline: string;
      if (l.text === '-') inline = '';
      else if (l.text.startsWith('- ')) inline = l.text.slice(2);
      else {
        const msg = l.text.startsWith('-')
          ? `missing space after "-" in list item ${q(l.text)}`
          : `expected list item "- value" in ${formatPath(path)}, got ${q(l.text)}`;
        this.problem(l.no, msg);
        this.skipDeeper(depth);
        continue;
      }
      const p = [...path, index++];
      this.source.set(p, l.no);
      const v = this.parseValue(elem, inline, depth + 1, p, l);
      if (v !== FAILED) items.push(v);
    }
    return items;
  }

  // Parses the value of the key or list item on line `l`; nested lines are at `depth`.
  private parseValue(type: ValueType, inline: string, depth: number, path: ValuePath, l: Line): Parsed {
    const label = formatPath(path);
    const next = this.peek();
    const hasNested = next !== undefined && next.depth >= depth;
    if (type.kind === 'struct' || type.kind === 'map' || type.kind === 'list') {
      const what = type.kind === 'struct' ? 'keys' : type.kind === 'map' ? 'entries' : 'items ("- value")';
      if (inline !== '') {
        this.problem(
          l.no,
          `${label} is a ${typeName(type)}: expected its ${what} on the next lines, indented with ${tabs(depth)}, not a value after the colon (got ${q(inline)})`,
        );
        this.skipDeeper(depth - 1);
        return FAILED;
      }
      if (!hasNested) {
        // A following space-indented line was likely meant as nested; it is reported already.
        if (next?.bad !== true) this.problem(l.no, `expected ${what} of ${label} on the next lines, indented with ${tabs(depth)}`);
        return FAILED;
      }
      if (type.kind === 'struct') return this.parseStruct(type.fields, depth, path, l);
      if (type.kind === 'map') return this.parseMap(type.elem, depth, path);
      return this.parseList(type.elem, depth, path);
    }
    if (hasNested && !next.bad) {
      this.problem(next.no, `unexpected indentation: ${label} on line ${l.no} is a ${typeName(type)} and cannot have nested lines`);
      this.skipDeeper(depth - 1);
    }
    const r = parseScalar(type, inline);
    if (typeof r === 'string') {
      this.problem(l.no, `${r} for ${label}`);
      return FAILED;
    }
    return r.value;
  }
}

// Edit distance (Levenshtein), for "did you mean" hints on misspelled keys.
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// A known key that differs only in case or by at most 2 edits (for keys of 5+ characters).
function similarKey(key: string, known: readonly string[]): string | undefined {
  const k = key.trim().toLowerCase();
  const exact = known.find((x) => x.toLowerCase() === k);
  if (exact !== undefined || k.length < 4) return exact;
  let best: string | undefined;
  let bestD = k.length < 6 ? 1 : 2;
  for (const x of known) {
    const d = distance(k, x.toLowerCase());
    if (d <= bestD) [best, bestD] = [x, d - 1];
  }
  return best;
}

const intRe = /^[+-]?[0-9]+$/;
const floatRe = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

function checkRange(n: number, t: { min?: number; max?: number }, s: string): string | undefined {
  if ((t.min !== undefined && n < t.min) || (t.max !== undefined && n > t.max)) {
    return `value ${s} out of range ${t.min ?? '-inf'}..${t.max ?? 'inf'}`;
  }
  return undefined;
}

/** Converts a scalar's text to its value; returns an error text when invalid. */
export function parseScalar(type: ValueType, s: string): { value: unknown } | string {
  switch (type.kind) {
    case 'string':
      return { value: s };
    case 'bool':
      if (s === 'true') return { value: true };
      if (s === 'false') return { value: false };
      return `invalid boolean ${q(s)}: must be true or false`;
    case 'int': {
      const n = Number(s);
      if (!intRe.test(s)) return `invalid integer ${q(s)}`;
      if (!Number.isSafeInteger(n)) return `integer ${q(s)} too large`;
      const bad = checkRange(n, type, s);
      return bad ?? { value: n };
    }
    case 'float': {
      let n: number;
      if (floatRe.test(s)) n = Number(s);
      else if (/^[+-]?(inf|infinity)$/i.test(s)) n = s.startsWith('-') ? -Infinity : Infinity;
      else if (/^nan$/i.test(s)) n = NaN;
      else return `invalid number ${q(s)}`;
      const bad = checkRange(n, type, s);
      return bad ?? { value: n };
    }
    case 'duration':
      try {
        return { value: parseDuration(s) };
      } catch (err) {
        if (err instanceof DurationError) return `${err.message} (use e.g. 72h, 1h30m, 500ms)`;
        throw err;
      }
    default:
      return `expected a ${typeName(type)}`;
  }
}
