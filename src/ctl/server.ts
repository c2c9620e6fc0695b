import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { chmod, lstat, stat, unlink } from 'node:fs/promises';
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import { CtlConn, type CtlConnOptions } from './conn.js';
import { CtlClosedError, CtlError, CtlInUseError, CtlProtocolError, CtlRemoteError } from './errors.js';

/** Runs one ctl command: reads its parameters from `conn` and writes its reply. */
export type CtlHandler = (conn: CtlServerConn) => Promise<void> | void;

/** Command handlers by command name (mox's names: `deliver`, `queuelist`, …). */
export type CtlHandlers = ReadonlyMap<string, CtlHandler> | { readonly [command: string]: CtlHandler };

/** The text mox answers an unknown command with. */
export const unrecognizedCommandText = 'unrecognized command';

/** What the client sees when a handler fails with something other than a {@link CtlError}. */
export const internalErrorText = 'internal error (details in the server log)';

/** Options for {@link CtlServer}. */
export interface CtlServerOptions extends CtlConnOptions {
  /** The unix socket path, `<DataDir>/ctl` in mox. */
  path: string;
  log: Logger;
  handlers: CtlHandlers;
  /** Mints connection ids (the engine's cid source); by default the server counts from 1. */
  cids?: { next(): number };
  /** How long {@link CtlServer.close} lets running commands finish (default 3000 ms, as mox). */
  graceMs?: number;
  /** Timer for the grace period; real time when absent. */
  clock?: Clock;
  /** File mode of the socket (default 0o660, like mox's data files). */
  mode?: number;
  /** Commands logged at debug level instead of info (ones a client polls, such as the UI's). */
  quietCommands?: ReadonlySet<string>;
}

/**
 * The server side of one ctl connection, handed to each command handler. Besides the
 * framing helpers of {@link CtlConn} it carries the connection id, a logger with that id,
 * and the current command name. Its `signal` aborts when the client goes away or the server
 * shuts down, which is how an endless handler (an event stream) knows to stop.
 */
export class CtlServerConn extends CtlConn {
  /** The command being run ("" between commands). */
  command = '';
  private idle = false;

  constructor(
    socket: Socket,
    readonly cid: number,
    readonly log: Logger,
    opts: CtlConnOptions & { quietCommands?: ReadonlySet<string> },
  ) {
    super(socket, opts);
    this.quiet = opts.quietCommands;
  }

  private readonly quiet: ReadonlySet<string> | undefined;

  /** @internal Tells the connection the server is shutting down. */
  shutdown(): void {
    this.abort.abort(new CtlClosedError('ctl server shutting down'));
    // Between commands nothing is lost by ending now; a running command may finish.
    if (this.idle) this.socket.end();
  }

  /** @internal Greets the client, then runs commands one after another until the end. */
  async serve(lookup: (command: string) => CtlHandler | undefined): Promise<void> {
    this.log.debug('ctl connection');
    try {
      await this.writeLine('ctlv0');
      while (!this.signal.aborted) {
        this.idle = true;
        const cmd = await this.readLine();
        this.idle = false;
        if (this.signal.aborted) break; // Shutting down: start nothing new.
        this.command = cmd;
        if (this.quiet?.has(cmd)) this.log.debug('ctl command', { cmd });
        else this.log.info('ctl command', { cmd });
        const handler = lookup(cmd);
        if (!handler) {
          this.log.info('unrecognized command', { cmd });
          await this.writeLine(unrecognizedCommandText);
        } else {
          try {
            await handler(this);
            await this.settle();
          } catch (err) {
            await this.fail(err);
          }
        }
        this.command = '';
      }
    } catch (err) {
      if (err instanceof CtlClosedError) this.log.debug('ctl connection closed', { cmd: this.command });
      else if (err instanceof CtlProtocolError) this.log.info('ctl protocol error', { cmd: this.command, err: err.message });
      else this.log.error('ctl connection failed', { cmd: this.command, err: String(err) });
    } finally {
      if (!this.socket.destroyed) this.socket.end();
    }
  }

