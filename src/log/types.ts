/** Log levels, from least to most verbose, as mox names them. */
export type LogLevel = 'error' | 'info' | 'debug' | 'trace' | 'traceauth' | 'tracedata';

/** The levels in order of verbosity. */
export const logLevels: readonly LogLevel[] = ['error', 'info', 'debug', 'trace', 'traceauth', 'tracedata'];

/** Key/value attributes of a record. */
export type Attrs = Record<string, unknown>;

/** One log record as handed to sinks. */
export interface LogRecord {
  time: number;
  level: LogLevel;
  pkg: string;
  msg: string;
  attrs: Attrs;
}

/** Where records go. */
export interface LogSink {
  write(rec: LogRecord): void;
}

/** Numeric verbosity of a level; higher is more verbose. */
export function levelValue(l: LogLevel): number {
  return logLevels.indexOf(l);
}

/** Parses a level name; undefined when unknown. */
export function parseLevel(s: string): LogLevel | undefined {
  return (logLevels as readonly string[]).includes(s) ? (s as LogLevel) : undefined;
}
