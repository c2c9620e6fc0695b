import { levelValue, type Attrs, type LogLevel, type LogSink } from './types.js';

/**
 * Owns the log levels (default and per package) and the sinks of one engine. Loggers made
 * from it see level changes at once (`mox loglevels`).
 */
export class LogRouter {
  private levels = new Map<string, LogLevel>();
  private defaultLevel: LogLevel;
  private readonly sinks = new Set<LogSink>();

  constructor(opts: { level: LogLevel; now: () => number; sinks?: LogSink[] }) {
    this.defaultLevel = opts.level;
    this.now = opts.now;
    for (const s of opts.sinks ?? []) this.sinks.add(s);
  }

  /** Time source for record timestamps. */
  readonly now: () => number;

  /** Sets the level for one package, or the default when `pkg` is empty. */
  setLevel(level: LogLevel, pkg = ''): void {
    if (pkg === '') this.defaultLevel = level;
    else this.levels.set(pkg, level);
  }

  /** Removes a package's own level so it follows the default again. */
  unsetLevel(pkg: string): void {
    this.levels.delete(pkg);
  }

  /** The default level and each package's level ("" is the default). */
  getLevels(): Record<string, LogLevel> {
    return { '': this.defaultLevel, ...Object.fromEntries(this.levels) };
  }

  /** Effective level of a package. */
  levelOf(pkg: string): LogLevel {
    return this.levels.get(pkg) ?? this.defaultLevel;
  }

  addSink(s: LogSink): () => void {
    this.sinks.add(s);
    return () => {
      this.sinks.delete(s);
    };
  }

  /** Replaces all sinks, e.g. when the terminal UI takes over the screen. */
  setSinks(sinks: LogSink[]): void {
    this.sinks.clear();
    for (const s of sinks) this.sinks.add(s);
  }

  /** A logger for a package. */
  logger(pkg: string, attrs: Attrs = {}): Logger {
    return new Logger(this, pkg, attrs);
  }

  /** @internal */
  write(level: LogLevel, pkg: string, msg: string, attrs: Attrs): void {
    const rec = { time: this.now(), level, pkg, msg, attrs };
    for (const s of this.sinks) {
      try {
        s.write(rec);
      } catch {
        // A broken sink must not break the caller.
      }
    }
  }
}

/** Logs for one package, with fixed attributes (such as the cid of a connection). */
export class Logger {
  constructor(
    private readonly router: LogRouter,
    readonly pkg: string,
    private readonly attrs: Attrs,
  ) {}

  /** A logger with extra fixed attributes. */
  with(attrs: Attrs): Logger {
    return new Logger(this.router, this.pkg, { ...this.attrs, ...attrs });
  }

  /** A logger for another package, sharing this router. */
  forPkg(pkg: string): Logger {
    return new Logger(this.router, pkg, this.attrs);
  }

  /** Whether records at `level` are written. */
  enabled(level: LogLevel): boolean {
    return levelValue(level) <= levelValue(this.router.levelOf(this.pkg));
  }

  log(level: LogLevel, msg: string, attrs?: Attrs): void {
    if (!this.enabled(level)) return;
    this.router.write(level, this.pkg, msg, attrs ? { ...attrs, ...this.attrs } : this.attrs);
  }

  error(msg: string, attrs?: Attrs): void {
    this.log('error', msg, attrs);
  }
  info(msg: string, attrs?: Attrs): void {
    this.log('info', msg, attrs);
  }
  debug(msg: string, attrs?: Attrs): void {
    this.log('debug', msg, attrs);
  }
  trace(msg: string, attrs?: Attrs): void {
    this.log('trace', msg, attrs);
  }
}
