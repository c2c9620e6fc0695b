// examples/webhook-receiver runs as a user would run it: it starts mox localserve, sends
// through the webapi and must print the delivered, failed and incoming webhooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

test('examples/webhook-receiver: send through the webapi, receive delivered, failed and incoming webhooks', async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [join(root, 'examples', 'webhook-receiver', 'app.mjs')], { timeout: 120_000, env: { ...process.env, TIMEOUT_MS: '60000' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  assert.equal(code, 0, `stdout:\n${stdout}\nstderr:\n${stderr}`);
  assert.match(stdout, /^incoming +webhook \d+: message from mox@localhost to customer@example\.org subject "Your order" \(mailbox Inbox\)$/m);
  assert.match(stdout, /^outgoing +webhook \d+: delivered queue message 1 extra \{"orderid":"123"\} smtp 250/m);
  assert.match(stdout, /^outgoing +webhook \d+: failed queue message 2 extra \{"orderid":"124"\} smtp 550 5\.0\.0 error ".*special localpart/m);
  assert.match(stdout, /^all expected webhooks received$/m);
});
