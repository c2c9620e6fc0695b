import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDir, fsyncDir } from './durable.js';

/**
 * Writes chunks to a file (replacing a stale one left by a crash), fsyncs it, and returns the
 * size. Creates the directory when missing (and fsyncs its parent). The directory entry is
 * made durable by the caller's directory fsync (see GroupCommit).
 */
export async function writeSynced(path: string, chunks: Buffer[]): Promise<number> {
  let fh;
  try {
    fh = await open(path, 'w', 0o660);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await ensureDir(dirname(path));
    await fsyncDir(dirname(dirname(path)));
    fh = await open(path, 'w', 0o660);
  }
  try {
    const r = await fh.writev(chunks);
    await fh.sync();
    return r.bytesWritten;
  } finally {
    await fh.close();
  }
}
