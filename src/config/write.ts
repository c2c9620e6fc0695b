// value + schema -> sconf text, the way Go mox writes its config files: a header comment,
// then each key preceded by a blank line and its wrapped doc comment ("(optional)" added
// for optional keys), map keys sorted, `nil` for map values that would write nothing.
// Describe mode writes every key with zero values, like `mox config describe-static`.

import { formatDuration } from './duration.js';
import type { Problem } from './errors.js';
import { formatPath, type ValuePath } from './parse.js';
import type { Field, Fields, FileSchema, ValueType } from './schema.js';

/** Maximum comment text width, excluding indent and `# `, as in mox's files. */
const WRAP_WIDTH = 80;

/**
 * Wraps text into lines of at most `width` bytes, breaking at single spaces; a word longer
 * than the width gets a line of its own. Text that fits is returned as one line.
 */
export function wrapText(text: string, width = WRAP_WIDTH): string[] {
  const len = (s: string) => Buffer.byteLength(s, 'utf8');
  if (len(text) <= width) return [text];
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line !== '' && len(line) + 1 + len(w) > width) {
      out.push(line);
      line = w;
      continue;
    }
    line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(line);
  return out;
}

/** Formats a float like Go's `%f`: six decimals. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return n.toFixed(6);
}

/** Compares strings by their UTF-8 bytes, the order Go sorts map keys in. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

interface Mode {
  readonly describe: boolean;
  readonly docs: boolean;
}

class Writer {
  private out = '';
  readonly problems: Problem[] = [];

  constructor(
    private readonly file: string,
    private readonly mode: Mode,
  ) {}

  text(): string {
    return this.out;
  }

  private problem(path: ValuePath, message: string): void {
    this.problems.push({ file: this.file, line: 0, message: `${formatPath(path) || 'top level'}: ${message}` });
  }

  header(text: string): void {
    if (!this.mode.docs || text === '') return;
    for (const l of wrapText(text)) this.out += `# ${l}\n`;
    this.out += '\n';
  }

  private comment(prefix: string, field: Field): void {
    if (!this.mode.docs || (field.doc === '' && !field.optional)) return;
    let text = field.doc;
    if (field.optional) text = text === '' ? '(optional)' : `${text} (optional)`;
    if (this.out !== '') this.out += '\n';
    for (const l of wrapText(text)) this.out += `${prefix}# ${l}\n`;
  }

  // True when writing `value` would produce no lines (so it must be left out or be `nil`).
  private writesNothing(type: ValueType, value: unknown): boolean {
    if (this.mode.describe) return false;
    if (type.kind === 'list') return (value as unknown[]).length === 0;
    if (type.kind === 'map') return Object.keys(value as object).length === 0;
    if (type.kind === 'struct') {
      if (value === undefined || value === null) return true;
      const v = value as Record<string, unknown>;
      return Object.entries(type.fields).every(([k, f]) => f.optional && (v[k] === undefined || this.writesNothing(f.type, v[k])));
    }
    return false;
  }

  struct(fields: Fields, value: Record<string, unknown> | undefined, prefix: string, path: ValuePath): void {
    for (const [key, field] of Object.entries(fields)) {
      const p = [...path, key];
      const v = value?.[key];
      if (!this.mode.describe) {
        if (v === undefined) {
          if (!field.optional) this.problem(p, 'missing required value');
          continue;
        }
        if (field.optional && this.writesNothing(field.type, v)) continue;
      }
      this.comment(prefix, field);
      this.out += `${prefix}${key}:`;
      this.value(field.type, v, prefix, p);
    }
  }

  // Writes the rest of a line after `Key:` or `-`, plus nested lines.
  private value(type: ValueType, v: unknown, prefix: string, path: ValuePath): void {
    const describe = this.mode.describe;
    switch (type.kind) {
      case 'string': {
        const s = describe ? '' : String(v);
        if (/[\n\r]/.test(s)) this.problem(path, 'a string cannot contain a line break');
        this.out += ` ${s}\n`;
        return;
      }
      case 'int':
        if (!describe && !Number.isSafeInteger(v)) this.problem(path, `not an integer: ${String(v)}`);
        this.out += ` ${describe ? 0 : String(v)}\n`;
        return;
      case 'bool':
        this.out += ` ${describe ? false : v === true}\n`;
        return;
      case 'float':
        this.out += ` ${formatFloat(describe ? 0 : Number(v))}\n`;
        return;
      case 'duration':
        this.out += ` ${formatDuration(describe ? 0 : Number(v))}\n`;
        return;
      case 'struct':
        if (!describe && this.writesNothing(type, v)) {
          this.problem(path, 'a struct with no keys set cannot be written');
        }
        this.out += '\n';
        this.struct(type.fields, v as Record<string, unknown>, `${prefix}\t`, path);
        return;
      case 'list': {
        const items = describe ? [undefined] : (v as unknown[]);
        if (items.length === 0) this.problem(path, 'an empty list cannot be written');
        this.out += '\n';
        items.forEach((item, i) => {
          this.out += `${prefix}\t-`;
          this.value(type.elem, item, `${prefix}\t`, [...path, i]);
        });
        return;
      }
      case 'map': {
        const obj = (v ?? {}) as Record<string, unknown>;
        const keys = describe ? ['x'] : Object.keys(obj).sort(compareBytes);
        if (keys.length === 0) this.problem(path, 'an empty map cannot be written');
        this.out += '\n';
        for (const k of keys) {
          const p = [...path, k];
          if (!describe) this.checkMapKey(k, p);
          this.out += `${prefix}\t${k}:`;
          const mv = obj[k];
          if (!describe && type.elem.kind === 'struct' && this.writesNothing(type.elem, mv)) {
            this.out += ' nil\n';
            continue;
          }
          if (!describe && mv === 'nil') this.problem(p, 'the string "nil" cannot be written as a map value');
          this.value(type.elem, mv, `${prefix}\t`, p);
        }
        return;
      }
    }
  }

  private checkMapKey(k: string, path: ValuePath): void {
    if (k === '' || /[:\n\r]/.test(k) || /^[\s#-]/.test(k)) {
      this.problem(path, `map key ${JSON.stringify(k)} cannot be written (empty, starts with space/#/-, or has ":" or a line break)`);
    }
  }
}

/** Result of writing: the text, and problems that make it unparsable (empty when fine). */
export interface WriteResult {
  readonly text: string;
  readonly problems: readonly Problem[];
}

/**
 * Writes `value` as sconf text for `schema`: keys in schema order, unset optional keys left
 * out, each key preceded by its doc comment when `docs` is true (the default).
 */
export function writeSconf(schema: FileSchema, value: object, docs = true): WriteResult {
  const w = new Writer(schema.name, { describe: false, docs });
  w.header(schema.header);
  w.struct(schema.root.fields, value as Record<string, unknown>, '', []);
  return { text: w.text(), problems: w.problems };
}

/**
 * Writes an annotated empty config for `schema`: every key with its zero value, `x` as
 * placeholder map key, one placeholder list item. Needs edits before it is a valid config.
 */
export function describeSconf(schema: FileSchema): string {
  const w = new Writer(schema.name, { describe: true, docs: true });
  w.header(schema.header);
  w.struct(schema.root.fields, undefined, '', []);
  return w.text();
}
