// A small subset of Jest's/vitest's expect() on node:assert, enough to run
// examples/vitest and examples/jest under node:test in our CI (neither is installed).
import assert from 'node:assert/strict';

export function expect(actual) {
  const m = (negate) => {
    const check = (ok, msg) => assert.ok(negate ? !ok : ok, negate ? `not: ${msg}` : msg);
    const deepEq = (a, b) => {
      try {
        assert.deepStrictEqual(a, b);
        return true;
      } catch {
        return false;
      }
    };
    return {
      toBe: (v) => check(Object.is(actual, v), `expected ${String(actual)} to be ${String(v)}`),
      toEqual: (v) => check(deepEq(actual, v), `expected ${JSON.stringify(actual)} to equal ${JSON.stringify(v)}`),
      toContain: (v) => check(actual.includes(v), `expected ${JSON.stringify(actual)} to contain ${JSON.stringify(v)}`),
      toMatch: (re) => check((typeof re === 'string' ? new RegExp(re) : re).test(actual), `expected ${JSON.stringify(actual)} to match ${re}`),
      toHaveLength: (n) => check(actual.length === n, `expected length ${actual.length} to be ${n}`),
      toBeDefined: () => check(actual !== undefined, 'expected a value'),
      toBeTruthy: () => check(!!actual, `expected ${String(actual)} to be truthy`),
      toBeGreaterThan: (n) => check(actual > n, `expected ${actual} > ${n}`),
    };
  };
  return Object.assign(m(false), { not: m(true) });
}
