/**
 * Structured logging in mox's logfmt style (`info: msg; key=value; pkg=smtpserver; cid=…`),
 * with per-package levels and pluggable sinks. A sink may be stderr, a file, or the event
 * bus; the terminal UI replaces the stderr sink so logs never write over its screen.
 * Layer L1.
 */
export type { LogLevel, LogRecord, LogSink, Attrs } from './types.js';
export { levelValue, parseLevel, logLevels } from './types.js';
export { LogRouter, Logger } from './logger.js';
export { formatRecord, StreamSink, MemorySink } from './sinks.js';
