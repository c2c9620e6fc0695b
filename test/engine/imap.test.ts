import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { startLocalserve } from '../helpers/localserve.js';

function client(port: number, secure = false) {
  return new ImapFlow({ host: '127.0.0.1', port, secure, auth: { user: 'mox@localhost', pass: 'moxmoxmox' }, logger: false, tls: { rejectUnauthorized: false } });
}

test('imapflow: mailboxes as mox creates them; IDLE sees a submitted message; FETCH returns it; UIDs survive a restart', async (t) => {
  const ls = await startLocalserve(t);
  const c = client(ls.port('imap'));
  await c.connect();
  t.after(() => c.logout().catch(() => undefined));
  const boxes = await c.list();
  const special = Object.fromEntries(boxes.map((b) => [b.path, b.specialUse ?? '']));
  assert.deepEqual(special, { Archive: '\\Archive', Drafts: '\\Drafts', INBOX: '\\Inbox', Junk: '\\Junk', Rejects: '', Sent: '\\Sent', Trash: '\\Trash' });
  const lock = await c.getMailboxLock('INBOX');
  const mb = c.mailbox as { uidValidity: bigint; uidNext: number; exists: number };
  const uidValidity = mb.uidValidity;
  assert.equal(mb.exists, 0);
  const exists = new Promise<number>((resolve) => c.on('exists', (e: { count: number }) => resolve(e.count)));
  const idle = c.idle();
  const raw = 'From: app@example.org\r\nTo: someone@example.com\r\nSubject: over imap\r\nMessage-ID: <imap-1@example.org>\r\n\r\nbody text\r\n';
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('submission'), ignoreTLS: true, auth: { user: 'mox@localhost', pass: 'moxmoxmox' } });
  await tr.sendMail({ envelope: { from: 'app@example.org', to: ['someone@example.com'] }, raw });
  tr.close();
  assert.equal(await exists, 1);
  // The next command ends the IDLE.
  const msg = await c.fetchOne('1', { envelope: true, bodyStructure: true, source: true, flags: true, uid: true, size: true });
  assert.ok(msg && msg.envelope && msg.bodyStructure && msg.source);
  await idle;
  assert.equal(msg.envelope.subject, 'over imap');
  assert.equal(msg.envelope.messageId, '<imap-1@example.org>');
  assert.equal(msg.bodyStructure.type, 'text/plain');
  assert.ok(msg.source.toString().endsWith(raw));
  assert.equal(msg.size, msg.source.length);
  assert.equal(msg.uid, 1);
  const found = await c.search({ subject: 'over imap' });
  assert.deepEqual(found, [1]);
  await c.messageFlagsAdd('1', ['\\Seen']);
  assert.deepEqual(await c.search({ seen: false }), []);
  lock.release();
  await c.logout();

  // Restart on the same directory: UIDVALIDITY and UIDNEXT are kept.
  await ls.engine.stop();
  const again = await startLocalserve(t, { dir: ls.dir });
  const c2 = client(again.port('imaps'), true);
  await c2.connect();
  const st = await c2.status('INBOX', { uidValidity: true, uidNext: true, messages: true, unseen: true });
  assert.ok(st);
  assert.equal(st.uidValidity, uidValidity);
  assert.equal(st.uidNext, 2);
  assert.equal(st.messages, 1);
  assert.equal(st.unseen, 0);
  await c2.logout();
});
