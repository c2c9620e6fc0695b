// nodemailer against localserve submission: a connection pool with concurrent sends,
// SMTPUTF8 (RFC 6531) with internationalised addresses and headers (RFC 6532), DSN options
// (RFC 3461, which mox does not offer, so nodemailer must leave them out) and 8BITMIME
// (RFC 6152).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from 'nodemailer';
import type { Engine } from '../../src/engine/index.js';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';

const auth = { user: 'mox@localhost', pass: 'moxmoxmox' };

/** Client command lines seen on the submission ports (AUTH lines are masked by the server). */
function clientLines(engine: Engine): string[] {
  const submission = new Set<number>();
  const lines: string[] = [];
  engine.bus.on('smtp.connected', (e) => {
    if (e.service !== 'smtp') submission.add(e.cid);
  });
  engine.bus.on('smtp.line', (e) => {
    if (e.dir === 'c' && submission.has(e.cid)) lines.push(e.text);
  });
  return lines;
}

async function inbox(engine: Engine) {
  const acc = await engine.store.account('mox');
  const msgs = acc.messages(acc.mailbox('Inbox')!.id);
  return { acc, msgs };
}

test('nodemailer pool (maxConnections 2): 20 concurrent sends, all delivered once, never more than 2 connections', async (t) => {
  const ls = await startLocalserve(t);
  let open = 0;
  let maxOpen = 0;
  let total = 0;
  const subCids = new Set<number>();
  ls.engine.bus.on('smtp.connected', (e) => {
    if (e.service !== 'submission') return;
    subCids.add(e.cid);
    total++;
    maxOpen = Math.max(maxOpen, ++open);
  });
  ls.engine.bus.on('smtp.disconnected', (e) => {
    if (subCids.delete(e.cid)) open--;
  });
  const lines = clientLines(ls.engine);
  const delivered = waitDelivered(ls.engine, 20, 30_000);
  const tr = createTransport({ pool: true, maxConnections: 2, maxMessages: 100, host: '127.0.0.1', port: ls.port('submission'), secure: false, ignoreTLS: true, auth });
  t.after(() => tr.close());
  const infos = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      tr.sendMail({ from: 'app@example.org', to: `user${i}@example.com`, subject: `pooled ${i}`, text: `message ${i}` }),
    ),
  );
  for (const [i, info] of infos.entries()) {
    assert.deepEqual(info.accepted, [`user${i}@example.com`]);
    assert.match(info.response, /^250 2\.2\.0 it is done/);
  }
  await delivered;
  const { msgs } = await inbox(ls.engine);
  assert.deepEqual(msgs.map((m) => m.subject).sort(), Array.from({ length: 20 }, (_, i) => `pooled ${i}`).sort());
  assert.deepEqual(msgs.map((m) => m.rcptTo).sort(), Array.from({ length: 20 }, (_, i) => `user${i}@example.com`).sort());
  assert.ok(maxOpen <= 2, `at most 2 connections at once, saw ${maxOpen}`);
  assert.ok(total >= 1 && total <= 2, `connections reused: ${total}`);
  // Pipelined: nodemailer sends MAIL, RCPT and DATA in one go after seeing PIPELINING.
  assert.equal(lines.filter((l) => /^MAIL FROM:/i.test(l)).length, 20);
});

