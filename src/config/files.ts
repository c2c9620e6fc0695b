// Parse, write and describe for the two mox config files, throwing ConfigError on problems.

import { dynamicSchema, type Dynamic } from './dynamic-schema.js';
import { ConfigError } from './errors.js';
import { parseSconf, type SourceLines } from './parse.js';
import type { FileSchema, Infer, StructType, Fields } from './schema.js';
import { staticSchema, type Static } from './static-schema.js';
import { describeSconf, writeSconf } from './write.js';

/** A parsed file with the line of each key, for messages about values. */
export interface ParsedFile<T> {
  readonly value: T;
  readonly lines: SourceLines;
}

/** Parses sconf `text` against `schema`; throws {@link ConfigError} listing every problem. */
export function parseFile<F extends Fields>(schema: FileSchema<F>, text: string, file: string): ParsedFile<Infer<StructType<F>>> {
  const r = parseSconf(text, schema.root, file);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return { value: r.value as Infer<StructType<F>>, lines: r.lines };
}

/** Writes `value` as sconf text with doc comments; throws {@link ConfigError} if it cannot. */
export function writeFile<F extends Fields>(schema: FileSchema<F>, value: Infer<StructType<F>>): string {
  const r = writeSconf(schema, value);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return r.text;
}

/** Parses mox.conf text (as written, without defaults); `file` names it in problems. */
export function parseStatic(text: string, file = 'mox.conf'): Static {
  return parseFile(staticSchema, text, file).value;
}

/** Parses domains.conf text (as written, without defaults); `file` names it in problems. */
export function parseDynamic(text: string, file = 'domains.conf'): Dynamic {
  return parseFile(dynamicSchema, text, file).value;
}

/** Writes mox.conf text with header and doc comments, leaving out unset optional keys. */
export function writeStatic(cfg: Static): string {
  return writeFile(staticSchema, cfg);
}

/** Writes domains.conf text with header and doc comments, leaving out unset optional keys. */
export function writeDynamic(cfg: Dynamic): string {
  return writeFile(dynamicSchema, cfg);
}

/** Returns an annotated empty mox.conf, like `mox config describe-static`. */
export function describeStatic(): string {
  return describeSconf(staticSchema);
}

/** Returns an annotated empty domains.conf, like `mox config describe-domains`. */
export function describeDynamic(): string {
  return describeSconf(dynamicSchema);
}
