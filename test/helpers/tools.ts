import { execFileSync } from 'node:child_process';

/** Whether a command is on the PATH (tests that need it skip otherwise; .ci/run installs it). */
export function have(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
