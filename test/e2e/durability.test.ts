import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, initLocalserveDir } from '../../src/engine/index.js';
import { MemorySink } from '../../src/log/index.js';
import { bannerPorts, runMox } from '../helpers/cli.js';
import { SmtpScript } from '../helpers/smtp-script.js';
import { tempDir } from '../helpers/tmp.js';

const authPlain = Buffer.from('\0mox@localhost\0moxmoxmox').toString('base64');

/** Submits messages on one connection until the server goes away; returns the acknowledged subjects. */
async function submitter(t: Parameters<typeof SmtpScript.open>[0], port: number, subjects: string[], acked: Set<string>): Promise<void> {
  const c = await SmtpScript.open(t, port);
  try {
    await c.reply();
    c.send('EHLO client.example');
    await c.reply();
    c.send('AUTH PLAIN ' + authPlain);
    await c.expect(/^235 /);
    for (const s of subjects) {
      c.write(['MAIL FROM:<app@example.org>', 'RCPT TO:<user@example.com>', 'DATA', ''].join('\r\n'));
      await c.expect(/^250 /);
      await c.expect(/^250 /);
      await c.expect(/^354 /);
      c.write(`From: app@example.org\r\nTo: user@example.com\r\nSubject: ${s}\r\nMessage-ID: <${s}@example.org>\r\n\r\n${'x'.repeat(1900)}\r\n.\r\n`);
      await c.expect(/^250 2\.2\.0 /);
      acked.add(s);
    }
  } catch {
    // The server was killed.
  }
}

test('SIGKILL during 200 submissions: after restart every acknowledged message is in the queue or the Inbox, none twice', async (t) => {
  const dir = join(tempDir(t), 'ls');
  await initLocalserveDir(dir, { now: Date.now(), uid: 0 });
  const p = runMox(t, ['localserve', '-dir', dir, '-ports', '0', '-no-tui', '-loglevel', 'error']);
  await p.waitStderr(/serving from/);
  const port = bannerPorts(p.stderr()).submission;
  const subjects = Array.from({ length: 200 }, (_, i) => `durable-${i}`);
  const acked = new Set<string>();
  const conns = [0, 1, 2, 3].map((k) => submitter(t, port, subjects.filter((_, i) => i % 4 === k), acked));
  // Kill once a good share is acknowledged, while submissions and deliveries are in flight.
  await new Promise<void>((resolve) => {
    const iv = setInterval(() => {
      if (acked.size >= 80) {
        clearInterval(iv);
        resolve();
      }
    }, 1);
  });
  p.proc.kill('SIGKILL');
  await p.exited;
  await Promise.all(conns);
  const ackedNow = new Set(acked);
  assert.ok(ackedNow.size >= 80 && ackedNow.size < 200, `acked ${ackedNow.size}`);

  // Restart in-process and let the queue finish what is due.
  const engine = await Engine.start({ configPath: join(dir, 'mox.conf'), profile: 'localserve', ports: 'free', logSinks: [new MemorySink()] });
  t.after(() => engine.stop());
  for (;;) {
    await engine.queue.scheduler.idle();
    const due = engine.queue.list().filter((m) => !m.hold && m.nextAttempt <= engine.clock.now());
    if (due.length === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const acc = await engine.store.account('mox');
  const inbox = acc.messages(acc.mailbox('Inbox')!.id).map((m) => m.subject);
  const queued = engine.queue.list().map((m) => m.subject);
  const count = new Map<string, number>();
  for (const s of [...inbox, ...queued]) count.set(s, (count.get(s) ?? 0) + 1);
  for (const s of ackedNow) assert.equal(count.get(s), 1, `${s}: in inbox ${inbox.filter((x) => x === s).length}, in queue ${queued.filter((x) => x === s).length}`);
  for (const [s, n] of count) assert.equal(n, 1, `${s} stored ${n} times`);
});
