import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** Directories whose removal at the end of their test failed; removed at process exit. */
const leftovers = new Set<string>();
let exitHook = false;

/**
 * Creates a temporary directory removed when the test ends. A test's `after` hooks run in
 * the order they were added, so a server started after this call may still be writing in
 * the directory when it is removed (its own stop hook comes later); what cannot be removed
 * then is removed when the process exits.
 */
export function tempDir(t: TestContext, prefix = 'moxts-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      leftovers.add(d);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const x of leftovers) {
            try {
              rmSync(x, { recursive: true, force: true });
            } catch (e) {
              process.stderr.write(`could not remove ${x}: ${(e as Error).message}\n`);
            }
          }
        });
      }
    }
  });
  return d;
}
