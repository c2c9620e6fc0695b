import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** Creates a temporary directory removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'moxts-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  // Retries: a store closed by a later hook may still be writing in it.
  t.after(() => rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }));
  return d;
}
