import type { Socket } from 'node:net';
import { LineTooLongError, ReaderClosedError, SocketReader } from '../io/index.js';
import { CtlClosedError, CtlError, CtlProtocolError, CtlRemoteError } from './errors.js';
import { decodeJsonAs, JsonShapeError, type JsonOf, type JsonShape } from './json.js';

/** Limits of one ctl connection. */
export interface CtlConnOptions {
  /** Longest command, parameter or reply line accepted, in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** Largest data stream chunk accepted from the peer, in bytes (default 16 MiB). */
  maxChunkBytes?: number;
  /** Size of the chunks this side writes in a data stream (default 64 KiB). */
  chunkBytes?: number;
}

/** What {@link CtlConn.writeStream} accepts: bytes, or (async) iterables of bytes or text. */
export type CtlStreamSource =
  | string
  | Uint8Array
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

/** Sent in place of a pending stream token when a stream is abandoned without an error text. */
export const streamCanceledText = 'data stream canceled';

// What the peer waits for from us in the middle of a data stream: the answer to a chunk we
// received ("ack"), or the next chunk length or end of stream ("count"). An error line may
// take the place of either; see ctl.go's ctlreader/ctlwriter in mox.
type Owed = 'none' | 'ack' | 'count';

/**
 * One side of a ctl connection: mox's line protocol with data streams. Lines end in `\n`
 * (nothing else is stripped). A data stream is a series of chunks `<length>\n<bytes>`, each
 * answered with `ok` (or an error text) by the receiver, ended by `0\n`; an error text in
 * place of a length ends it with that error. The server passes one to each command handler;
 * the client extends it. Operations must not overlap: the protocol is strictly sequential.
 */
export class CtlConn {
  /** Aborted when the connection closes (and, on the server, when it shuts down). */
  readonly signal: AbortSignal;
  protected readonly abort = new AbortController();
  private readonly reader: SocketReader;
  private readonly maxLine: number;
  private readonly maxChunk: number;
  private readonly chunkSize: number;
  private owed: Owed = 'none';
  private closedErr: Error | undefined;
  private readonly closedP: Promise<void>;

  constructor(
    protected readonly socket: Socket,
    opts: CtlConnOptions = {},
  ) {
    this.signal = this.abort.signal;
    this.maxLine = opts.maxLineBytes ?? 1024 * 1024;
    this.maxChunk = opts.maxChunkBytes ?? 16 * 1024 * 1024;
    this.chunkSize = Math.max(1, opts.chunkBytes ?? 64 * 1024);
    this.reader = new SocketReader(socket);
    this.closedP = new Promise((resolve) => {
      const done = () => {
        this.closedErr ??= new CtlClosedError();
        this.abort.abort(this.closedErr);
        resolve();
      };
      if (socket.destroyed) done();
      else socket.once('close', done);
    });
    socket.on('error', () => undefined); // Reported through reads and writes.
  }

  /** Whether the connection is closed. */
  get closed(): boolean {
    return this.closedErr !== undefined || this.socket.destroyed;
  }

  /** Resolves when the socket has closed. */
  whenClosed(): Promise<void> {
    return this.closedP;
  }

  /** Reads one line (without its `\n`) as UTF-8 text. */
  async readLine(): Promise<string> {
    return (await this.readLineBuffer()).toString('utf8');
  }

  /** Reads one line (without its `\n`) as bytes. */
  async readLineBuffer(): Promise<Buffer> {
    await this.settle();
    return this.rawLine();
  }

  /** Writes one line; `line` must not contain `\n`. */
  async writeLine(line: string | Buffer): Promise<void> {
    const b = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
    if (b.includes(10)) throw new TypeError('ctl line must not contain a newline');
    await this.settle();
    await this.put(Buffer.concat([b, NL]));
  }

  /** Writes `ok`: the command (or a step of it) succeeded. */
  async ok(): Promise<void> {
    await this.writeLine('ok');
  }

  /**
   * Writes an error text line. In the middle of a data stream it takes the place of the
   * chunk answer or chunk length the peer waits for, which ends the stream with this error.
   */
  async error(text: string): Promise<void> {
    this.owed = 'none';
    await this.put(Buffer.from(`${errorLine(text)}\n`, 'utf8'));
  }

  /** Reads a line and throws {@link CtlRemoteError} with its text unless it is `ok`. */
  async readOk(): Promise<void> {
    const line = await this.readLine();
    if (line !== 'ok') throw new CtlRemoteError(line);
  }

