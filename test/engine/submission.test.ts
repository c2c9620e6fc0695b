import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from 'nodemailer';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';

const message = (to: string, subject: string) =>
  [
    'From: App <app@example.org>',
    `To: ${to}`,
    `Subject: ${subject}`,
    'Message-ID: <test-1@example.org>',
    'Date: Sat, 21 Nov 2026 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello there.',
    '..a line starting with a dot',
    '',
  ].join('\r\n');

test('nodemailer submits with AUTH PLAIN and LOGIN, with and without TLS; delivered to Inbox byte-identical after the added headers', async (t) => {
  const { engine, port } = await startLocalserve(t);
  const acc = await engine.store.account('mox');
  const cases = [
    { name: 'plain/PLAIN', port: port('submission'), secure: false, ignoreTLS: true, method: 'PLAIN' },
    { name: 'starttls/LOGIN', port: port('submission'), secure: false, ignoreTLS: false, method: 'LOGIN' },
    { name: 'tls/PLAIN', port: port('submissions'), secure: true, ignoreTLS: false, method: 'PLAIN' },
  ];
  for (const c of cases) {
    const delivered = waitDelivered(engine, 1);
    const tr = createTransport({
      host: '127.0.0.1',
      port: c.port,
      secure: c.secure,
      ignoreTLS: c.ignoreTLS,
      requireTLS: !c.ignoreTLS && !c.secure,
      auth: { user: 'mox@localhost', pass: 'moxmoxmox', method: c.method },
      tls: { rejectUnauthorized: false },
    });
    const raw = message('someone@example.com', `case ${c.name}`);
    const info = await tr.sendMail({ envelope: { from: 'app@example.org', to: ['someone@example.com'] }, raw });
    assert.match(info.response, /^250 2\.2\.0 it is done/, c.name);
    await delivered;
    tr.close();
    const inbox = acc.mailbox('Inbox')!;
    const m = acc.messages(inbox.id).at(-1)!;
    assert.equal(m.subject, `case ${c.name}`);
    const stored = (await acc.readMessage(m.id)).toString();
    // Prefix headers from delivery and submission, then exactly what was sent (dot-unstuffed).
    assert.ok(stored.endsWith(raw), `${c.name}: message body not byte-identical:\n${stored}`);
    const added = stored.slice(0, stored.length - raw.length).replace(/\r\n\t/g, ' ');
    assert.match(
      added,
      /^Delivered-To: someone@example\.com\r\nReturn-Path: <app@example\.org>\r\nAuthentication-Results: localhost \(localserve: no dns lookups, checks not run\); spf=none smtp\.mailfrom=example\.org; dkim=none; dmarc=none\r\nReceived: from localhost /,
    );
    assert.match(added, /Received: from localhost by localhost \(\[127\.0\.0\.1\]\) via tcp with ESMTPS?A id [A-Za-z0-9_-]{22}/);
    assert.match(added, /Authentication-Results: localhost; auth=pass smtp\.mailfrom=app@example\.org\r\n$/);
  }
});

test('multi-recipient submission: one queue entry per recipient, each delivered once', async (t) => {
  const { engine, port } = await startLocalserve(t);
  const acc = await engine.store.account('mox');
  const delivered = waitDelivered(engine, 3);
  const tr = createTransport({ host: '127.0.0.1', port: port('submission'), secure: false, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  const info = await tr.sendMail({ from: 'app@example.org', to: ['a@example.com', 'b@example.net'], cc: 'c@example.org', subject: 'multi', text: 'hi' });
  assert.deepEqual(info.accepted.sort(), ['a@example.com', 'b@example.net', 'c@example.org']);
  await delivered;
  tr.close();
  const rcpts = acc.messages(acc.mailbox('Inbox')!.id).map((m) => m.rcptTo).sort();
  assert.deepEqual(rcpts, ['a@example.com', 'b@example.net', 'c@example.org']);
  // Retired from the queue after delivery.
  await engine.queue.scheduler.idle();
  assert.equal(engine.queue.count(), 0);
});

test('wrong password gets 535 5.7.8 and the session continues', async (t) => {
  const { port } = await startLocalserve(t);
  const tr = createTransport({ host: '127.0.0.1', port: port('submission'), secure: false, ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'wrong' } });
  await assert.rejects(tr.verify(), (e: Error & { response?: string }) => /^535 5\.7\.8 bad user\/pass/.test(e.response ?? ''));
  tr.close();
});
