import { ImapFlow } from 'imapflow';
import type { Logger } from '../src/log/index.js';
import { SmtpClient } from '../src/smtpclient/index.js';

/**
 * Submit → visible over IMAP: one message at a time, from the start of the SMTP transaction
 * until an IMAP session in IDLE on the Inbox gets "* n EXISTS" for it.
 */
export async function imapLatency(o: { submission: number; imap: number; count: number; log: Logger }): Promise<{ p50: number; p99: number; max: number }> {
  const imap = new ImapFlow({ host: '127.0.0.1', port: o.imap, secure: false, doSTARTTLS: false, auth: { user: 'mox@localhost', pass: 'moxmoxmox' }, logger: false });
  await imap.connect();
  const lock = await imap.getMailboxLock('INBOX');
  let waiter: ((n: number) => void) | undefined;
  imap.on('exists', (e: { count: number }) => waiter?.(e.count));
  let exists = (imap.mailbox as { exists: number }).exists;
  const idle = imap.idle();
  const smtp = await SmtpClient.connect({
    host: '127.0.0.1',
    port: o.submission,
    ehloName: 'bench.example',
    startTls: 'none',
    verifyCert: false,
    timeoutMs: 60_000,
    log: o.log,
    auth: { username: 'mox@localhost', password: 'moxmoxmox' },
  });
  const times: number[] = [];
  for (let i = 0; i < o.count; i++) {
    const data = Buffer.from(`From: bench@example.org\r\nTo: rcpt@example.com\r\nSubject: latency ${i}\r\n\r\n${'x'.repeat(1900)}\r\n`);
    const target = exists + 1;
    const seen = new Promise<void>((resolve) => {
      waiter = (n) => {
        if (n >= target) resolve();
      };
    });
    const t0 = performance.now();
    await smtp.deliver({ mailFrom: 'bench@example.org', rcpts: ['rcpt@example.com'], data: [data], has8bit: false, smtputf8: false, requireTls: false });
    await seen;
    times.push(performance.now() - t0);
    exists = target;
  }
  await smtp.close();
  lock.release();
  void idle;
  await imap.logout();
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: q(0.5), p99: q(0.99), max: times[times.length - 1]! };
}
