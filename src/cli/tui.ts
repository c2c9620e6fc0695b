import type { Command } from 'commander';
import { CtlNotRunningError } from '../ctl/index.js';
import type { Bus, BusEvent } from '../events/index.js';
import type { LogRecord, LogSink } from '../log/index.js';
import { configPath, ctlSocketPath } from './ctl.js';
import { fatal, type GlobalOptions } from './util.js';

/** Whether the terminal UI can run: stdout and stdin are terminals. */
export function canRunTui(): boolean {
  return process.stdout.isTTY === true && process.stdin.isTTY === true;
}

/** Loads the terminal UI bundle; only ever called when the UI is about to be shown. */
export async function loadTui(): Promise<typeof import('../../tui/index.js')> {
  // React picks its build by NODE_ENV when first loaded: its development build (checks and
  // performance marks on every render) costs several times the CPU.
  process.env.NODE_ENV ||= 'production';
  // Ink draws nothing but the final frame when CI or CONTINUOUS_INTEGRATION is set (read once,
  // when it loads). We only get here with a terminal on stdin and stdout, so a CI variable
  // inherited by a shell must not blank the screen: hide it while the UI loads.
  const hidden: Record<string, string> = {};
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (process.env[k] !== undefined) {
      hidden[k] = process.env[k]!;
      delete process.env[k];
    }
  }
  try {
    return await import('../../tui/index.js');
  } finally {
    Object.assign(process.env, hidden);
  }
}

/** A log attribute as plain JSON data (errors become their message). */
function plain(v: unknown): unknown {
  if (v instanceof Error) return v.message;
  if (typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `${v.length} bytes`;
  return v;
}

/**
 * Log sink for the terminal UI: records become `log.record` events on the engine's bus (shown
 * in the Log view, and streamed to attached UIs), never text on the terminal under Ink.
 * Records written before {@link attach} are held and emitted then; the most recent emitted
 * events are kept for {@link recent}, since the bus does not keep log records in its backlog.
 */
export class BusLogSink implements LogSink {
  private bus: Bus | undefined;
  private early: LogRecord[] = [];
  private kept: BusEvent[] = [];

  /** `max`: how many emitted records to keep for {@link recent} (0: none). */
  constructor(private readonly max = 1000) {}

  write(rec: LogRecord): void {
    if (!this.bus) {
      this.early.push(rec);
      if (this.early.length > this.max) this.early.shift();
      return;
    }
    const attrs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec.attrs)) if (v !== undefined) attrs[k] = plain(v);
    this.bus.emit('log.record', { level: rec.level, pkg: rec.pkg, msg: rec.msg, attrs });
  }

  /** Starts emitting on the bus, beginning with the held records. */
  attach(bus: Bus): void {
    if (this.max > 0) {
      bus.on('log.record', (_d, ev) => {
        this.kept.push(ev);
        if (this.kept.length > this.max) this.kept.splice(0, this.kept.length - this.max);
      });
    }
    this.bus = bus;
    const early = this.early;
    this.early = [];
    for (const r of early) this.write(r);
  }

  /** The most recent log events, oldest first. */
  recent(): BusEvent[] {
    return [...this.kept];
  }
}

/** Adds `mox tui`: the terminal UI attached to a running instance over its ctl socket. */
export function tuiCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('tui')
    .summary('terminal UI attached to a running mox (serve or localserve)')
    .description(
      'Show the terminal UI of a running mox instance (started with mox localserve, with or without ' +
        'its own UI), ' +
        'attached through its ctl socket: live SMTP and IMAP sessions, the queue, webhooks, simulated ' +
        'failures and the inbox. Quitting (q) detaches; the server keeps running. Use -config to ' +
        'pick the instance (for localserve: <dir>/mox.conf).',
    )
    .action(async () => {
      if (!canRunTui()) fatal('mox tui needs a terminal (stdin and stdout must be a tty)');
      const path = await ctlSocketPath(configPath(global()));
      const { attachClient, runTui } = await loadTui();
      let client;
      try {
        client = await attachClient({ socketPath: path });
      } catch (err) {
        if (err instanceof CtlNotRunningError) fatal(`no running mox instance: ${path} (start mox serve or mox localserve, or use -config)`);
        fatal((err as Error).message);
      }
      await runTui({ client });
      process.exit(0);
    });
}
