// The schema DSL: each config key is declared once, with its value type, whether it must
// appear in the file, its default and its documentation. TypeScript types follow from the
// declarations: Infer<> is a file as written, Resolved<> is the same after defaults.

/** A value kind that sconf knows: scalars, lists, string-keyed maps and structs. */
export type ValueType =
  | StringType
  | IntType
  | BoolType
  | FloatType
  | DurationType
  | ListType<ValueType>
  | MapType<ValueType>
  | StructType<Fields>;

/** Text to the end of the line; no quoting or escaping. */
export interface StringType {
  readonly kind: 'string';
}
/** A decimal integer (Go int/int64), optionally range-limited. */
export interface IntType {
  readonly kind: 'int';
  readonly min?: number;
  readonly max?: number;
}
/** `true` or `false`. */
export interface BoolType {
  readonly kind: 'bool';
}
/** A decimal float, written as Go's `%f` (`0.950000`). */
export interface FloatType {
  readonly kind: 'float';
  readonly min?: number;
  readonly max?: number;
}
/** A Go duration (`72h`), held as milliseconds. */
export interface DurationType {
  readonly kind: 'duration';
}
/** A list, `- item` lines one level deeper. */
export interface ListType<E extends ValueType> {
  readonly kind: 'list';
  readonly elem: E;
}
/** A map with user-chosen string keys, `key: value` lines one level deeper. */
export interface MapType<E extends ValueType> {
  readonly kind: 'map';
  readonly elem: E;
}
/** A struct with fixed PascalCase keys, in declaration order. */
export interface StructType<F extends Fields> {
  readonly kind: 'struct';
  readonly fields: F;
}

/**
 * How a key may appear. `required`: must be in the file. `optional`: may be left out; after
 * resolving it holds its default or Go's zero value (mox's non-pointer fields). `nilable`:
 * may be left out and stays absent after resolving (mox's pointer fields). `defaulted`: may
 * be left out; after resolving it holds the declared default.
 */
export type Presence = 'required' | 'optional' | 'nilable' | 'defaulted';

/** One declared config key: its type, presence, doc text and default. */
export interface Field<T extends ValueType = ValueType, P extends Presence = Presence> {
  readonly type: T;
  readonly presence: P;
  /** True when the key may be left out of the file. */
  readonly optional: boolean;
  /** True for mox pointer fields: absent stays absent, and a default replaces only absence. */
  readonly nilable: boolean;
  /** Documentation, written as a comment before the key; empty when mox has none. */
  readonly doc: string;
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
  /** Returns a copy that may be left out of the file (zero value when resolved). */
  optionalKey(): Field<T, 'optional'>;
  /** Returns a copy that may be left out and then stays absent (a Go pointer). */
  nilableKey(): Field<T, 'nilable'>;
  /** Returns a copy that may be left out and resolves to `value` when absent or zero. */
  withDefault(value: InferType<T>): Field<T, 'defaulted'>;
  /** Returns a copy with a different documentation text. */
  withDoc(doc: string): Field<T, P>;
}

/** The keys of a struct, in file order. */
export type Fields = { readonly [key: string]: Field };

/** Raw value type of a ValueType, as parsed from a file. */
export type InferType<T extends ValueType> = T extends StringType
  ? string
  : T extends IntType
    ? number
    : T extends BoolType
      ? boolean
      : T extends FloatType
        ? number
        : T extends DurationType
          ? number
          : T extends ListType<infer E>
            ? readonly InferType<E>[]
            : T extends MapType<infer E>
              ? { readonly [key: string]: InferType<E> }
              : T extends StructType<infer F>
                ? InferStruct<F>
                : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K]['presence'] extends 'required' ? K : never }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;

/** Raw struct type: required keys are present, all others may be absent. */
export type InferStruct<F extends Fields> = Simplify<
  { readonly [K in RequiredKeys<F>]: InferType<F[K]['type']> } & {
    readonly [K in OptionalKeys<F>]?: InferType<F[K]['type']>;
  }
>;

/** Value type after defaults: every key is present except absent nilable ones. */
export type ResolvedType<T extends ValueType> = T extends ListType<infer E>
  ? readonly ResolvedType<E>[]
  : T extends MapType<infer E>
    ? { readonly [key: string]: ResolvedType<E> }
    : T extends StructType<infer F>
      ? ResolvedStruct<F>
      : InferType<T>;

type NilableKeys<F extends Fields> = { [K in keyof F]: F[K]['presence'] extends 'nilable' ? K : never }[keyof F];
type PresentKeys<F extends Fields> = Exclude<keyof F, NilableKeys<F>>;

/** Struct type after defaults (see {@link ResolvedType}). */
export type ResolvedStruct<F extends Fields> = Simplify<
  { readonly [K in PresentKeys<F>]: ResolvedType<F[K]['type']> } & {
    readonly [K in NilableKeys<F>]?: ResolvedType<F[K]['type']>;
  }
>;

