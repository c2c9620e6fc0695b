import type { Duplex } from 'node:stream';

/** A line exceeded the allowed length. The rest of the line is still in the buffer. */
export class LineTooLongError extends Error {
  constructor(readonly max: number) {
    super(`line too long (max ${max} bytes)`);
    this.name = 'LineTooLongError';
  }
}

/** The peer closed the connection (or it failed) before a read could complete. */
export class ReaderClosedError extends Error {
  constructor(message = 'connection closed', options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReaderClosedError';
  }
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Buffers bytes from a socket and hands them out as lines or exact-length chunks. The
 * synchronous `try…` methods let a protocol loop consume pipelined commands without a
 * promise per line; the async methods wait for more data. Reading pauses the socket while
 * more than `highWater` bytes are buffered (backpressure).
 */
export class SocketReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private socket: Duplex | undefined;
  private waiter: Pending | undefined;
  private closedErr: Error | undefined;
  private readonly highWater: number;
  /** Total bytes received, for statistics. */
  bytesIn = 0;

  constructor(socket?: Duplex, opts: { highWater?: number } = {}) {
    this.highWater = opts.highWater ?? 256 * 1024;
    if (socket) this.attach(socket);
  }

  private readonly onData = (chunk: Buffer) => {
    this.bytesIn += chunk.length;
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
    if (this.buf.length - this.pos > this.highWater) this.socket?.pause();
    this.wake();
  };
  private readonly onEnd = () => this.close(new ReaderClosedError());
  private readonly onError = (err: Error) => this.close(new ReaderClosedError(`connection error: ${err.message}`, { cause: err }));
  private readonly onClose = () => this.close(new ReaderClosedError());

  /** Starts reading from `socket` (after a TLS upgrade, the new TLS socket). */
  attach(socket: Duplex): void {
    this.socket = socket;
    this.closedErr = undefined;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.resume();
  }

  /**
   * Stops reading from the current socket, for a TLS upgrade. Returns the bytes received but
   * not consumed (RFC 3207 §4.1: data sent before the TLS handshake must be discarded).
   */
  detach(): Buffer {
    const s = this.socket;
    if (s) {
      s.off('data', this.onData);
      s.off('end', this.onEnd);
      s.off('error', this.onError);
      s.off('close', this.onClose);
    }
    this.socket = undefined;
    const rest = this.buf.subarray(this.pos);
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    return rest;
  }

  /** Marks the reader closed; pending and future reads fail with `err`. */
  close(err: Error = new ReaderClosedError()): void {
    if (!this.closedErr) this.closedErr = err;
    this.wake();
  }

  /** Bytes buffered and not yet consumed. */
  buffered(): number {
    return this.buf.length - this.pos;
  }

  /** Whether a complete line is buffered. */
  hasLine(): boolean {
    return this.buf.indexOf(10, this.pos) >= 0;
  }

  /**
   * Returns a buffered line without its line ending (CRLF or bare LF), or null when no complete
   * line is buffered. Throws {@link LineTooLongError} when the line (or the buffered part of an
   * unfinished one) exceeds `max` bytes.
   */
  tryReadLine(max: number): Buffer | null {
    const nl = this.buf.indexOf(10, this.pos);
    if (nl < 0) {
      if (this.buffered() > max) throw new LineTooLongError(max);
      return null;
    }
    let end = nl;
    if (end > this.pos && this.buf[end - 1] === 13) end--;
    if (end - this.pos > max) throw new LineTooLongError(max);
    const line = this.buf.subarray(this.pos, end);
    this.consume(nl + 1 - this.pos);
    return line;
  }

  /** Reads one line; waits for data as needed. */
  async readLine(max: number): Promise<Buffer> {
    for (;;) {
      const line = this.tryReadLine(max);
      if (line) return line;
      await this.waitData();
    }
  }

  /** Takes up to `max` buffered bytes (at least one, waiting if none is buffered). */
  async readSome(max: number): Promise<Buffer> {
    while (this.buffered() === 0) await this.waitData();
    const n = Math.min(max, this.buffered());
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.consume(n);
    return b;
  }

  /** Reads exactly `n` bytes. */
  async readExact(n: number): Promise<Buffer> {
    while (this.buffered() < n) await this.waitData();
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.consume(n);
    return b;
  }

  /** Waits until more data arrives (or rejects when the connection is closed). */
  waitData(): Promise<void> {
    if (this.closedErr) return Promise.reject(this.closedErr);
    this.socket?.resume();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Returns all buffered bytes and empties the buffer. */
  takeBuffered(): Buffer {
    const b = this.buf.subarray(this.pos);
    this.consume(b.length);
    return b;
  }

  /** Puts bytes back in front of the buffer (they were taken but not used). */
  unread(b: Buffer): void {
    if (b.length === 0) return;
    this.buf = Buffer.concat([b, this.buf.subarray(this.pos)]);
    this.pos = 0;
  }

  private consume(n: number): void {
    this.pos += n;
    if (this.pos >= this.buf.length) {
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
    if (this.socket?.isPaused() && this.buffered() <= this.highWater) this.socket.resume();
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    if (this.closedErr && this.buffered() === 0) w.reject(this.closedErr);
    else w.resolve();
  }
}
