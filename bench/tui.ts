// The terminal UI under load: `mox localserve` with its UI in a tmux pane (free ports), 2000
// messages offered at 200/s (then 4000 at 300/s) over 10 pooled SMTP connections, while view
// keys are pressed; reports the rate the server took and how long each key took to show on
// the screen (tmux capture-pane). Needs tmux; skipped without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

const root = join(import.meta.dirname, '..');
const session = `moxbench${process.pid}`;
const capture = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session]).toString();
// The column header line of the current view (the 4th screen line) differs per view.
const viewLine = (screen: string) => screen.split('\n')[3];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilScreen(what: string, ok: (s: string) => boolean, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = capture();
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`tui bench: timeout waiting for ${what}:\n${s}`);
    await sleep(50);
  }
}

async function round(port: number, n: number, rate: number): Promise<void> {
  const t = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 10, maxMessages: Infinity });
  const t0 = performance.now();
  let end = 0;
  const sending = (async () => {
    const ps: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      // No digits at the end of the localpart: "…4xx"/"…5xx" would ask for a simulated failure.
      ps.push(t.sendMail({ from: 'load@example.org', to: `u${i}x@example.org`, subject: `load ${i}`, text: 'x'.repeat(1000) }));
    }
    await Promise.all(ps);
    end = performance.now();
  })();
  const lat: number[] = [];
  for (let i = 0; performance.now() - t0 < (n / rate) * 1000 - 800; i++) {
    await sleep(500);
    const before = viewLine(capture());
    const ts = performance.now();
    execFileSync('tmux', ['send-keys', '-t', session, ['2', '5', '1', '4'][i % 4]!]);
    while (viewLine(capture()) === before && performance.now() - ts < 5000) await sleep(5);
    lat.push(performance.now() - ts);
  }
  await sending;
  t.close();
  lat.sort((a, b) => a - b);
  const took = (end - t0) / 1000;
  console.log(
    `TUI with ${n} messages offered at ${rate}/s over 10 connections: taken at ${(n / took).toFixed(0)}/s; ` +
      `key → screen over ${lat.length} view switches: median ${lat[Math.floor(lat.length / 2)]!.toFixed(0)} ms, max ${lat.at(-1)!.toFixed(0)} ms`,
  );
}

export async function tuiBench(tmp: string): Promise<void> {
  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.log('TUI bench skipped: tmux is not installed');
    return;
  }
  const dir = join(tmp, 'tui');
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '35', `${process.execPath} ${join(root, 'bin', 'mox.js')} localserve -dir ${dir} -ports 0`]);
  try {
    const screen = await untilScreen('the UI', (s) => /smtp:\d+/.test(s));
    const port = Number(/smtp:(\d+)/.exec(screen)![1]);
    await round(port, 2000, 200);
    await round(port, 4000, 300);
    execFileSync('tmux', ['send-keys', '-t', session, 'q']);
    for (let i = 0; i < 100 && spawnSync('tmux', ['has-session', '-t', session]).status === 0; i++) await sleep(100);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
}
