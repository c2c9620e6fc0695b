// Applying defaults: turns a value as written (absent optional keys) into the value mox
// works with (Go zero values and declared defaults filled in), and deep-freezing.

import type { Fields, ValueType } from './schema.js';
import { zeroValue } from './schema.js';

// Go zero for scalars and empty for lists/maps. A declared default replaces such a value
// (mox treats zero as "not set", e.g. config.Port(0, 25) is 25), except on nilable keys,
// where mox distinguishes nil from an explicit zero.
function isZero(type: ValueType, v: unknown): boolean {
  switch (type.kind) {
    case 'string':
      return v === '';
    case 'int':
    case 'float':
    case 'duration':
      return v === 0;
    case 'bool':
      return v === false;
    case 'list':
      return (v as unknown[]).length === 0;
    case 'map':
      return Object.keys(v as object).length === 0;
    case 'struct':
      return false;
  }
}

/**
 * Returns a copy of struct value `raw` with defaults applied: an absent or zero key with a
 * default gets the default; other absent optional keys get Go's zero value; absent
 * nilable keys stay absent. Nested structs, lists and maps are resolved too.
 */
export function resolveStruct(fields: Fields, raw: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    let v = raw?.[key];
    if (field.hasDefault && (v === undefined || (!field.nilable && isZero(field.type, v)))) v = field.defaultValue;
    if (v === undefined) {
      if (field.nilable) continue;
      v = zeroValue(field.type);
    }
    out[key] = resolveValue(field.type, v);
  }
  return out;
}

/** Returns a resolved copy of a value of any type (see {@link resolveStruct}). */
export function resolveValue(type: ValueType, v: unknown): unknown {
  switch (type.kind) {
    case 'struct':
      return resolveStruct(type.fields, v as Record<string, unknown>);
    case 'list':
      return (v as unknown[]).map((e) => resolveValue(type.elem, e));
    case 'map':
      return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, resolveValue(type.elem, e)]));
    default:
      return v;
  }
}

/** Freezes a value and everything reachable from it; returns it for chaining. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const e of Object.values(v)) deepFreeze(e);
  }
  return v;
}
