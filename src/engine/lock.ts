import { readFileSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Another process uses the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`data directory ${dir} is in use by another mox process (pid ${pid}); stop it first`);
    this.name = 'DataDirLockedError';
  }
}

/**
 * Takes the data directory for this process (a pid file, `mox.pid`), so a second instance
 * refuses to start instead of opening the same databases and queue. A pid file left by a
 * crashed process (its pid no longer runs mox) is taken over. Returns the release function.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'mox.pid');
  for (let i = 0; i < 3; i++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o660 });
      return async () => {
        const cur = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (cur === process.pid) await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (pid && pid !== process.pid && isMoxRunning(pid)) throw new DataDirLockedError(dir, pid);
    await unlink(path).catch(() => undefined);
  }
  throw new Error(`cannot lock data directory ${dir}`);
}

/** Whether a process runs and (where /proc tells) is a node/mox process. */
function isMoxRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /mox|node/.test(cmd);
  } catch {
    return true;
  }
}
