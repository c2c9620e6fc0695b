import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/**
 * A tmux session on a private tmux server (its own socket), for driving the terminal UI as a
 * user would: send keys, read the screen. Killed when the test ends.
 */
export class TmuxSession {
  private constructor(
    private readonly socket: string,
    readonly name: string,
  ) {}

  /** Starts `command` (a shell command line) in a new detached session of the given size. */
  static start(t: TestContext, command: string, size = { columns: 100, rows: 30 }): TmuxSession {
    const socket = `moxts-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const s = new TmuxSession(socket, 'main');
    s.tmux(['new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), command]);
    t.after(() => {
      try {
        s.tmux(['kill-server']);
      } catch {
        // Already gone.
      }
    });
    return s;
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm-256color' } });
  }

  /** The visible screen as text (`ansi`: with color escapes, for screenshots). */
  screen(ansi = false): string {
    return this.tmux(['capture-pane', '-p', ...(ansi ? ['-e'] : []), '-t', this.name]);
  }

  /** Sends keys (tmux key names, e.g. "Enter", "Escape", or literal text with `literal`). */
  keys(keys: string, literal = true): void {
    this.tmux(['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
  }

  /** Waits until the screen matches (bounded poll; the last screen is in the error). */
  async waitFor(re: RegExp, what: string, tries = 600): Promise<string> {
    let last = '';
    for (let i = 0; i < tries; i++) {
      last = this.screen();
      if (re.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what} (${re}); screen:\n${last}`);
  }
}
