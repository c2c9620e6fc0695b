// Stands in for the "vitest" package when running examples/vitest under node:test.
import { describe, it, test, before, after, beforeEach, afterEach } from 'node:test';
export { expect } from './expect.mjs';
export { describe, it, test, beforeEach, afterEach };
export const beforeAll = before;
export const afterAll = after;
