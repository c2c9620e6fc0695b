// `npm run bench`: measures a `mox localserve` process from the outside, as users run it.
// Figures: submission and incoming SMTP throughput (2000 messages of ~2 KB over 4 persistent
// connections, fsync on, as every run), time until all submitted messages are delivered
// through the queue, and submit → visible-over-IMAP latency. Not a test: no assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { SmtpClient } from '../src/smtpclient/index.js';
import { LogRouter } from '../src/log/index.js';
import { imapLatency } from './latency.js';
import { imapBench } from './imap.js';
import { tuiBench } from './tui.js';
import { metric, startServer } from './server.js';

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
const CONNS = 4;
const log = new LogRouter({ level: 'error', now: Date.now }).logger('bench');

function message(i: number): Buffer {
  const head = `From: bench@example.org\r\nTo: rcpt@example.com\r\nSubject: bench ${i}\r\nMessage-ID: <bench-${i}-${Date.now()}@example.org>\r\nDate: Sat, 21 Nov 2026 12:00:00 +0000\r\n\r\n`;
  const line = 'The quick brown fox jumps over the lazy dog, again and again and again.\r\n';
  return Buffer.from(head + line.repeat(Math.ceil((2048 - head.length) / line.length)));
}

/** Sends N messages over CONNS connections; returns messages per second. */
async function throughput(port: number, auth: boolean, tls = false): Promise<number> {
  const msgs = Array.from({ length: N }, (_, i) => message(i));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const c = await SmtpClient.connect({
        host: '127.0.0.1',
        port,
        ehloName: 'bench.example',
        startTls: tls ? 'required' : 'none',
        verifyCert: false,
        timeoutMs: 60_000,
        log,
        auth: auth ? { username: 'mox@localhost', password: 'moxmoxmox' } : undefined,
      });
      for (let i = next++; i < N; i = next++) {
        const r = await c.deliver({ mailFrom: 'bench@example.org', rcpts: ['rcpt@example.com'], data: [msgs[i]!], has8bit: false, smtputf8: false, requireTls: false });
        if (r.rcpts[0]!.error) throw r.rcpts[0]!.error;
      }
      await c.close();
    }),
  );
  return N / ((performance.now() - start) / 1000);
}

async function smtpBench(dir: string): Promise<void> {
  {
    const s = await startServer(join(dir, 'ls'));
    try {
    console.log(`SMTP: ${N} messages of ~2 KB, ${CONNS} connections`);
    const incoming = await throughput(s.ports.smtp, false);
    console.log(`incoming SMTP (port 1025 role) ingest:   ${incoming.toFixed(0)} msgs/s`);
    const incomingTls = await throughput(s.ports.smtp, false, true);
    console.log(`incoming SMTP with STARTTLS:             ${incomingTls.toFixed(0)} msgs/s`);
    const deliveredBefore = await metric(s.ports.metrics, 'mox_store_messages_delivered_total');
    const t0 = performance.now();
    const submission = await throughput(s.ports.submission, true);
    console.log(`submission (AUTH PLAIN) into the queue:  ${submission.toFixed(0)} msgs/s`);
    const submissionTls = await throughput(s.ports.submission, true, true);
    console.log(`submission with STARTTLS into the queue: ${submissionTls.toFixed(0)} msgs/s`);
    for (;;) {
      const d = (await metric(s.ports.metrics, 'mox_store_messages_delivered_total')) - deliveredBefore;
      if (d >= 2 * N) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const e2e = (2 * N) / ((performance.now() - t0) / 1000);
    console.log(`submission -> queue -> loopback SMTP -> Inbox, all ${2 * N} delivered: ${e2e.toFixed(0)} msgs/s`);
    if (s.ports.imap) {
      const lat = await imapLatency({ submission: s.ports.submission, imap: s.ports.imap, count: 200, log });
      console.log(`submit -> visible over IMAP IDLE latency (200 sequential): p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms, max ${lat.max.toFixed(1)} ms`);
    }
    } finally {
      await s.stop();
    }
  }
}

/** `npm run bench [smtp] [imap] [tui]`: all benches by default. */
async function main(): Promise<void> {
  const which = process.argv.slice(2);
  const want = (x: string) => which.length === 0 || which.includes(x);
  const dir = mkdtempSync(join(tmpdir(), 'moxts-bench-'));
  try {
    console.log(`mox-ts bench: node ${process.version}, ${cpus().length} cpus, fsync on`);
    if (want('smtp')) await smtpBench(dir);
    if (want('imap')) await imapBench(dir, log);
    if (want('tui')) await tuiBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