  // The error line takes the place of whatever the client waits for next (a reply, a stream
  // chunk answer or length), so the connection stays in step for the next command.
  // Deviation (robustness): mox ends the connection after a failed command; its CLI exits on
  // the first error, so keeping the connection is invisible to it and lets a long-lived client
  // (the terminal UI) go on.
  private async fail(err: unknown): Promise<void> {
    if (err instanceof CtlClosedError || err instanceof CtlProtocolError || this.closed) throw err;
    if (err instanceof CtlRemoteError) {
      // The client reported the error itself and ended the exchange; nothing more is owed.
      this.log.debug('ctl client error', { cmd: this.command, err: err.text });
      await this.settle();
      return;
    }
    if (err instanceof CtlError) {
      this.log.debug('ctl command error', { cmd: this.command, err: err.text });
      await this.error(err.text);
      return;
    }
    this.log.error('ctl command failed', { cmd: this.command, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    await this.error(internalErrorText);
  }
}

/**
 * Serves the ctl unix socket: `new CtlServer({ path, log, handlers })`, then {@link listen}.
 * Each connection is greeted with `ctlv0` and runs commands sequentially; connections are
 * independent of each other. A stale socket file (nothing listening) is replaced, a live one
 * is refused with {@link CtlInUseError}.
 */
export class CtlServer {
  private server: Server | undefined;
  private readonly conns = new Set<CtlServerConn>();
  private readonly tasks = new Set<Promise<void>>();
  private socketId: { dev: number; ino: number } | undefined;
  private closing: Promise<void> | undefined;
  private cidCounter = 0;

  constructor(private readonly opts: CtlServerOptions) {}

  /** The socket path. */
  get path(): string {
    return this.opts.path;
  }

  /** Number of open connections (sockets not yet closed). */
  get connections(): number {
    return this.conns.size;
  }

  /**
   * Binds the socket and sets its mode. Rejects with {@link CtlInUseError} when a live
   * process listens on the path, and when the path exists but is not a socket.
   */
  async listen(): Promise<void> {
    if (this.server) throw new Error('ctl server already listening');
    const { path } = this.opts;
    await removeStale(path);
    const server = createServer((sock) => this.accept(sock));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new CtlInUseError(path) : err));
      server.listen(path, () => resolve());
    });
    server.removeAllListeners('error');
    server.on('error', (err) => this.opts.log.error('ctl listener error', { err: err.message }));
    this.server = server;
    await chmod(path, this.opts.mode ?? 0o660);
    const st = await stat(path);
    this.socketId = { dev: st.dev, ino: st.ino };
    this.opts.log.debug('ctl listening', { path });
  }

  /**
   * Stops accepting, tells connections to finish (idle ones end at once, running commands
   * see their `signal` abort), destroys whatever is still open after the grace period, and
   * removes the socket file (if it is still ours). A handler must not await this: it would
   * wait for itself until the grace period ends.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.conns) c.shutdown();
    const all = Promise.allSettled([...this.tasks]).then(() => 'done' as const);
    const grace = new AbortController();
    const timer = this.sleep(this.opts.graceMs ?? 3000, grace.signal).then(() => 'timeout' as const);
    if ((await Promise.race([all, timer])) === 'timeout') {
      this.opts.log.info('ctl connections still open after grace period, closing them', { count: this.conns.size });
      // A handler that ignores its signal may never return; only its socket is waited for.
      const open = [...this.conns];
      for (const c of open) c.destroy();
      await Promise.all(open.map((c) => c.whenClosed()));
    }
    grace.abort();
    await closed;
    await this.removeOwnSocket();
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.opts.clock) return this.opts.clock.sleep(ms, signal).catch(() => undefined);
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref();
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  // Node removes the socket file when the server closes; if it did not (or someone replaced
  // it), only a file that is still ours is removed.
  private async removeOwnSocket(): Promise<void> {
    const st = await stat(this.opts.path).catch(() => undefined);
    if (st && this.socketId && st.dev === this.socketId.dev && st.ino === this.socketId.ino) {
      await unlink(this.opts.path).catch(() => undefined);
    }
  }

  private accept(sock: Socket): void {
    if (this.closing) {
      sock.destroy();
      return;
    }
    const cid = this.opts.cids?.next() ?? ++this.cidCounter;
    const conn = new CtlServerConn(sock, cid, this.opts.log.with({ cid: cid.toString(16) }), this.opts);
    this.conns.add(conn);
    void conn.whenClosed().then(() => this.conns.delete(conn));
    const task = conn
      .serve((cmd) => this.lookup(cmd))
      .catch((err: unknown) => this.opts.log.error('ctl connection failed', { err: String(err) }))
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  private lookup(cmd: string): CtlHandler | undefined {
    const h = this.opts.handlers;
    if (h instanceof Map) return h.get(cmd);
    return Object.hasOwn(h, cmd) ? (h as { readonly [command: string]: CtlHandler })[cmd] : undefined;
  }
}

// mox removes the old socket unconditionally (its pid lock guards against a second
// instance). Deviation (safety): we first check that no live process listens on it and that
// the path is a socket at all, so a mistake in the data directory does not delete a file.
async function removeStale(path: string): Promise<void> {
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!st) return;
  if (!st.isSocket()) throw new Error(`${path} exists and is not a unix socket; not replacing it`);
  if (await listening(path)) throw new CtlInUseError(path);
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/** Whether a process accepts connections on the unix socket at `path`. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      s.destroy();
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(false);
      else reject(err);
    });
  });
}
