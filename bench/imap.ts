// IMAP benches: APPEND throughput, SELECT/FETCH/SEARCH on a 100,000-message mailbox, and
// 1000 concurrent IDLE sessions (memory, delivery fan-out latency). The big mailbox is built
// once through MULTIAPPEND and kept in bench/.cache (BENCH_FRESH=1 rebuilds it).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SmtpClient } from '../src/smtpclient/index.js';
import type { Logger } from '../src/log/index.js';
import { RawImap } from './imap-client.js';
import { rssMiB, startServer } from './server.js';

const BIG = Number(process.env.BENCH_IMAP_MESSAGES ?? 100_000);
const IDLERS = Number(process.env.BENCH_IDLE_CONNECTIONS ?? 1000);
const cacheDir = join(import.meta.dirname, '.cache', `imap-${BIG}`);

const words = ['invoice', 'meeting', 'report', 'release', 'travel', 'lunch', 'budget', 'security', 'update', 'welcome'];

/** A ~2 KB message with varied sender and subject, so searches have something to select. */
function message(i: number): Buffer {
  const w = words[i % words.length]!;
  const head =
    `From: "Sender ${i % 97}" <sender${i % 97}@example.org>\r\nTo: mox@localhost\r\nSubject: ${w} number ${i}\r\n` +
    `Message-ID: <bench-${i}@example.org>\r\nDate: Sat, 21 Nov 2026 12:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`;
  const line = `Line about the ${w}, message ${i}: the quick brown fox jumps over the lazy dog.\r\n`;
  return Buffer.from(head + line.repeat(Math.ceil((2048 - head.length) / line.length)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function messageCount(c: RawImap, mailbox: string): Promise<number> {
  const r = await c.cmd(`STATUS ${mailbox} (MESSAGES)`);
  return Number(/MESSAGES (\d+)/.exec(r.untagged.map(String).join(' '))?.[1] ?? 0);
}

/** Appends messages [from, to) with MULTIAPPEND batches over `conns` connections; msgs/s. */
async function fill(port: number, mailbox: string, from: number, to: number, batch: number, conns: number): Promise<number> {
  let next = from;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conns }, async () => {
      const c = await RawImap.login(port);
      for (;;) {
        const first = next;
        if (first >= to) break;
        next = Math.min(to, first + batch);
        const parts: (string | Buffer)[] = [`APPEND ${mailbox}`];
        for (let i = first; i < next; i++) parts.push(i % 3 === 0 ? ' (\\Seen) ' : ' ', message(i));
        const r = await c.cmd(...parts);
        if (r.status !== 'OK') throw new Error(`APPEND: ${r.status}`);
      }
      c.close();
    }),
  );
  return (to - from) / ((performance.now() - t0) / 1000);
}

export async function imapBench(tmp: string, log: Logger): Promise<void> {
  // APPEND throughput on a fresh data dir: single APPENDs, then MULTIAPPEND batches.
  {
    const s = await startServer(join(tmp, 'append'));
    try {
      const c = await RawImap.login(s.ports.imap);
      await c.cmd('CREATE Single');
      await c.cmd('CREATE Multi');
      c.close();
      const single = await fill(s.ports.imap, 'Single', 0, 2000, 1, 4);
      console.log(`IMAP APPEND, one message per command, 4 connections: ${single.toFixed(0)} msgs/s`);
      const multi = await fill(s.ports.imap, 'Multi', 0, 5000, 100, 4);
      console.log(`IMAP MULTIAPPEND, 100 messages per command, 4 connections: ${multi.toFixed(0)} msgs/s`);
    } finally {
      await s.stop();
    }
  }

  await idleBench(join(tmp, 'idle'), log);

  // The big mailbox.
  if (process.env.BENCH_FRESH) rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(join(cacheDir, '..'), { recursive: true });
  const s = await startServer(cacheDir);
  try {
    const c = await RawImap.login(s.ports.imap);
    let have = await messageCount(c, 'Big');
    if (have === 0) await c.cmd('CREATE Big'); // NO when it exists: fine.
    if (have < BIG) {
      console.log(`building a ${BIG}-message mailbox (kept in bench/.cache)...`);
      const rate = await fill(s.ports.imap, 'Big', have, BIG, 500, 4);
      console.log(`  MULTIAPPEND, 500 per command, 4 connections: ${rate.toFixed(0)} msgs/s`);
      have = await messageCount(c, 'Big');
    }
    const sel: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await c.cmd('SELECT Big');
      if (r.status !== 'OK') throw new Error('SELECT failed');
      sel.push(r.ms);
    }
    console.log(`SELECT of the ${have}-message mailbox: median ${median(sel).toFixed(1)} ms (5 runs)`);
    const runs = async (what: string, cmd: string, expect: (r: { untagged: Buffer[] }) => number) => {
      const times: number[] = [];
      let n = 0;
      for (let i = 0; i < 5; i++) {
        const r = await c.cmd(cmd);
        if (r.status !== 'OK') throw new Error(`${cmd}: ${r.status}`);
        times.push(r.ms);
        n = expect(r);
      }
      console.log(`${what}: median ${median(times).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms (5 runs, ${n} results)`);
    };
    const fetches = (r: { untagged: Buffer[] }) => r.untagged.filter((l) => / FETCH /.test(l.toString('latin1', 0, 40))).length;
    const hits = (r: { untagged: Buffer[] }) => {
      const l = r.untagged.find((x) => x.toString('latin1', 0, 9) === '* SEARCH' || x.toString('latin1', 0, 9) === '* ESEARCH');
      if (!l) return 0;
      const t = l.toString('latin1');
      const count = /COUNT (\d+)/.exec(t);
      return count ? Number(count[1]) : t.split(' ').length - 2;
    };
    await runs('FETCH 1000 ENVELOPE (newest 1000)', `FETCH ${Math.max(1, have - 999)}:* (UID FLAGS ENVELOPE)`, fetches);
    await runs('FETCH 1000 ENVELOPE (oldest 1000)', `FETCH 1:${Math.min(1000, have)} (UID FLAGS ENVELOPE)`, fetches);
    await runs('FETCH 1000 BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)]', `FETCH ${Math.max(1, have - 999)}:* (UID BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)])`, fetches);
    await runs('FETCH 1:* (UID FLAGS) over the whole mailbox', 'FETCH 1:* (UID FLAGS)', fetches);
    await runs('SEARCH UNSEEN (flags only)', 'SEARCH RETURN (COUNT) UNSEEN', hits);
    await runs('SEARCH SUBJECT "invoice" (headers)', 'SEARCH RETURN (COUNT) SUBJECT "invoice"', hits);
    await runs('SEARCH FROM "sender42" (headers)', 'SEARCH RETURN (COUNT) FROM "sender42"', hits);
    await runs('SEARCH BODY "message 99999" (every message body)', 'SEARCH RETURN (COUNT) BODY "message 99999"', hits);
    await c.cmd('LOGOUT');
    c.close();
  } finally {
    await s.stop();
  }
}

