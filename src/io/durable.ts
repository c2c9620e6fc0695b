import { open, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` durably: create (exclusive unless `overwrite`), write, fsync the
 * file, fsync its directory. Only after this returns may a protocol success reply be sent
 * that depends on the file.
 */
export async function writeDurable(
  path: string,
  data: Buffer | Buffer[],
  opts: { overwrite?: boolean; mode?: number; syncDir?: boolean } = {},
): Promise<void> {
  const fh = await open(path, opts.overwrite ? 'w' : 'wx', opts.mode ?? 0o660);
  try {
    if (Array.isArray(data)) await fh.writev(data);
    else await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (opts.syncDir !== false) await fsyncDir(dirname(path));
}

/** Fsyncs a directory so a new or renamed entry in it survives a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Fsyncs an existing file. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates a directory (and parents) with mox's mode 0770 if it does not exist. */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o770 });
}
