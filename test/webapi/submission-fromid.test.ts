// FromIDs for SMTP submission, as mox: a login listed in FromIDLoginAddresses gets a unique
// MAIL FROM per recipient (webhooks and incoming DSNs refer to it), or brings its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { QueueAdmin } from '../../src/queue/index.js';
import type { Engine } from '../../src/engine/index.js';
import { password, user, webapiServer } from './harness.js';

type Server = Awaited<ReturnType<typeof webapiServer>>;

/** Resolves once `n` more queue messages have been retired. */
function retired(engine: Engine, n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = engine.bus.on('queue.retired', () => {
      if (++seen === n) {
        off();
        resolve();
      }
    });
  });
}

function submit(s: Server, from: string, to: string[]) {
  return nodemailer
    .createTransport({ host: '127.0.0.1', port: s.port('submission'), auth: { user, pass: password }, tls: { rejectUnauthorized: false } })
    .sendMail({ envelope: { from, to }, from: user, to, subject: 'fromid over smtp', text: 'x' });
}

test('SMTP submission with a FromIDLoginAddress: a generated FromID per recipient, or the one in MAIL FROM', async (t) => {
  const s = await webapiServer(t, { accountConf: ['FromIDLoginAddresses:', `\t- ${user}`] });
  const admin = new QueueAdmin(s.engine.queue);

  const retiring = retired(s.engine, 2);
  await submit(s, user, ['one@example.com', 'two@example.com']);
  await retiring;
  const all = admin.retiredList({}, { asc: true });
  assert.equal(all.length, 2);
  const [a, b] = all as [(typeof all)[0], (typeof all)[0]];
  assert.match(a.fromId, /^[A-Za-z0-9_-]{22}$/);
  assert.match(b.fromId, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a.fromId, b.fromId);
  for (const m of all) assert.equal(m.senderLocalpart, `mox+${m.fromId}`);
  const acc = await s.engine.store.account('mox');
  const stored = acc.messages(acc.mailbox('Inbox')!.id);
  assert.deepEqual(stored.map((m) => m.mailFrom).sort(), [`mox+${a.fromId}@localhost`, `mox+${b.fromId}@localhost`].sort());

  // A fromid chosen by the submitter is kept; it must be unused, and for one recipient.
  const chosen = retired(s.engine, 1);
  await submit(s, 'mox+order-17@localhost', ['three@example.com']);
  await chosen;
  assert.ok(admin.retiredList().some((m) => m.fromId === 'order-17' && m.senderLocalpart === 'mox+order-17'));
  await assert.rejects(submit(s, 'mox+order-17@localhost', ['four@example.com']), (e: { responseCode?: number; response?: string }) => {
    assert.equal(e.responseCode, 554);
    assert.match(e.response ?? '', /5\.1\.7 bad fromid/);
    return true;
  });
  await assert.rejects(submit(s, 'mox+order-18@localhost', ['five@example.com', 'six@example.com']), (e: { responseCode?: number; response?: string }) => {
    assert.equal(e.responseCode, 554);
    assert.match(e.response ?? '', /5\.5\.3 cannot send to multiple recipients with chosen fromid/);
    return true;
  });
});

test('SMTP submission without FromIDLoginAddresses keeps MAIL FROM as given', async (t) => {
  const s = await webapiServer(t, { accountConf: ['FullName: No FromID'] });
  const done = retired(s.engine, 1);
  await submit(s, 'mox+tag@localhost', ['one@example.com']);
  await done;
  const m = new QueueAdmin(s.engine.queue).retiredList()[0]!;
  assert.equal(m.fromId, '');
  assert.equal(m.senderLocalpart, 'mox+tag');
});