/** The raw (as-written) TypeScript type of a declared field or struct. */
export type Infer<X extends Field | ValueType> = X extends Field<infer T> ? InferType<T> : X extends ValueType ? InferType<X> : never;
/** The TypeScript type of a declared field or struct after defaults are applied. */
export type Resolved<X extends Field | ValueType> = X extends Field<infer T>
  ? ResolvedType<T>
  : X extends ValueType
    ? ResolvedType<X>
    : never;

interface FieldInit<T extends ValueType, P extends Presence> {
  type: T;
  presence: P;
  nilable: boolean;
  doc: string;
  hasDefault: boolean;
  defaultValue?: unknown;
}

function makeField<T extends ValueType, P extends Presence>(init: FieldInit<T, P>): Field<T, P> {
  const f: Field<T, P> = {
    type: init.type,
    presence: init.presence,
    optional: init.presence !== 'required',
    nilable: init.nilable,
    doc: init.doc,
    hasDefault: init.hasDefault,
    defaultValue: init.defaultValue,
    optionalKey: () => makeField({ ...init, presence: 'optional', nilable: false }),
    nilableKey: () => makeField({ ...init, presence: 'nilable', nilable: true }),
    // A default on a nilable key keeps `nilable`: the default then replaces only absence,
    // not an explicit zero (mox: a `*time.Duration` with a fallback).
    withDefault: (value) => makeField({ ...init, presence: 'defaulted', hasDefault: true, defaultValue: value }),
    withDoc: (doc) => makeField({ ...init, doc: normalizeDoc(doc) }),
  };
  return Object.freeze(f);
}

function scalar<T extends ValueType>(type: T, doc = ''): Field<T, 'required'> {
  return makeField({ type: Object.freeze(type) as T, presence: 'required', nilable: false, doc: normalizeDoc(doc), hasDefault: false });
}

/** Collapses whitespace so docs can be written as multi-line template strings. */
function normalizeDoc(doc: string): string {
  return doc.replace(/\s+/g, ' ').trim();
}

/** Declares a required string key. */
export function string(doc = ''): Field<StringType, 'required'> {
  return scalar({ kind: 'string' }, doc);
}

/** Declares a required integer key; `limits` bounds the accepted values. */
export function int(doc = '', limits: { min?: number; max?: number } = {}): Field<IntType, 'required'> {
  return scalar({ kind: 'int', ...limits }, doc);
}

/** Declares a required boolean key. */
export function bool(doc = ''): Field<BoolType, 'required'> {
  return scalar({ kind: 'bool' }, doc);
}

/** Declares a required float key; `limits` bounds the accepted values. */
export function float(doc = '', limits: { min?: number; max?: number } = {}): Field<FloatType, 'required'> {
  return scalar({ kind: 'float', ...limits }, doc);
}

/** Declares a required Go-duration key (value in milliseconds). */
export function duration(doc = ''): Field<DurationType, 'required'> {
  return scalar({ kind: 'duration' }, doc);
}

/** Declares a required list key whose items have the type of `elem`. */
export function list<E extends ValueType>(elem: Field<E>, doc = ''): Field<ListType<E>, 'required'> {
  return scalar({ kind: 'list', elem: elem.type }, doc);
}

/** Declares a required map key (user-chosen keys) whose values have the type of `elem`. */
export function map<E extends ValueType>(elem: Field<E>, doc = ''): Field<MapType<E>, 'required'> {
  return scalar({ kind: 'map', elem: elem.type }, doc);
}

/** Declares a required struct key with the given fields (file order = declaration order). */
export function struct<F extends Fields>(fields: F, doc = ''): Field<StructType<F>, 'required'> {
  return scalar({ kind: 'struct', fields: Object.freeze({ ...fields }) }, doc);
}

/** A whole config file: its header comment and top-level struct. */
export interface FileSchema<F extends Fields = Fields> {
  /** Name used in messages, e.g. `mox.conf`. */
  readonly name: string;
  /** Comment paragraph written at the top of the file. */
  readonly header: string;
  readonly root: StructType<F>;
}

/** Declares a config file with a header comment and top-level keys. */
export function file<F extends Fields>(name: string, header: string, fields: F): FileSchema<F> {
  return Object.freeze({ name, header: normalizeDoc(header), root: struct(fields).type });
}

/** The Go zero value of a type: `''`, `0`, `false`, `[]`, `{}`, or a struct of zeros. */
export function zeroValue(type: ValueType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'int':
    case 'float':
    case 'duration':
      return 0;
    case 'bool':
      return false;
    case 'list':
      return [];
    case 'map':
      return {};
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(type.fields)) {
        if (!f.optional) out[k] = zeroValue(f.type);
      }
      return out;
    }
  }
}

/** Describes a type in words, for error messages. */
export function typeName(type: ValueType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'int':
      return 'integer';
    case 'bool':
      return 'boolean';
    case 'float':
      return 'number';
    case 'duration':
      return 'duration';
    case 'list':
      return `list of ${typeName(type.elem)}`;
    case 'map':
      return `map of ${typeName(type.elem)}`;
    case 'struct':
      return 'struct';
  }
}
