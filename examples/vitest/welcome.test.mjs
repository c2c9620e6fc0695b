// npx vitest run examples/vitest
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startLocalserve } from 'mox-ts';
import { sendWelcome } from './app.mjs';

describe('welcome mail', () => {
  let mox;
  beforeAll(async () => {
    mox = await startLocalserve({ clock: 'manual' });
  });
  afterAll(() => mox.close());

  it('is sent on sign-up', async () => {
    const smtp = { host: mox.host, port: mox.ports.submission, user: mox.credentials.username, pass: mox.credentials.password };
    await sendWelcome(smtp, 'bob@example.org');
    const msg = await mox.waitForMessage({ to: 'bob@example.org', subject: 'Welcome!' });
    expect(msg.html).toContain('Thanks for signing up');
    expect(msg.attachments).toHaveLength(1);
  });

  it('is retried after a temporary failure, without sleeping', async () => {
    const smtp = { host: mox.host, port: mox.ports.submission, user: mox.credentials.username, pass: mox.credentials.password };
    // "queue…temperror": each delivery attempt gets 451; the queue retries with backoff.
    const delayed = mox.waitForEvent('queue.attempted', (e) => e.outcome === 'delayed');
    await sendWelcome(smtp, 'queue-temperror@example.org');
    const first = await delayed;
    const retry = mox.waitForEvent('queue.attempted', (e) => e.msgId === first.msgId && e.attempt === 2);
    await mox.advanceClock(first.nextAttempt - mox.now()); // jump to the retry
    expect((await retry).code).toBe(451);
  });
});
