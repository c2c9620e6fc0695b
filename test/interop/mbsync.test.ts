import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { startLocalserve, waitDelivered } from '../helpers/localserve.js';
import { have } from '../helpers/tools.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const skip = !have('mbsync') ? 'mbsync (isync) not installed' : false;

/** Maildir file names of a folder (cur and new). */
function files(dir: string): string[] {
  return ['cur', 'new'].flatMap((d) => readdirSync(join(dir, d)).map((f) => join(d, f)));
}

test('mbsync syncs the account both ways: pull, local flag/delete/new message pushed, server changes pulled, no errors', { skip }, async (t) => {
  const ls = await startLocalserve(t);
  const delivered = waitDelivered(ls.engine, 3);
  const tr = createTransport({ host: '127.0.0.1', port: ls.port('smtp'), ignoreTLS: true });
  for (const i of [1, 2, 3]) await tr.sendMail({ from: 'app@example.org', to: 'mox@localhost', subject: `sync ${i}`, text: `message ${i}` });
  tr.close();
  await delivered;

  const dir = tempDir(t);
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  const rc = join(dir, 'mbsyncrc');
  writeFileSync(
    rc,
    [
      'IMAPAccount mox',
      'Host 127.0.0.1',
      `Port ${ls.port('imap')}`,
      'User mox@localhost',
      'Pass moxmoxmox',
      'SSLType None',
      'AuthMechs LOGIN',
      '',
      'IMAPStore remote',
      'Account mox',
      '',
      'MaildirStore local',
      `Path ${mail}/`,
      `Inbox ${mail}/INBOX`,
      'SubFolders Verbatim',
      '',
      'Channel mox',
      'Far :remote:',
      'Near :local:',
      'Patterns *',
      'Create Both',
      'Expunge Both',
      'SyncState *',
      'Sync All',
      '',
    ].join('\n'),
  );
  const sync = async () => {
    const r = await run('mbsync', ['-c', rc, '-a'], { timeout: 30_000 });
    assert.doesNotMatch(r.stderr, /error|fail/i, r.stderr);
    return r;
  };

  // Pull: three messages and the default mailboxes.
  await sync();
  const inbox = join(mail, 'INBOX');
  let local = files(inbox);
  assert.equal(local.length, 3);
  for (const m of ['Sent', 'Trash', 'Drafts', 'Archive', 'Junk']) assert.ok(readdirSync(mail).includes(m), m);

  // Local changes: flag one (Maildir info ":2,F"), delete one, add one.
  const [a, b] = local.sort();
  renameSync(join(inbox, a!), join(inbox, a!.replace(/^new\//, 'cur/').replace(/(:2,[A-Z]*)?$/, ':2,F')));
  unlinkSync(join(inbox, b!));
  writeFileSync(join(inbox, 'new', `${Date.now()}.local.mbsync`), 'From: me@example.org\r\nSubject: written locally\r\n\r\nhello from the maildir\r\n');
  await sync();

  const c = new ImapFlow({ host: '127.0.0.1', port: ls.port('imap'), secure: false, doSTARTTLS: false, auth: { user: 'mox@localhost', pass: 'moxmoxmox' }, logger: false });
  await c.connect();
  t.after(() => c.logout().catch(() => undefined));
  await c.mailboxOpen('INBOX');
  const msgs: { uid: number; flags: Set<string>; subject: string }[] = [];
  for await (const m of c.fetch('1:*', { uid: true, flags: true, envelope: true })) msgs.push({ uid: m.uid, flags: m.flags ?? new Set(), subject: m.envelope?.subject ?? '' });
  assert.equal(msgs.length, 3, JSON.stringify(msgs));
  assert.ok(msgs.some((m) => m.subject === 'written locally'));
  assert.equal(msgs.filter((m) => m.flags.has('\\Flagged')).length, 1);

  // Server-side changes come back: a flag and an expunge.
  const plain = msgs.find((m) => m.subject.startsWith('sync') && !m.flags.has('\\Flagged'))!;
  await c.messageFlagsAdd(String(plain.uid), ['\\Seen'], { uid: true });
  const flagged = msgs.find((m) => m.flags.has('\\Flagged'))!;
  await c.messageDelete(String(flagged.uid), { uid: true });
  await sync();
  local = files(inbox);
  assert.equal(local.length, 2);
  assert.equal(local.filter((f) => /:2,[A-Z]*S/.test(f)).length, 1, local.join('\n'));
  // A second run has nothing left to do and still no errors.
  await sync();
  assert.equal(files(inbox).length, 2);
});