  /** Reads a decimal integer line; anything else is the peer's error text ({@link CtlRemoteError}). */
  async readNumber(): Promise<number> {
    const line = await this.readLine();
    const n = /^-?[0-9]+$/.test(line) ? Number(line) : NaN;
    if (!Number.isSafeInteger(n)) throw new CtlRemoteError(line);
    return n;
  }

  /** Writes an integer as a decimal line. */
  async writeNumber(n: number): Promise<void> {
    if (!Number.isSafeInteger(n)) throw new TypeError(`not an integer: ${n}`);
    await this.writeLine(String(n));
  }

  /**
   * Reads one JSON line. With a shape it is decoded strictly as mox does, see
   * {@link parseJson}. Read all of a command's parameter lines before failing on one, as mox
   * does, or the unread ones arrive as commands.
   */
  async readJson(): Promise<unknown>;
  async readJson<const S extends JsonShape>(shape: S): Promise<JsonOf<S>>;
  async readJson(shape?: JsonShape): Promise<unknown> {
    const line = await this.readLine();
    return shape ? this.parseJson(line, shape) : this.parseJson(line);
  }

  /**
   * Decodes a JSON parameter line. With a shape, unknown fields are an error and missing
   * ones get zero values (see {@link decodeJson}). A bad value throws a {@link CtlError} with
   * mox's text `parsing from ctl as json: …`, so a handler can let it propagate as the reply.
   */
  parseJson(line: string): unknown;
  parseJson<const S extends JsonShape>(line: string, shape: S): JsonOf<S>;
  parseJson(line: string, shape?: JsonShape): unknown {
    try {
      if (shape) return decodeJsonAs(line, shape);
      return JSON.parse(line) as unknown;
    } catch (err) {
      const msg = err instanceof JsonShapeError ? err.message : `json: ${(err as Error).message}`;
      throw new CtlError(`parsing from ctl as json: ${msg}`, { cause: err });
    }
  }

  /** Writes a value as one JSON line. */
  async writeJson(value: unknown): Promise<void> {
    await this.writeLine(JSON.stringify(value) ?? 'null');
  }

  /**
   * Reads a data stream from the peer, chunk by chunk. Each chunk is answered with `ok` when
   * the next one is asked for, so a consumer that stops early (break, throw) leaves the answer
   * pending: the next {@link error} call replaces it (ending the peer's stream with that
   * text), and any other operation first sends {@link streamCanceledText}. An error text in
   * place of a chunk length throws {@link CtlRemoteError}.
   */
  readStream(): AsyncIterable<Buffer> {
    let started = false;
    let done = false;
    const next = async (): Promise<IteratorResult<Buffer>> => {
      if (done) return { done: true, value: undefined };
      try {
        if (!started) {
          started = true;
          await this.settle();
        } else if (this.owed === 'ack') {
          this.owed = 'none';
          await this.put(OK);
        }
        const line = (await this.rawLine()).toString('utf8');
        if (!/^[0-9]+$/.test(line)) throw new CtlRemoteError(line);
        const n = Number(line);
        if (n === 0) {
          done = true;
          return { done: true, value: undefined };
        }
        if (n > this.maxChunk) this.protocolError(`data stream chunk of ${n} bytes exceeds maximum of ${this.maxChunk}`);
        const data = await this.io(this.reader.readExact(n));
        this.owed = 'ack';
        return { done: false, value: data };
      } catch (err) {
        done = true;
        throw err;
      }
    };
    const iterator: AsyncIterator<Buffer> = {
      next,
      return: async () => {
        done = true;
        return { done: true, value: undefined };
      },
    };
    return { [Symbol.asyncIterator]: () => iterator };
  }

