// The example app: starts the webhook receiver, starts `mox localserve` pointed at it (a
// temporary data dir, free ports), sends two messages through the webapi, one that is
// delivered and one that the queue fails on purpose, and prints every webhook it receives.
// Exits 0 once it has seen "delivered", "failed" and the incoming message, 1 on timeout.
//
//   node examples/webhook-receiver/app.mjs
//
// MOX can name the command that runs mox (default: this checkout's bin/mox.js; in your own
// project: "npx mox").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, send, startReceiver } from './receiver.mjs';

const timeoutMs = Number(process.env.TIMEOUT_MS ?? 30_000);
const mox = process.env.MOX ? process.env.MOX.split(' ') : [process.execPath, fileURLToPath(new URL('../../bin/mox.js', import.meta.url))];

const want = new Set(['delivered', 'failed', 'incoming']);
let done;
const finished = new Promise((resolve) => (done = resolve));
const receiver = await startReceiver({
  onHook: (h) => {
    console.log(describe(h));
    want.delete(h.kind === 'incoming' ? 'incoming' : h.payload.Event);
    if (want.size === 0) done(true);
  },
});

const dir = mkdtempSync(join(tmpdir(), 'mox-webhook-example-'));
const server = spawn(mox[0], [...mox.slice(1), 'localserve', '-dir', dir, '-ports', '0', '-no-tui', '-webhook-outgoing', receiver.outgoingUrl, '-webhook-incoming', receiver.incomingUrl], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
const exited = new Promise((resolve) => server.on('exit', resolve));
const cleanup = async () => {
  server.kill('SIGTERM');
  await exited;
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
};

let ok = false;
const serverOutput = [];
try {
  // localserve prints its URLs at startup; with -ports 0 the ports are chosen then.
  // Its output is kept and shown only if something goes wrong.
  const webapi = await new Promise((resolve, reject) => {
    for (const input of [server.stdout, server.stderr]) {
      createInterface({ input }).on('line', (l) => {
        serverOutput.push(l);
        const m = /^\s*(http:\/\/localhost:\d+\/webapi\/)/.exec(l);
        if (m) resolve(new URL('v0/', m[1]).href);
      });
    }
    server.on('exit', (code) => reject(new Error(`mox localserve exited with ${code}`)));
  });
  console.log(`mox localserve is up, webapi at ${webapi}`);

  const base = { From: [{ Name: 'Example app', Address: 'mox@localhost' }], Text: 'Hello from the webhook example.\n' };
  const a = await send(webapi, 'mox@localhost', 'moxmoxmox', { ...base, To: [{ Address: 'customer@example.org' }], Subject: 'Your order', Extra: { orderid: '123' } });
  console.log(`sent "Your order": queue message ${a.Submissions[0].QueueMsgID}`);
  // localserve: a localpart starting with "queue" and ending in "permerror" is accepted at
  // submission and fails in the queue, which produces a "failed" webhook.
  const b = await send(webapi, 'mox@localhost', 'moxmoxmox', { ...base, To: [{ Address: 'queuepermerror@example.org' }], Subject: 'Bounce me', Extra: { orderid: '124' } });
  console.log(`sent "Bounce me": queue message ${b.Submissions[0].QueueMsgID}`);

  ok = await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, timeoutMs, false))]);
  console.log(ok ? 'all expected webhooks received' : `timeout: still waiting for ${[...want].join(', ')}`);
} catch (err) {
  console.error(`error: ${err.message}`);
} finally {
  if (!ok) console.error(`mox localserve output:\n${serverOutput.join('\n')}`);
  await cleanup();
}
process.exit(ok ? 0 : 1);