/**
 * IDLERS sessions SELECT the Inbox and IDLE; one message is delivered over SMTP and the time
 * until every session has seen its EXISTS is measured. Memory is the server's RSS.
 */
async function idleBench(dir: string, log: Logger): Promise<void> {
  const s = await startServer(dir);
  const sessions: RawImap[] = [];
  try {
    // Warm up: one connection through LOGIN/SELECT, so lazy initialisation is not counted.
    const w = await RawImap.login(s.ports.imap);
    await w.cmd('SELECT INBOX');
    w.close();
    await new Promise((r) => setTimeout(r, 200));
    const before = rssMiB(s.pid);
    const seen: number[] = [];
    let target = 0;
    let t0 = 0;
    let all: () => void = () => undefined;
    const done = new Promise<void>((r) => (all = r));
    for (let i = 0; i < IDLERS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, IDLERS - i) }, async () => {
          const c = await RawImap.login(s.ports.imap);
          const r = await c.cmd('SELECT INBOX');
          if (r.status !== 'OK') throw new Error('SELECT failed');
          let got = false;
          await c.idle((line) => {
            const m = /^\* (\d+) EXISTS/.exec(line.toString('latin1'));
            if (!got && m && Number(m[1]) >= target && target > 0) {
              got = true;
              seen.push(performance.now() - t0);
              if (seen.length === IDLERS) all();
            }
          });
          sessions.push(c);
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = rssMiB(s.pid);
    console.log(
      `${IDLERS} IDLE sessions: server RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MiB (${(((after - before) * 1024) / IDLERS).toFixed(0)} KiB per session)`,
    );
    const smtp = await SmtpClient.connect({ host: '127.0.0.1', port: s.ports.smtp, ehloName: 'bench.example', startTls: 'none', verifyCert: false, timeoutMs: 60_000, log });
    target = 1;
    const data = Buffer.from('From: a@example.org\r\nTo: mox@localhost\r\nSubject: to all idlers\r\n\r\nhello\r\n');
    const sent = performance.now();
    t0 = sent;
    await smtp.deliver({ mailFrom: 'a@example.org', rcpts: ['mox@localhost'], data: [data], has8bit: false, smtputf8: false, requireTls: false });
    const acked = performance.now() - sent;
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
    seen.sort((a, b) => a - b);
    const q = (p: number) => seen[Math.min(seen.length - 1, Math.floor(p * seen.length))] ?? NaN;
    console.log(
      `delivery -> EXISTS in all ${IDLERS} IDLE sessions (from the start of the SMTP transaction; 250 after ${acked.toFixed(1)} ms): ` +
        `${seen.length}/${IDLERS} reached, first ${q(0).toFixed(1)} ms, p50 ${q(0.5).toFixed(1)} ms, last ${(seen[seen.length - 1] ?? NaN).toFixed(1)} ms`,
    );
    await smtp.close();
  } finally {
    for (const c of sessions) c.close();
    await s.stop();
  }
}
