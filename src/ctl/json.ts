/**
 * The expected form of a JSON value sent over ctl (mox sends filters and sorts as one JSON
 * line each and decodes them into Go structs with unknown fields rejected). `nullable` is a
 * Go pointer field, `map` a Go map with string keys, `unknown` any JSON value.
 */
export type JsonShape =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'unknown'
  | { readonly array: JsonShape }
  | { readonly object: { readonly [field: string]: JsonShape } }
  | { readonly nullable: JsonShape }
  | { readonly map: JsonShape };

/** The TypeScript type of a value decoded with shape `S` (unknown for an unspecific shape). */
export type JsonOf<S> = [JsonShape] extends [S]
  ? unknown
  : S extends 'string'
    ? string
    : S extends 'number' | 'integer'
      ? number
      : S extends 'boolean'
        ? boolean
        : S extends 'unknown'
          ? unknown
          : S extends { readonly array: infer I }
            ? JsonOf<I>[]
            : S extends { readonly object: infer O }
              ? { -readonly [K in keyof O]: JsonOf<O[K]> }
              : S extends { readonly nullable: infer I }
                ? JsonOf<I> | null
                : S extends { readonly map: infer V }
                  ? Record<string, JsonOf<V>>
                  : never;

/** A JSON text did not parse or did not fit its shape; the message follows Go's `json: …` texts. */
export class JsonShapeError extends Error {
  constructor(message: string) {
    super(`json: ${message}`);
    this.name = 'JsonShapeError';
  }
}

/**
 * Parses `text` and checks it against `shape` the way mox's strict decoder does: fields not in
 * the shape are an error, field names match case-insensitively when no exact match exists,
 * missing fields and JSON `null` give the zero value (`""`, `0`, `false`, `[]`, `{}`, `null`
 * for nullable). Returns a new value containing only the shape's fields.
 */
export function decodeJson<const S extends JsonShape>(text: string, shape: S): JsonOf<S> {
  return decodeJsonAs(text, shape) as JsonOf<S>;
}

/** {@link decodeJson} for a shape only known at run time. */
export function decodeJsonAs(text: string, shape: JsonShape): unknown {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new JsonShapeError((err as Error).message);
  }
  return decodeValue(v, shape, '');
}

/** The zero value of a shape, as Go gives for a missing field. */
export function zeroJson<const S extends JsonShape>(shape: S): JsonOf<S> {
  return zero(shape) as JsonOf<S>;
}

function zero(shape: JsonShape): unknown {
  if (shape === 'string') return '';
  if (shape === 'number' || shape === 'integer') return 0;
  if (shape === 'boolean') return false;
  if (shape === 'unknown') return null;
  if ('array' in shape) return [];
  if ('map' in shape) return {};
  if ('nullable' in shape) return null;
  return Object.fromEntries(Object.entries(shape.object).map(([k, s]) => [k, zero(s)]));
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

function shapeName(shape: JsonShape): string {
  if (typeof shape === 'string') return shape;
  if ('array' in shape) return `array of ${shapeName(shape.array)}`;
  if ('map' in shape) return `map of ${shapeName(shape.map)}`;
  if ('nullable' in shape) return shapeName(shape.nullable);
  return 'object';
}

function mismatch(v: unknown, shape: JsonShape, path: string): JsonShapeError {
  const what = typeof v === 'number' ? `number ${v}` : kindOf(v);
  const where = path ? ` field ${path}` : ' value';
  return new JsonShapeError(`cannot unmarshal ${what} into${where} of type ${shapeName(shape)}`);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function decodeValue(v: unknown, shape: JsonShape, path: string): unknown {
  if (shape === 'unknown') return v;
  if (v === null) return zero(shape);
  switch (shape) {
    case 'string':
    case 'boolean':
    case 'number':
      if (typeof v !== shape) throw mismatch(v, shape, path);
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw mismatch(v, shape, path);
      return v;
  }
  if ('nullable' in shape) return decodeValue(v, shape.nullable, path);
  if ('array' in shape) {
    if (!Array.isArray(v)) throw mismatch(v, shape, path);
    return v.map((e, i) => decodeValue(e, shape.array, join(path, String(i))));
  }
  if (kindOf(v) !== 'object') throw mismatch(v, shape, path);
  const obj = v as Record<string, unknown>;
  if ('map' in shape) {
    return Object.fromEntries(Object.entries(obj).map(([k, e]) => [k, decodeValue(e, shape.map, join(path, k))]));
  }
  const fields = shape.object;
  const out = new Map<string, unknown>(Object.entries(fields).map(([k, s]) => [k, zero(s)]));
  for (const [key, e] of Object.entries(obj)) {
    const name = fieldName(fields, key);
    if (name === undefined) throw new JsonShapeError(`unknown field "${key}"`);
    out.set(name, decodeValue(e, fields[name]!, join(path, name)));
  }
  return Object.fromEntries(out);
}

// Go's encoding/json prefers an exact field name and falls back to a case-insensitive match.
function fieldName(fields: { readonly [field: string]: JsonShape }, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(fields).find((k) => k.toLowerCase() === lower);
}
