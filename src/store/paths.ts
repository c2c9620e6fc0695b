import { join } from 'node:path';

// 64 characters, as mox uses for message directories.
const dirChars = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_';

/** Files per directory is 2^13 (8192), as mox uses in normal operation. */
const filesPerDirShift = 13;

/**
 * Relative path of a message file, as mox lays them out: a directory named after id >> 13 in
 * base-64 digits (low digit first), then the decimal id. E.g. 1 → "a/1", 8192 → "b/8192".
 */
export function messagePath(id: number): string {
  let v = Math.floor(id / 2 ** filesPerDirShift);
  let dir = '';
  for (;;) {
    dir += dirChars[v & 63];
    v = Math.floor(v / 64);
    if (v === 0) break;
  }
  return join(dir, String(id));
}
