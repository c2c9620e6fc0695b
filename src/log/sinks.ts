import type { Attrs, LogRecord, LogSink } from './types.js';

/**
 * Formats a record as mox does: `level: msg; key=value; ...`. Protocol traces (level trace
 * and up) show the message quoted, so CR/LF are visible.
 */
export function formatRecord(rec: LogRecord): string {
  const trace = rec.level.startsWith('trace');
  let s = `${rec.level}: ${trace ? quote(rec.msg) : rec.msg}`;
  const attrs: Attrs = { ...rec.attrs, pkg: rec.pkg };
  // mox prints pkg right after the message, then the other attributes, cid last.
  const keys = ['pkg', ...Object.keys(rec.attrs).filter((k) => k !== 'pkg' && k !== 'cid')];
  if ('cid' in rec.attrs) keys.push('cid');
  for (const k of keys) {
    const v = attrs[k];
    if (v === undefined) continue;
    s += `; ${k}=${formatValue(v)}`;
  }
  return s;
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return quote(errorText(v));
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === '' || /[\s";=\\]|[^\x21-\x7e]/.test(s) ? quote(s) : s;
}

/** The error message including its causes, "outer: inner: innermost". */
function errorText(e: Error): string {
  let s = e.message;
  let c: unknown = e.cause;
  for (let i = 0; c && i < 5; i++) {
    s += `: ${c instanceof Error ? c.message : String(c)}`;
    c = c instanceof Error ? c.cause : undefined;
  }
  return s;
}

/** Quotes like Go's %q for printable text: escapes ", \, CR, LF, tab and control chars. */
function quote(s: string): string {
  return (
    '"' +
    s.replace(/[\\"\x00-\x1f\x7f]/g, (c) => {
      switch (c) {
        case '\\':
          return '\\\\';
        case '"':
          return '\\"';
        case '\r':
          return '\\r';
        case '\n':
          return '\\n';
        case '\t':
          return '\\t';
        default:
          return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
      }
    }) +
    '"'
  );
}

/** Writes formatted records to a stream, one line each (stderr by default). */
export class StreamSink implements LogSink {
  constructor(private readonly stream: { write(s: string): unknown } = process.stderr) {}
  write(rec: LogRecord): void {
    this.stream.write(formatRecord(rec) + '\n');
  }
}

/** Keeps the last `max` records in memory (tests, and the UI's log view). */
export class MemorySink implements LogSink {
  readonly records: LogRecord[] = [];
  constructor(private readonly max = 1000) {}
  write(rec: LogRecord): void {
    this.records.push(rec);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
  }
}
