import { createConnection, type Socket } from 'node:net';
import { CtlConn, type CtlConnOptions } from './conn.js';
import { CtlClosedError, CtlNotRunningError, CtlProtocolError } from './errors.js';

/** The greeting a ctl server sends first; mox's CLI refuses anything else. */
export const ctlVersionLine = 'ctlv0';

/** Options for {@link CtlClient.connect}. */
export interface CtlClientOptions extends CtlConnOptions {
  /** Gives up connecting (and waiting for the greeting) when aborted. */
  signal?: AbortSignal;
}

/**
 * The CLI side of the ctl socket (mox's `xctl()`): connects, checks the `ctlv0` greeting,
 * then offers the framing helpers of {@link CtlConn} plus {@link call} for the common
 * "command, parameters, `ok`" exchange. A command's error line surfaces as
 * {@link CtlRemoteError} with the server's text.
 */
export class CtlClient extends CtlConn {
  /** The socket path this client is connected to. */
  readonly path: string;

  private constructor(socket: Socket, path: string, opts: CtlConnOptions) {
    super(socket, opts);
    this.path = path;
  }

  /**
   * Connects to the running instance's ctl socket. Rejects with {@link CtlNotRunningError}
   * when no instance listens there, and with {@link CtlProtocolError} when the greeting is not
   * `ctlv0`.
   */
  static async connect(path: string, opts: CtlClientOptions = {}): Promise<CtlClient> {
    const socket = await dial(path, opts.signal);
    const client = new CtlClient(socket, path, opts);
    const onAbort = () => client.destroy();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const version = await client.readLine();
      if (version !== ctlVersionLine) {
        client.destroy();
        throw new CtlProtocolError(`ctl protocol mismatch, got ${JSON.stringify(version)}, expected ${ctlVersionLine}`);
      }
    } catch (err) {
      client.destroy();
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (err instanceof CtlClosedError) throw new CtlNotRunningError(path, { cause: err });
      throw err;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    return client;
  }

  /**
   * Sends a command with its parameter lines and waits for `ok`; an error line throws
   * {@link CtlRemoteError}. For commands that reply with more (a count, a stream), use the
   * helpers after this or instead of it.
   */
  async call(command: string, params: readonly string[] = []): Promise<void> {
    await this.send(command, params);
    await this.readOk();
  }

  /** Sends a command line and its parameter lines without reading a reply. */
  async send(command: string, params: readonly string[] = []): Promise<void> {
    await this.writeLine(command);
    for (const p of params) await this.writeLine(p);
  }
}

/** Opens the unix socket; a missing socket or a refused connection means no instance runs. */
function dial(path: string, signal: AbortSignal | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const socket = createConnection({ path, signal });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (signal?.aborted) reject(signal.reason);
      else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new CtlNotRunningError(path, { cause: err }));
      else reject(new Error(`connecting to control socket at ${JSON.stringify(path)}: ${err.message}`, { cause: err }));
    });
  });
}
