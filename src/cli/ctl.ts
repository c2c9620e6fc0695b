import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, parseStatic } from '../config/index.js';
import { CtlClient, CtlClosedError, CtlNotRunningError, CtlProtocolError, CtlRemoteError } from '../ctl/index.js';
import { fatal, type GlobalOptions } from './util.js';

/** The config file the CLI talks about: -config, else $MOXCONF, else config/mox.conf (mox). */
export function configPath(g: GlobalOptions): string {
  return g.config || 'config/mox.conf';
}

/**
 * The ctl socket of the instance a mox.conf belongs to: `<DataDir>/ctl`, with a relative
 * DataDir taken from mox.conf's directory. Only mox.conf is read (no file checks, no
 * domains.conf), so this works while the instance runs with any config.
 */
export async function ctlSocketPath(config: string): Promise<string> {
  const file = resolve(config);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') fatal(`no running mox instance: config file ${file} does not exist (start mox serve or mox localserve, or use -config or MOXCONF)`);
    fatal(`reading config file ${file}: ${e.message}`);
  }
  let dataDir: string;
  try {
    dataDir = parseStatic(text, file).DataDir;
  } catch (err) {
    if (err instanceof ConfigError) fatal(`parsing config file: ${err.message}`);
    throw err;
  }
  return join(resolve(dirname(file), dataDir), 'ctl');
}

/**
 * Connects to the running instance named by the global -config flag and runs `fn` with the
 * connection, which is closed after. Failures end the process as mox's CLI does: one line on
 * stderr and exit code 1. With nothing listening, the line says so and how to fix it.
 */
export async function withCtl<T>(g: GlobalOptions, fn: (c: CtlClient) => Promise<T>): Promise<T> {
  const path = await ctlSocketPath(configPath(g));
  let c: CtlClient;
  try {
    c = await CtlClient.connect(path);
  } catch (err) {
    if (err instanceof CtlNotRunningError) fatal(`no running mox instance: ${path} (start mox serve or mox localserve, or use -config)`);
    fatal((err as Error).message);
  }
  try {
    const r = await fn(c);
    await c.close();
    return r;
  } catch (err) {
    c.destroy();
    if (err instanceof CtlRemoteError) fatal(err.text);
    if (err instanceof CtlClosedError) fatal('connection to mox closed before the command completed');
    if (err instanceof CtlProtocolError) fatal(err.message);
    throw err;
  }
}

/** Copies a data stream from the server to stdout (mox's io.Copy to os.Stdout). */
export async function streamToStdout(c: CtlClient): Promise<void> {
  // A reader that went away (`mox queue list | head`) ends us quietly, as SIGPIPE does in Go.
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    fatal(`writing to stdout: ${err.message}`);
  };
  // Kept after the copy: the error of a late write arrives asynchronously.
  process.stdout.once('error', onError);
  for await (const chunk of c.readStream()) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}

/**
 * Sends a command, then expects `ok` and a count line (the queue commands that change
 * messages); returns the count as the server wrote it.
 */
export async function callCount(c: CtlClient, command: string, params: readonly string[]): Promise<string> {
  await c.call(command, params);
  return c.readLine();
}
