// Editing domains.conf while running: webhook settings switch without a restart; bad edits
// are refused and the old config stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDynamic, writeDynamic, type Dynamic } from '../../src/config/index.js';
import { hookReceiver } from './receiver.js';
import { recorder, webhookServer } from './setup.js';

/**
 * Rewrites domains.conf as an editor with atomic saves does: a new file renamed over the old
 * one. `from` is the text to start from (default: the file).
 */
function edit(dir: string, change: (d: Dynamic) => void, from?: string): void {
  const path = join(dir, 'domains.conf');
  const d = parseDynamic(from ?? readFileSync(path, 'utf8'));
  change(d);
  writeFileSync(`${path}.tmp`, writeDynamic(d));
  renameSync(`${path}.tmp`, path);
}

type Acc = { OutgoingWebhook?: { URL: string; Authorization?: string; Events?: string[] }; IncomingWebhook?: { URL: string } };
const mox = (d: Dynamic) => (d.Accounts as unknown as Record<string, Acc>).mox!;

test('domains.conf edits while running: new webhook URL and Events apply, a bad edit is refused', async (t) => {
  const s = await webhookServer(t, { incoming: false });
  const rx2 = await hookReceiver(t);
  const reloaded = recorder(s.engine.bus, 'engine.configReloaded');
  const retired = recorder(s.engine.bus, 'webhook.retired');

  const [a] = await s.send('a@example.com');
  await retired.wait((e) => e.event === 'delivered');
  assert.equal(s.outFor(a!).length, 1);

  // Atomic save (rename): picked up, the next hook goes to the new URL.
  edit(s.dir, (d) => {
    mox(d).OutgoingWebhook = { URL: rx2.url('/new'), Authorization: 'Bearer t0ken' };
  });
  assert.deepEqual(await reloaded.wait(), { ok: true });
  const [b] = await s.send('b@example.com');
  await rx2.wait(1);
  assert.equal(rx2.got[0]!.json.QueueMsgID, b);
  assert.equal(rx2.got[0]!.headers.authorization, 'Bearer t0ken');
  assert.equal(s.outFor(b!).length, 0);

  // A broken file is refused with the problem; the current config stays in effect.
  const good = readFileSync(join(s.dir, 'domains.conf'), 'utf8');
  writeFileSync(join(s.dir, 'domains.conf'), `${good}\nNoSuchKey: 1\n`);
  const bad = await reloaded.wait((e) => !e.ok);
  assert.match(bad.error!, /domains\.conf:\d+: .*NoSuchKey/);
  assert.ok(s.sink.records.some((r) => r.level === 'error' && /refused/.test(r.msg)));
  const [c] = await s.send('c@example.com');
  await rx2.wait(2);
  assert.equal(rx2.got[1]!.json.QueueMsgID, c);

  // A config that parses but fails the checks is refused too.
  edit(s.dir, (d) => {
    mox(d).OutgoingWebhook = { URL: 'ftp://example.org/', Events: ['delivered'] };
  }, good);
  const bad2 = await reloaded.wait((e) => !e.ok && reloaded.seen.indexOf(e) > reloaded.seen.indexOf(bad));
  assert.match(bad2.error!, /must be an http or https URL/);

  // Events: only subscribed events are sent.
  edit(s.dir, (d) => {
    mox(d).OutgoingWebhook = { URL: rx2.url('/new'), Events: ['failed'] };
  });
  await reloaded.wait((e) => e.ok && reloaded.seen.indexOf(e) > reloaded.seen.indexOf(bad2));
  const [okId, failId] = await s.send(['d@example.com', 'xpermerror@example.com']);
  await rx2.wait(3);
  await s.engine.webhooks.idle();
  assert.equal(rx2.got.length, 3);
  assert.equal(rx2.got[2]!.json.QueueMsgID, failId);
  assert.equal(rx2.got[2]!.json.Event, 'failed');
  assert.ok(!s.engine.queue.hooks.retiredList().some((h) => h.queueMsgId === okId));
});
