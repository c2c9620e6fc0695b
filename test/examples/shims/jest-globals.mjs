// Loaded with --import: Jest's globals on node:test, to run examples/jest in our CI.
import { describe, it, test, before, after, beforeEach, afterEach } from 'node:test';
import { expect } from './expect.mjs';
Object.assign(globalThis, { describe, it, test, expect, beforeAll: before, afterAll: after, beforeEach, afterEach });
