// Descriptions of the webapi's JSON types, used to decode requests the way Go's encoding/json
// does for mox (field names match case-insensitively, unknown fields are an error, null and
// absent values are zero values), and to print example requests and results as mox does
// (lists get one element, maps one "example" key, no recursion into a type already entered).

/** A JSON type of the webapi, named after its Go type for messages. */
export type JsonType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int'; go: 'int' | 'int64' }
  | { kind: 'time' }
  | { kind: 'pointer'; of: JsonType }
  | { kind: 'list'; of: JsonType }
  | { kind: 'pair' }
  | { kind: 'map'; of: JsonType }
  | { kind: 'struct'; name: string; fields: [string, JsonType][] };

/** A string field. */
export const str: JsonType = { kind: 'string' };
/** A boolean field. */
export const bool: JsonType = { kind: 'bool' };
/** A Go int64 field. */
export const int64: JsonType = { kind: 'int', go: 'int64' };
/** A Go int field. */
export const int: JsonType = { kind: 'int', go: 'int' };
/** A time.Time field (RFC 3339 in JSON). */
export const time: JsonType = { kind: 'time' };
/** A [2]string field. */
export const pair: JsonType = { kind: 'pair' };
/** A nullable value (a Go pointer). */
export const ptr = (of: JsonType): JsonType => ({ kind: 'pointer', of });
/** A list (a Go slice). */
export const list = (of: JsonType): JsonType => ({ kind: 'list', of });
/** An object with string keys (a Go map). */
export const map = (of: JsonType): JsonType => ({ kind: 'map', of });
/** A struct with fields in their JSON order. */
export const struct = (name: string, fields: [string, JsonType][]): JsonType => ({ kind: 'struct', name, fields });

/** The Go spelling of a type, as Go's JSON errors name it. */
export function goTypeName(t: JsonType): string {
  switch (t.kind) {
    case 'string':
    case 'bool':
      return t.kind;
    case 'int':
      return t.go;
    case 'time':
      return 'time.Time';
    case 'pointer':
      return '*' + goTypeName(t.of);
    case 'list':
      return '[]' + goTypeName(t.of);
    case 'pair':
      return '[2]string';
    case 'map':
      return 'map[string]' + goTypeName(t.of);
    case 'struct':
      return t.name.includes('.') ? t.name : `webapi.${t.name}`;
  }
}

/** A request did not decode: the text is like Go's encoding/json error. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number, object
}

// RFC 3339 §5.6 date-time, as Go's time.Time UnmarshalJSON accepts it.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Decodes a parsed JSON value into the shape of `t`, filling zero values for absent or null
 * fields. Throws {@link DecodeError} with a Go-like message on a type mismatch or unknown field.
 */
export function decodeValue(t: JsonType, v: unknown, where: string): unknown {
  const mismatch = (): never => {
    const into = where ? `Go struct field ${where} of type ${goTypeName(t)}` : `Go value of type ${goTypeName(t)}`;
    throw new DecodeError(`json: cannot unmarshal ${jsonKind(v)} into ${into}`);
  };
  if (v === null || v === undefined) return zeroValue(t);
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? v : mismatch();
    case 'bool':
      return typeof v === 'boolean' ? v : mismatch();
    case 'int':
      if (typeof v !== 'number') return mismatch();
      if (!Number.isInteger(v)) throw new DecodeError(`json: cannot unmarshal number ${v} into Go struct field ${where} of type ${t.go}`);
      return v;
    case 'time': {
      if (typeof v !== 'string') return mismatch();
      const m = rfc3339.exec(v);
      const ms = m ? Date.parse(v) : NaN;
      if (Number.isNaN(ms)) throw new DecodeError(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
      return v;
    }
    case 'pointer':
      return decodeValue(t.of, v, where);
    case 'list':
      if (!Array.isArray(v)) return mismatch();
      return v.map((e) => decodeValue(t.of, e, where));
    case 'pair':
      if (!Array.isArray(v)) return mismatch();
      // Go fills a [2]string from the first two elements and ignores the rest.
      return [0, 1].map((i) => (v[i] === undefined ? '' : decodeValue(str, v[i], where)));
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch();
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(v)) out[k] = decodeValue(t.of, e, where);
      return out;
    }
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch();
      const out = zeroValue(t) as Record<string, unknown>;
      for (const [k, e] of Object.entries(v)) {
        // Go: an exact name match first, else a case-insensitive one.
        const f = t.fields.find(([n]) => n === k) ?? t.fields.find(([n]) => n.toLowerCase() === k.toLowerCase());
        if (!f) throw new DecodeError(`json: unknown field ${JSON.stringify(k)}`);
        out[f[0]] = decodeValue(f[1], e, `${where || t.name}.${f[0]}`);
      }
      return out;
    }
  }
}

/** The zero value of a type as Go's JSON encoder writes it (nil slices, maps and pointers are null). */
export function zeroValue(t: JsonType): unknown {
  switch (t.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'time':
      return '0001-01-01T00:00:00Z';
    case 'pair':
      return ['', ''];
    case 'pointer':
    case 'list':
    case 'map':
      return null;
    case 'struct':
      return Object.fromEntries(t.fields.map(([n, ft]) => [n, zeroValue(ft)]));
  }
}

/**
 * An example value of a type, as mox's FillExample makes them for documentation: lists hold
 * one element, maps one "example" key, pointers are filled; a struct type already being
 * filled further up is left at its zero value.
 */
export function exampleValue(t: JsonType, seen: string[] = []): unknown {
  switch (t.kind) {
    case 'pointer':
      return exampleValue(t.of, seen);
    case 'list':
      return [exampleValue(t.of, seen)];
    case 'map':
      return { example: exampleValue(t.of, seen) };
    case 'struct': {
      if (seen.includes(t.name)) return zeroValue(t);
      const inner = [...seen, t.name];
      return Object.fromEntries(t.fields.map(([n, ft]) => [n, exampleValue(ft, inner)]));
    }
    default:
      return zeroValue(t);
  }
}

/** The Go-like empty value for results: slices and maps are [] and {} rather than null (mox's FillNil). */
export function fillNil(t: JsonType, v: unknown): unknown {
  switch (t.kind) {
    case 'list':
      return Array.isArray(v) ? v.map((e) => fillNil(t.of, e)) : [];
    case 'map':
      return v && typeof v === 'object' ? v : {};
    case 'pointer':
      return v === null || v === undefined ? null : fillNil(t.of, v);
    case 'struct': {
      const o = (v ?? {}) as Record<string, unknown>;
      return Object.fromEntries(t.fields.map(([n, ft]) => [n, fillNil(ft, o[n] === undefined ? zeroValue(ft) : o[n])]));
    }
    default:
      return v === undefined ? zeroValue(t) : v;
  }
}