test('nodemailer SMTPUTF8: non-ASCII localpart in the envelope, UTF-8 subject and raw UTF-8 headers arrive intact', async (t) => {
  const ls = await startLocalserve(t);
  const lines = clientLines(ls.engine);
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), secure: false, ignoreTLS: true, auth });
  t.after(() => tr.close());

  // Composed by nodemailer: the subject becomes an encoded word, the addresses stay UTF-8 in
  // the header. nodemailer does not add BODY=8BITMIME by itself, and localserve is pedantic
  // like mox's: 8-bit data without BODY=8BITMIME is refused after DATA (RFC 5321 §2.4).
  const mail = { from: 'Jöran <jöran@example.org>', to: 'δοκιμή@example.com', subject: 'Grüße ✓ 日本', text: 'Käse und Brötchen\n' };
  await assert.rejects(tr.sendMail(mail), (e: Error & { response?: string }) =>
    /^500 5\.6\.0 message with non-us-ascii requires 8bitmime extension \([A-Za-z0-9_-]{22}\)$/.test(e.response ?? ''),
  );
  let delivered = waitDelivered(ls.engine, 1);
  const info = await tr.sendMail({ ...mail, envelope: { from: 'jöran@example.org', to: ['δοκιμή@example.com'], use8BitMime: true } as never });
  assert.deepEqual(info.accepted, ['δοκιμή@example.com']);
  await delivered;
  assert.ok(
    lines.some((l) => l.startsWith('MAIL FROM:<jöran@example.org>') && / SMTPUTF8( |$)/.test(l)),
    `MAIL FROM with SMTPUTF8:\n${lines.join('\n')}`,
  );
  assert.ok(lines.includes('RCPT TO:<δοκιμή@example.com>'), lines.join('\n'));
  let { acc, msgs } = await inbox(ls.engine);
  let m = msgs.at(-1)!;
  assert.equal(m.rcptTo, 'δοκιμή@example.com');
  assert.equal(m.mailFrom, 'jöran@example.org');
  assert.equal(m.subject, 'Grüße ✓ 日本');
  let raw = (await acc.readMessage(m.id)).toString('utf8');
  assert.match(raw, /^Delivered-To: /);
  assert.match(raw, /\r\nReturn-Path: <jöran@example\.org>\r\n/);

  // Raw message with UTF-8 header fields (RFC 6532) and an 8-bit body: bytes unchanged.
  const rawMsg = [
    'From: Jöran <jöran@example.org>',
    'To: δοκιμή@example.com',
    'Subject: Grüße, raw ✓',
    'Message-ID: <utf8-raw@example.org>',
    'Date: Sat, 21 Nov 2026 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Ünïcödé bödy ✓',
    '',
  ].join('\r\n');
  delivered = waitDelivered(ls.engine, 1);
  await tr.sendMail({ envelope: { from: 'jöran@example.org', to: ['δοκιμή@example.com'], use8BitMime: true } as never, raw: rawMsg });
  await delivered;
  ({ acc, msgs } = await inbox(ls.engine));
  m = msgs.at(-1)!;
  assert.equal(m.subject, 'Grüße, raw ✓');
  raw = (await acc.readMessage(m.id)).toString('utf8');
  assert.ok(raw.endsWith(rawMsg), `stored message ends with the sent bytes:\n${raw}`);
  // The submission's Received header records the UTF-8 transaction (RFC 6531 §3.7.3).
  assert.match(raw.replace(/\r\n\t/g, ' '), /Received: from localhost by localhost \(\[127\.0\.0\.1\]\) via tcp with UTF8SMTPA id /);
});

test('nodemailer dsn options: mox offers no DSN, so no RET/ENVID/NOTIFY/ORCPT go out, and the message is delivered', async (t) => {
  const ls = await startLocalserve(t);
  const lines = clientLines(ls.engine);
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), secure: false, ignoreTLS: true, auth });
  t.after(() => tr.close());
  const delivered = waitDelivered(ls.engine, 2);
  const info = await tr.sendMail({
    from: 'app@example.org',
    to: ['a@example.com', 'b@example.com'],
    subject: 'with dsn',
    text: 'hi',
    dsn: { id: 'envid-123', return: 'headers', notify: ['failure', 'delay'], recipient: 'app@example.org' },
  });
  assert.deepEqual(info.accepted.sort(), ['a@example.com', 'b@example.com']);
  await delivered;
  const env = lines.filter((l) => /^(MAIL|RCPT) /i.test(l));
  assert.equal(env.length, 3, lines.join('\n'));
  for (const l of env) assert.doesNotMatch(l, /RET=|ENVID=|NOTIFY=|ORCPT=/i);
  const { msgs } = await inbox(ls.engine);
  assert.deepEqual(msgs.map((m) => `${m.rcptTo} ${m.subject}`).sort(), ['a@example.com with dsn', 'b@example.com with dsn']);
});

test('nodemailer BODY=8BITMIME with an 8-bit body, over STARTTLS; the body is stored byte for byte', async (t) => {
  const ls = await startLocalserve(t);
  const lines = clientLines(ls.engine);
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), secure: false, requireTLS: true, tls: { rejectUnauthorized: false }, auth });
  t.after(() => tr.close());
  // Latin-1 bytes as well as UTF-8: 8BITMIME allows any octet but NUL, CR and LF alone.
  const body = Buffer.concat([Buffer.from('Grüße aus Köln\r\n', 'utf8'), Buffer.from([0xe9, 0xe8, 0x0d, 0x0a]), Buffer.from('.leading dot\r\n')]);
  const raw = Buffer.concat([
    Buffer.from('From: app@example.org\r\nTo: rcpt@example.com\r\nSubject: eight bit\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
    body,
  ]);
  const delivered = waitDelivered(ls.engine, 1);
  await tr.sendMail({ envelope: { from: 'app@example.org', to: ['rcpt@example.com'], use8BitMime: true } as never, raw });
  await delivered;
  assert.ok(lines.some((l) => /^MAIL FROM:<app@example\.org> .*BODY=8BITMIME/.test(l)), lines.join('\n'));
  const { acc, msgs } = await inbox(ls.engine);
  const stored = await acc.readMessage(msgs.at(-1)!.id);
  assert.ok(stored.subarray(stored.length - raw.length).equals(raw), 'stored bytes end with the sent message');
  // Message-Id and Date were missing; submission added them (RFC 6409 §8.3).
  const head = stored.subarray(0, stored.length - raw.length).toString('latin1');
  assert.match(head, /\r\nMessage-Id: <[^>]+@localhost>\r\n/i);
  assert.match(head, /\r\nDate: /);
});
