/**
 * The terminal UI of `mox localserve` and `mox tui` (Ink + React): live SMTP and IMAP
 * sessions with transcripts, the queue with actions, webhooks, simulated failures, the
 * inbox and the log. Loaded lazily by the CLI only when stdout is a terminal, so other
 * commands never pay for Ink. Reaches the engine only through an {@link EngineClient}:
 * in-process ({@link inProcessClient}) or attached over the ctl socket
 * ({@link attachClient}). No RFC applies. Layer L5 (face).
 */
import { render } from 'ink';
import type { EngineClient } from '../src/index.js';
import { App } from './app.js';

export { App, type AppProps } from './app.js';
export { inProcessClient, type InProcessOptions } from './client/in-process.js';
export { attachClient, type AttachOptions } from './client/ctl.js';

/** Options for {@link runTui}. */
export interface RunTuiOptions {
  client: EngineClient;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Most renders per second (default 15). */
  fps?: number;
  /** Ends the UI when it settles (e.g. the server was stopped with `mox stop`). */
  until?: Promise<unknown>;
}

const altScreenOn = '\x1b[?1049h\x1b[H';
const altScreenOff = '\x1b[?1049l';

/**
 * Runs the UI full-screen (alternate screen, restored after) until the user quits, then
 * closes the client: in-process that stops the server, attached it detaches. Resolves after
 * the client is closed.
 */
export async function runTui(opts: RunTuiOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const fps = opts.fps ?? 15;
  stdout.write(altScreenOn);
  let quit!: () => void;
  const quitted = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const instance = render(<App client={opts.client} onQuit={() => quit()} fps={fps} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: fps,
  });
  // Ctrl-C reaches us as a key (raw mode), or as SIGINT/SIGTERM from outside.
  const onSignal = () => quit();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await Promise.race([quitted, instance.waitUntilExit(), ...(opts.until ? [opts.until] : [])]);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    instance.unmount();
    stdout.write(altScreenOff);
  }
  await opts.client.close();
}
