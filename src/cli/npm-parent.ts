import { readFileSync } from 'node:fs';

/**
 * When started through `npx`/`npm exec`, the process tree is npm → sh → node, and npm does
 * not pass SIGTERM on to us: `kill <npx pid>` in a CI script would leave the server running.
 * Finds the npm ancestor (Linux /proc) and calls `onGone` once it has exited.
 */
export function watchNpmParent(onGone: () => void): void {
  if (process.env.npm_command !== 'exec' || process.platform !== 'linux') return;
  const npmPid = findAncestor((cmd) => /(^|\/)(npm|npx)(-cli\.js)?\b|npm exec/.test(cmd));
  if (!npmPid) return;
  const timer = setInterval(() => {
    try {
      process.kill(npmPid, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, 1000);
  timer.unref();
}

function findAncestor(match: (cmdline: string) => boolean): number | undefined {
  let pid = process.ppid;
  for (let i = 0; i < 4 && pid > 1; i++) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (match(cmd)) return pid;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
