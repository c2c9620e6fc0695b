import type { AccountCore } from './account-core.js';
import type { Change } from './changes.js';
import { FlagDeleted, FlagSeen } from './flags.js';
import { keywordsText, messageColumns, messageFromRow } from './rows.js';
import { StoreError, type DeliverRequest, type MessageInfo } from './types.js';

/** A delivery whose file is written and fsynced, waiting for the batch's commit. */
export interface PendingDelivery {
  id: number;
  req: DeliverRequest;
  size: number;
  summary: MessageSummary;
}

/** What the store extracts from a message at delivery (parsed once). */
export interface MessageSummary {
  parsed: string | null;
  subject: string;
  messageIdHeader: string;
}

/** Inserts a batch of delivered messages (their files are durable) in one transaction. */
export function commitDeliveries(core: AccountCore, batch: PendingDelivery[]): { info: MessageInfo; change: Change }[] {
  const { db } = core;
  return db.tx(() => {
    const out: { info: MessageInfo; change: Change }[] = [];
    const now = core.clock.now();
    let maxId = 0;
    for (const p of batch) {
      const mb = core.mailbox(p.req.mailbox);
      if (!mb) throw new StoreError('notFound', `mailbox ${p.req.mailbox} disappeared`);
      const modseq = core.nextModseq();
      const flags = p.req.flags ?? 0;
      const kw = p.req.keywords ?? [];
      const r = db
        .prepare(
          `INSERT INTO message (id, mailbox_id, uid, modseq, createseq, flags, keywords, size, received, savedate, mailfrom, rcptto, remoteip, messageid, subject, dsn, dkey, parsed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${messageColumns}`,
        )
        .get(
          // RFC 8514 §3: the save date is when the message was added to this mailbox.
          p.id, mb.id, mb.uidNext, modseq, modseq, flags, keywordsText(kw), p.size, p.req.received ?? now, now,
          p.req.mailFrom ?? '', p.req.rcptTo ?? '', p.req.remoteIp ?? '', p.summary.messageIdHeader, p.summary.subject,
          p.req.dsn ? 1 : 0, p.req.deliveryKey ?? null, p.summary.parsed,
        )!;
      db.prepare('UPDATE mailbox SET uidnext = uidnext + 1, modseq = ?, total = total + 1, unseen = unseen + ?, deleted = deleted + ?, size = size + ? WHERE id = ?').run(
        modseq,
        flags & FlagSeen ? 0 : 1,
        flags & FlagDeleted ? 1 : 0,
        p.size,
        mb.id,
      );
      const info = messageFromRow(r);
      out.push({ info, change: { kind: 'add', mailboxId: mb.id, uid: info.uid, modseq, flags, keywords: kw, messageId: info.id } });
      maxId = Math.max(maxId, p.id);
    }
    // Prepared files make ids arrive out of order: the recorded counter only goes up.
    core.reserveIds(maxId + 1);
    return out;
  });
}
