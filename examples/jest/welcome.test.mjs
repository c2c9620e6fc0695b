// NODE_OPTIONS=--experimental-vm-modules npx jest examples/jest
// Jest globals (describe, test, expect, beforeAll, afterAll); ESM needs the flag above.
import { startLocalserve } from 'mox-ts';
import { sendWelcome } from './app.mjs';

let mox;
beforeAll(async () => {
  mox = await startLocalserve();
});
afterAll(() => mox.close());

beforeEach(() => mox.clear());

describe('welcome mail', () => {
  test('is sent on sign-up', async () => {
    const smtp = { host: mox.host, port: mox.ports.submission, user: mox.credentials.username, pass: mox.credentials.password };
    await sendWelcome(smtp, 'carol@example.org');
    const msg = await mox.waitForMessage({ to: 'carol@example.org', subject: 'Welcome!' });
    expect(msg.subject).toBe('Welcome!');
    expect(msg.to).toEqual([{ name: '', address: 'carol@example.org' }]);
  });

  test('is held while the queue is on hold', async () => {
    const smtp = { host: mox.host, port: mox.ports.submission, user: mox.credentials.username, pass: mox.credentials.password };
    await mox.holdAll();
    await sendWelcome(smtp, 'dave@example.org');
    expect(mox.queue()).toHaveLength(1);
    expect(await mox.messages()).toHaveLength(0);
    await mox.release();
    const msg = await mox.waitForMessage({ to: 'dave@example.org' });
    expect(msg.subject).toBe('Welcome!');
  });
});
