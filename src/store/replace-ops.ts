// Replacing a message in one step for IMAP REPLACE (RFC 8508 §3): the new message is added
// (possibly to another mailbox) and the old one removed in one transaction, with one modseq,
// so no other session ever sees both or neither. Durability order as for APPEND: the new
// file and its directory are fsynced before the commit; the old file is removed once the
// commit is on stable storage.
import { unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, writeSynced } from '../io/index.js';
import type { AccountCore } from './account-core.js';
import type { Change } from './changes.js';
import { FlagDeleted, FlagSeen } from './flags.js';
import type { AppendItem } from './message-ops.js';
import { keywordsText, messageColumns, messageFromRow } from './rows.js';
import { summarizeMessage } from './summary.js';
import { StoreError, type MessageInfo } from './types.js';

/** The outcome of a replace: the removed message and the added one (both at `modseq`). */
export interface ReplaceResult {
  old: MessageInfo;
  added: MessageInfo;
  modseq: number;
}

const insertSql = `INSERT INTO message (id, mailbox_id, uid, modseq, createseq, flags, keywords, size, received, savedate, mailfrom, rcptto, remoteip, messageid, subject, dsn, dkey, parsed)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?, ?, 0, NULL, ?) RETURNING ${messageColumns}`;

/**
 * Removes message `oldUid` from mailbox `srcId` and adds `item` to mailbox `dstId` (which may
 * be the same) atomically. Resolves with null, changing nothing, when the old message no
 * longer exists (expunged meanwhile). The old message is removed whatever its flags.
 */
export async function replaceMessage(core: AccountCore, srcId: number, oldUid: number, dstId: number, item: AppendItem, origin?: unknown): Promise<ReplaceResult | null> {
  if (!core.mailboxById(srcId) || !core.mailboxById(dstId)) throw new StoreError('notFound', 'no such mailbox');
  const id = core.allocateId();
  const path = core.messageFile(id);
  const summary = summarizeMessage(item.data);
  let committed = false;
  try {
    const size = await writeSynced(path, [item.data]);
    await fsyncDir(dirname(path));
    const r = core.db.tx(() => {
      const src = core.mailboxById(srcId);
      const dst = core.mailboxById(dstId);
      if (!src || !dst) throw new StoreError('notFound', 'no such mailbox');
      const row = core.db.prepare(`SELECT ${messageColumns} FROM message WHERE mailbox_id = ? AND uid = ?`).get(srcId, oldUid);
      if (!row) return null;
      const old = messageFromRow(row);
      const modseq = core.nextModseq();
      const now = core.clock.now();
      core.db.prepare('DELETE FROM message WHERE id = ?').run(old.id);
      // Tombstone for QRESYNC (RFC 7162 §3.2.10: VANISHED needs expunged UIDs with their modseq).
      core.db.prepare('INSERT OR REPLACE INTO message_expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)').run(srcId, oldUid, modseq);
      core.db
        .prepare('UPDATE mailbox SET modseq = ?, total = total - 1, unseen = unseen - ?, deleted = deleted - ?, size = size - ? WHERE id = ?')
        .run(modseq, old.flags & FlagSeen ? 0 : 1, old.flags & FlagDeleted ? 1 : 0, old.size, srcId);
      // Re-read: when source and destination are the same mailbox, its counts just changed.
      const uid = core.mailboxById(dstId)!.uidNext;
      const flags = item.flags ?? 0;
      const added = messageFromRow(
        core.db
          .prepare(insertSql)
          .get(id, dstId, uid, modseq, modseq, flags, keywordsText(item.keywords ?? []), size, item.received ?? now, now, summary.messageIdHeader, summary.subject, summary.parsed)!,
      );
      core.db
        .prepare('UPDATE mailbox SET uidnext = uidnext + 1, modseq = ?, total = total + 1, unseen = unseen + ?, deleted = deleted + ?, size = size + ? WHERE id = ?')
        .run(modseq, flags & FlagSeen ? 0 : 1, flags & FlagDeleted ? 1 : 0, size, dstId);
      core.reserveIds(id + 1);
      return { old, added, modseq };
    });
    if (!r) return null;
    committed = true;
    const changes: Change[] = [
      { kind: 'remove', mailboxId: srcId, uids: [oldUid], modseq: r.modseq },
      { kind: 'add', mailboxId: dstId, uid: r.added.uid, modseq: r.modseq, flags: r.added.flags, keywords: r.added.keywords, messageId: r.added.id },
    ];
    core.publish(changes, origin);
    await core.db.durable();
    await unlink(core.messageFile(r.old.id)).catch(() => undefined);
    return r;
  } finally {
    if (!committed) await unlink(path).catch(() => undefined);
  }
}