  /**
   * Reads a whole data stream into one Buffer. More than `maxBytes` throws a {@link CtlError}
   * (`data stream too large …`) with the stream abandoned, see {@link readStream}.
   */
  async readStreamAll(maxBytes: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.readStream()) {
      size += chunk.length;
      if (size > maxBytes) throw new CtlError(`data stream too large (max ${maxBytes} bytes)`);
      parts.push(chunk);
    }
    return Buffer.concat(parts, size);
  }

  /**
   * Writes a data stream: each piece of `source` goes out in chunks of at most `chunkBytes`,
   * waiting for the peer's `ok` after each; then `0`. A non-`ok` answer throws
   * {@link CtlRemoteError}. When `source` fails, the stream stays open and the next
   * {@link error} call ends it with its text. An endless source (an event feed) is written
   * until the connection closes; the source's iterator is then returned.
   */
  async writeStream(source: CtlStreamSource): Promise<void> {
    await this.settle();
    const it = iterate(source);
    this.owed = 'count';
    let r: IteratorResult<Uint8Array | string>;
    for (;;) {
      // A failing source leaves the length owed; the caller's error() ends the stream.
      r = await this.untilClosed(it.next(), it);
      if (r.done) break;
      const data = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
      try {
        for (let off = 0; off < data.length; off += this.chunkSize) {
          const piece = data.subarray(off, off + this.chunkSize);
          this.owed = 'none';
          await this.put(Buffer.concat([Buffer.from(`${piece.length}\n`), piece]));
          const answer = (await this.rawLine()).toString('utf8');
          if (answer !== 'ok') throw new CtlRemoteError(answer);
          this.owed = 'count';
        }
      } catch (err) {
        this.owed = 'none';
        void Promise.resolve(it.return?.()).catch(() => undefined);
        throw err;
      }
    }
    this.owed = 'none';
    await this.put(Buffer.from('0\n'));
  }

  /** Ends the connection after pending writes; resolves when it is closed. */
  async close(): Promise<void> {
    if (!this.socket.destroyed) this.socket.end();
    await this.closedP;
  }

  /** Closes the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }

  /**
   * Sends what a stream left pending (see {@link readStream}, {@link writeStream}) so the
   * peer is not left waiting: the cancel text. Also run by the server after each command.
   */
  protected async settle(): Promise<void> {
    if (this.owed === 'none') return;
    this.owed = 'none';
    await this.put(Buffer.from(`${streamCanceledText}\n`));
  }

  /** Writes the text as an error line and ends the connection; throws {@link CtlProtocolError}. */
  protected protocolError(msg: string): never {
    const err = new CtlProtocolError(msg);
    this.closedErr ??= err;
    if (!this.socket.destroyed) this.socket.end(`${errorLine(msg)}\n`);
    throw err;
  }

  // A line up to "\n" only (mox strips just that), without the CRLF handling of io's reader.
  private async rawLine(): Promise<Buffer> {
    const parts: Buffer[] = [];
    let len = 0;
    for (;;) {
      if (this.reader.buffered() === 0) await this.io(this.reader.waitData());
      const b = this.reader.takeBuffered();
      const nl = b.indexOf(10);
      if (nl >= 0) {
        this.reader.unread(b.subarray(nl + 1));
        if (len + nl > this.maxLine) this.protocolError(`line too long (max ${this.maxLine} bytes)`);
        parts.push(b.subarray(0, nl));
        return parts.length === 1 ? parts[0]! : Buffer.concat(parts, len + nl);
      }
      parts.push(b);
      len += b.length;
      if (len > this.maxLine) this.protocolError(`line too long (max ${this.maxLine} bytes)`);
    }
  }

  private async put(data: Buffer): Promise<void> {
    if (this.closedErr) throw new CtlClosedError(undefined, { cause: this.closedErr });
    if (this.socket.destroyed || this.socket.writableEnded) throw new CtlClosedError();
    if (this.socket.write(data)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        this.socket.off('drain', onDrain);
        reject(new CtlClosedError());
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  private async io<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof ReaderClosedError) throw new CtlClosedError(err.message, { cause: err });
      if (err instanceof LineTooLongError) this.protocolError(err.message);
      throw err;
    }
  }

  // Waits for `p` unless the socket closes first; then the source's iterator is returned
  // (without waiting: a generator suspended in an await cannot return before it resumes).
  // A listener per wait, removed after, so an endless stream does not pile up reactions.
  private untilClosed<T>(p: T | Promise<T>, it?: AsyncIterator<unknown> | Iterator<unknown>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onClose = () => {
        void Promise.resolve(it?.return?.()).catch(() => undefined);
        reject(new CtlClosedError());
      };
      if (this.socket.destroyed) return onClose();
      this.socket.once('close', onClose);
      Promise.resolve(p).then(
        (v) => {
          this.socket.off('close', onClose);
          resolve(v);
        },
        (err: unknown) => {
          this.socket.off('close', onClose);
          reject(err);
        },
      );
    });
  }
}

const NL = Buffer.from('\n');
const OK = Buffer.from('ok\n');

/** An error text made safe for one line: newlines become spaces, empty becomes "error". */
function errorLine(text: string): string {
  const s = text.replace(/\r?\n/g, ' ');
  return s === '' ? 'error' : s;
}

function iterate(source: CtlStreamSource): AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof Uint8Array) return [source][Symbol.iterator]();
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  return source[Symbol.iterator]();
}
