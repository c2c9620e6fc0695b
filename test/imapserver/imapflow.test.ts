// imapflow (a real IMAP client) end to end: STARTTLS, login, list, select, fetch, search,
// flags, IDLE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapFlow } from 'imapflow';
import { message, PASS, startServer, USER } from './helpers.js';

const withAttachment = [
  'From: Alice <alice@example.org>',
  'To: mox@localhost',
  'Subject: with attachment',
  'Date: Tue, 3 Jan 2006 10:00:00 +0100',
  'Message-ID: <att@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="xx"',
  '',
  '--xx',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'see attached',
  '--xx',
  'Content-Type: application/pdf; name="a.pdf"',
  'Content-Disposition: attachment; filename="a.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 fake').toString('base64'),
  '--xx--',
  '',
].join('\r\n');

test('imapflow: login over STARTTLS, list, select, fetch envelope/bodystructure/source, search, flags, idle', async (t) => {
  const srv = await startServer(t, { requireTlsForAuth: true });
  await srv.deliver(message(1));
  await srv.deliver(withAttachment);
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: srv.port,
    secure: false,
    auth: { user: USER, pass: PASS },
    tls: { rejectUnauthorized: false },
    logger: false,
  });
  t.after(() => client.close());
  await client.connect();
  assert.ok(client.secureConnection, 'upgraded with STARTTLS');

  const boxes = await client.list();
  const byPath = new Map(boxes.map((b) => [b.path, b]));
  assert.ok(byPath.has('INBOX') || byPath.has('Inbox'));
  assert.equal(byPath.get('Sent')?.specialUse, '\\Sent');
  assert.equal(byPath.get('Trash')?.specialUse, '\\Trash');

  const status = await client.status('INBOX', { messages: true, unseen: true, uidNext: true });
  assert.ok(status);
  assert.equal(status.messages, 2);
  assert.equal(status.unseen, 2);

  const mb = await client.mailboxOpen('INBOX');
  assert.equal(mb.exists, 2);

  const first = await client.fetchOne('1', { envelope: true, bodyStructure: true, source: true, flags: true, uid: true, internalDate: true, size: true });
  assert.ok(first);
  assert.equal(first.uid, 1);
  assert.equal(first.envelope?.subject, 'message 1');
  assert.equal(first.envelope?.from?.[0]?.address, 'alice@example.org');
  assert.equal(first.envelope?.from?.[0]?.name, 'Alice');
  assert.equal(first.envelope?.messageId, '<m1@example.org>');
  assert.match(first.source!.toString(), /^From: Alice <alice@example.org>\r\n/);
  assert.equal(first.size, first.source!.length);
  assert.equal(first.bodyStructure?.type, 'text/plain');

  const second = await client.fetchOne('2', { bodyStructure: true, headers: ['subject'] });
  assert.ok(second);
  assert.equal(second.bodyStructure?.type, 'multipart/mixed');
  const att = second.bodyStructure?.childNodes?.[1];
  assert.equal(att?.type, 'application/pdf');
  assert.equal(att?.disposition, 'attachment');
  assert.equal(att?.dispositionParameters?.filename, 'a.pdf');
  assert.match(second.headers!.toString(), /^Subject: with attachment/i);

  const { content } = await client.download('2', '2');
  assert.ok(content);
  const chunks: Buffer[] = [];
  for await (const ch of content) chunks.push(ch as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), '%PDF-1.4 fake');

  assert.deepEqual(await client.search({ subject: 'attachment' }), [2]);
  assert.deepEqual(await client.search({ from: 'alice' }, { uid: true }), [1, 2]);
  assert.deepEqual(await client.search({ seen: false }), [1, 2]);

  assert.ok(await client.messageFlagsAdd('1', ['\\Seen', '\\Flagged']));
  const f = await client.fetchOne('1', { flags: true });
  assert.ok(f && f.flags?.has('\\Seen') && f.flags.has('\\Flagged'));
  assert.deepEqual(await client.search({ flagged: true }), [1]);
  assert.ok(await client.messageFlagsRemove('1', ['\\Flagged']));
  assert.deepEqual(await client.search({ flagged: true }), []);

  // IDLE: a delivery shows up as an "exists" event.
  const exists = new Promise<number>((resolve) => client.on('exists', (d: { count: number }) => resolve(d.count)));
  const idling = client.idle();
  await srv.deliver(message(3));
  assert.equal(await exists, 3);
  await client.noop();
  await idling;

  await client.logout();
});

test('imapflow: create, append, copy, move, rename, delete mailboxes', async (t) => {
  const srv = await startServer(t);
  const client = new ImapFlow({ host: '127.0.0.1', port: srv.port, secure: false, auth: { user: USER, pass: PASS }, tls: { rejectUnauthorized: false }, logger: false });
  t.after(() => client.close());
  await client.connect();
  const created = await client.mailboxCreate(['Projects', 'Alpha']);
  assert.equal(created.path, 'Projects/Alpha');
  const appended = await client.append('Projects/Alpha', Buffer.from(message(1).replace(/\n/g, '\r\n')), ['\\Seen'], new Date(Date.UTC(2022, 5, 1)));
  assert.ok(appended);
  assert.equal(appended.uid, 1);
  assert.ok(appended.uidValidity);
  await client.mailboxOpen('Projects/Alpha');
  const copied = await client.messageCopy('1', 'Archive');
  assert.ok(copied);
  assert.equal(copied.uidMap?.get(1), 1);
  const moved = await client.messageMove('1', 'Trash');
  assert.ok(moved);
  assert.equal(moved.uidMap?.get(1), 1);
  assert.equal(client.mailbox && client.mailbox.exists, 0);
  await client.mailboxClose();
  const renamed = await client.mailboxRename('Projects', 'Done');
  assert.equal(renamed.newPath, 'Done');
  const boxes = (await client.list()).map((b) => b.path);
  assert.ok(boxes.includes('Done/Alpha'));
  await client.mailboxDelete('Done/Alpha');
  await client.mailboxDelete('Done');
  assert.ok(!(await client.list()).some((b) => b.path.startsWith('Done')));
  const trash = await client.status('Trash', { messages: true });
  assert.ok(trash && trash.messages === 1);
  await client.logout();
});
