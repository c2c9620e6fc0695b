// Account.replaceMessage (IMAP REPLACE, RFC 8508) and save dates (RFC 8514).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ManualClock } from '../../src/clock/index.js';
import { Store, parseFlags, type Change } from '../../src/store/index.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/tmp.js';

const msg = (s: string) => Buffer.from(`Subject: ${s}\r\n\r\nbody ${s}\r\n`);

test('replaceMessage: atomic remove + add with one modseq, counts, files, changes; null when gone', async (t) => {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const d = testDeps({ clock });
  const store = new Store({ dataDir: tempDir(t), clock, bus: d.bus, log: d.log });
  t.after(() => store.close());
  const acc = await store.account('mox');
  const old = await acc.deliver({ mailbox: 'Inbox', data: [msg('old')] });
  assert.equal(old.savedate, clock.now(), 'deliveries get a save date');
  await acc.deliver({ mailbox: 'Inbox', data: [msg('other')] });
  const inbox = acc.mailbox('Inbox')!;
  const drafts = acc.mailbox('Drafts')!;
  const changes: Change[] = [];
  acc.subscribe((c) => changes.push(...c));
  await clock.advance(60_000);

  const r = await acc.replaceMessage(inbox.id, old.uid, drafts.id, { data: msg('new'), flags: parseFlags(['\\Seen']).bits, received: 5 });
  assert.ok(r);
  assert.equal(r.old.id, old.id);
  assert.equal(r.added.uid, 1);
  assert.equal(r.added.mailboxId, drafts.id);
  assert.equal(r.added.savedate, clock.now());
  assert.equal(r.added.received, 5);
  assert.equal(r.added.subject, 'new');
  assert.equal(r.added.modseq, r.modseq);
  assert.equal(readFileSync(acc.messageFile(r.added.id), 'utf8'), msg('new').toString());
  assert.equal(existsSync(acc.messageFile(old.id)), false, 'old file removed');
  assert.equal(acc.messageByUid(inbox.id, old.uid), undefined);
  const ib = acc.mailbox('Inbox')!;
  const dr = acc.mailbox('Drafts')!;
  assert.deepEqual([ib.total, ib.unseen, ib.modseq], [1, 1, r.modseq]);
  assert.deepEqual([dr.total, dr.unseen, dr.uidNext, dr.modseq, dr.size], [1, 0, 2, r.modseq, msg('new').length]);
  await acc.durable();
  assert.deepEqual(
    changes.map((c) => [c.kind, 'mailboxId' in c ? c.mailboxId : 0]),
    [['remove', inbox.id], ['add', drafts.id]],
  );

  // Within one mailbox: the new UID is the next one.
  const r2 = await acc.replaceMessage(drafts.id, 1, drafts.id, { data: msg('newer') });
  assert.ok(r2);
  assert.equal(r2.added.uid, 2);
  assert.deepEqual([acc.mailbox('Drafts')!.total, acc.mailbox('Drafts')!.unseen], [1, 1]);

  // The old message is gone: nothing changes, the new file is not left behind.
  const before = acc.mailbox('Drafts')!;
  assert.equal(await acc.replaceMessage(drafts.id, 1, drafts.id, { data: msg('x') }), null);
  assert.deepEqual(acc.mailbox('Drafts')!, before);
});
