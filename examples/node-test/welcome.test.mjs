// node --test examples/node-test/welcome.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalserve } from 'mox-ts';
import { sendWelcome } from './app.mjs';

let mox;
before(async () => (mox = await startLocalserve()));
after(() => mox.close());

test('signing up sends a welcome mail with the terms attached', async () => {
  const smtp = { host: mox.host, port: mox.ports.submission, user: mox.credentials.username, pass: mox.credentials.password };
  await sendWelcome(smtp, 'alice@example.org');
  const msg = await mox.waitForMessage({ to: 'alice@example.org', subject: 'Welcome!' });
  assert.match(msg.text, /Thanks for signing up/);
  assert.equal(msg.from[0].address, 'shop@example.org');
  assert.equal(msg.attachments[0].filename, 'terms.txt');
});

test('a bounce is visible in the retired queue', async () => {
  const smtp = { host: mox.host, port: mox.ports.submission, user: mox.credentials.username, pass: mox.credentials.password };
  // Recipients whose localpart starts with "queue" and ends in "permerror" fail in the queue with 550.
  const failed = mox.waitForEvent('queue.retired', (e) => !e.success);
  await sendWelcome(smtp, 'queue-permerror@example.org');
  const e = await failed;
  const retired = mox.retired().find((m) => m.id === e.msgId);
  assert.equal(retired.results.at(-1).code, 550);
});
