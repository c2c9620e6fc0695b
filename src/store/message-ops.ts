// Adding messages for IMAP APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502) and copying or
// moving them between mailboxes (COPY RFC 9051 §6.4.7, MOVE RFC 6851), returning the new
// UIDs for UIDPLUS (RFC 4315). Durability order as for deliveries: files written and fsynced
// (with their directories) before the rows commit; changes are published after the commit.
import { copyFile, link, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDir, fsyncDir, fsyncPath, writeSynced } from '../io/index.js';
import type { AccountCore } from './account-core.js';
import type { Change } from './changes.js';
import { FlagDeleted, FlagSeen } from './flags.js';
import { recount } from './mailbox-ops.js';
import { recordExpunged } from './resync.js';
import { keywordsText, messageColumns, messageFromRow } from './rows.js';
import { summarizeMessage } from './summary.js';
import { StoreError, type MailboxInfo, type MessageInfo } from './types.js';

/** One message to append. */
export interface AppendItem {
  data: Buffer;
  /** Flag bits (see FlagBits). */
  flags?: number;
  /** Keywords, lowercase. */
  keywords?: string[];
  /** Internal date, ms since epoch; default now. */
  received?: number;
}

/** A copied or moved message: its UID in the source and in the destination mailbox. */
export interface UidPair {
  srcUid: number;
  dstUid: number;
}

const insertSql = `INSERT INTO message (id, mailbox_id, uid, modseq, createseq, flags, keywords, size, received, savedate, mailfrom, rcptto, remoteip, messageid, subject, dsn, dkey, parsed)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING ${messageColumns}`;

function needMailbox(core: AccountCore, id: number): MailboxInfo {
  const mb = core.mailboxById(id);
  if (!mb) throw new StoreError('notFound', 'no such mailbox');
  return mb;
}

/**
 * Refuses additions that would take the account's total message size past `quota` bytes (0
 * or undefined: no limit), as mox's QuotaMessageSize; call inside the transaction.
 */
function needQuota(core: AccountCore, quota: number | undefined, adding: number): void {
  if (!quota || quota <= 0) return;
  const used = Number(core.db.prepare('SELECT coalesce(sum(size), 0) AS n FROM mailbox').get()!.n);
  if (used + adding > quota) throw new StoreError('overQuota', `account over maximum total message size ${quota}`);
}

function bumpCounts(core: AccountCore, mailboxId: number, modseq: number, added: MessageInfo[]): void {
  let unseen = 0;
  let deleted = 0;
  let size = 0;
  for (const m of added) {
    if (!(m.flags & FlagSeen)) unseen++;
    if (m.flags & FlagDeleted) deleted++;
    size += m.size;
  }
  core.db
    .prepare('UPDATE mailbox SET uidnext = uidnext + ?, modseq = ?, total = total + ?, unseen = unseen + ?, deleted = deleted + ?, size = size + ? WHERE id = ?')
    .run(added.length, modseq, added.length, unseen, deleted, size, mailboxId);
}

function addChanges(mailboxId: number, added: MessageInfo[]): Change[] {
  return added.map((m) => ({ kind: 'add', mailboxId, uid: m.uid, modseq: m.modseq, flags: m.flags, keywords: m.keywords, messageId: m.id }));
}

async function syncDirs(paths: string[]): Promise<void> {
  await Promise.all([...new Set(paths.map((p) => dirname(p)))].map((d) => fsyncDir(d)));
}

/** Appends messages to a mailbox in one transaction; resolves with them, in order. */
export async function appendMessages(core: AccountCore, mailboxId: number, items: AppendItem[], origin?: unknown, quota?: number): Promise<MessageInfo[]> {
  needMailbox(core, mailboxId);
  const now = core.clock.now();
  const pending = items.map((it) => ({ it, id: core.allocateId(), summary: summarizeMessage(it.data) }));
  const paths = pending.map((p) => core.messageFile(p.id));
  try {
    const sizes = await Promise.all(pending.map((p, i) => writeSynced(paths[i]!, [p.it.data])));
    await syncDirs(paths);
    const added = core.db.tx(() => {
      const mb = needMailbox(core, mailboxId);
      needQuota(core, quota, sizes.reduce((a, b) => a + b, 0));
      const modseq = core.nextModseq();
      const out = pending.map((p, i) => {
        const kw = p.it.keywords ?? [];
        const r = core.db
          .prepare(insertSql)
          .get(p.id, mailboxId, mb.uidNext + i, modseq, modseq, p.it.flags ?? 0, keywordsText(kw), sizes[i]!, p.it.received ?? now, now, '', '', '', p.summary.messageIdHeader, p.summary.subject, 0, p.summary.parsed)!;
        return messageFromRow(r);
      });
      bumpCounts(core, mailboxId, modseq, out);
      core.reserveIds(Math.max(...pending.map((p) => p.id)) + 1);
      return out;
    });
    // Appended messages are often fetched right away.
    for (const p of pending) core.cacheMessage(p.id, p.it.data);
    core.publish(addChanges(mailboxId, added), origin);
    return added;
  } catch (e) {
    await Promise.all(paths.map((p) => unlink(p).catch(() => undefined)));
    throw e;
  }
}

/** Hard-links (or copies) a message file; false when the source is gone (expunged meanwhile). */
async function linkFile(src: string, dst: string): Promise<boolean> {
  await ensureDir(dirname(dst));
  try {
    await link(src, dst);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    await copyFile(src, dst);
    await fsyncPath(dst);
    return true;
  }
}

function sourceRows(core: AccountCore, srcId: number, uids: readonly number[]): MessageInfo[] {
  const want = new Set(uids);
  if (uids.length === 0) return [];
  const lo = Math.min(...uids);
  const hi = Math.max(...uids);
  return core.db
    .prepare(`SELECT ${messageColumns} FROM message WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid`)
    .all(srcId, lo, hi)
    .map(messageFromRow)
    .filter((m) => want.has(m.uid));
}

/**
 * Copies messages (by UID) to another mailbox, keeping flags, keywords and internal date.
 * Files are hard-linked when possible. UIDs that no longer exist are skipped.
 */
export async function copyMessages(
  core: AccountCore,
  srcId: number,
  uids: readonly number[],
  dstId: number,
  origin?: unknown,
  quota?: number,
): Promise<UidPair[]> {
  needMailbox(core, srcId);
  needMailbox(core, dstId);
  const src = sourceRows(core, srcId, uids);
  const plan: { m: MessageInfo; id: number; path: string }[] = [];
  for (const m of src) {
    const id = core.allocateId();
    const path = core.messageFile(id);
    if (await linkFile(core.messageFile(m.id), path)) plan.push({ m, id, path });
  }
  if (plan.length === 0) return [];
  try {
    await syncDirs(plan.map((p) => p.path));
    const now = core.clock.now();
    const added = core.db.tx(() => {
      const mb = needMailbox(core, dstId);
      needQuota(core, quota, plan.reduce((a, p) => a + p.m.size, 0));
      const modseq = core.nextModseq();
      const out = plan.map((p, i) => {
        const m = p.m;
        const r = core.db
          .prepare(insertSql)
          .get(p.id, dstId, mb.uidNext + i, modseq, modseq, m.flags, keywordsText(m.keywords), m.size, m.received, now, m.mailFrom, m.rcptTo, m.remoteIp, m.messageIdHeader, m.subject, m.dsn ? 1 : 0, m.parsed)!;
        return messageFromRow(r);
      });
      bumpCounts(core, dstId, modseq, out);
      core.reserveIds(Math.max(...plan.map((p) => p.id)) + 1);
      return out;
    });
    core.publish(addChanges(dstId, added), origin);
    return plan.map((p, i) => ({ srcUid: p.m.uid, dstUid: added[i]!.uid }));
  } catch (e) {
    await Promise.all(plan.map((p) => unlink(p.path).catch(() => undefined)));
    throw e;
  }
}

/**
 * Moves messages (by UID) to another mailbox in one transaction: they get new UIDs there and
 * keep their files (RFC 6851 §3.3: the source sees them expunged).
 */
export function moveMessages(core: AccountCore, srcId: number, uids: readonly number[], dstId: number, origin?: unknown): UidPair[] {
  const r = core.db.tx(() => {
    needMailbox(core, srcId);
    const mb = needMailbox(core, dstId);
    const src = sourceRows(core, srcId, uids);
    if (src.length === 0) return undefined;
    const modseq = core.nextModseq();
    const now = core.clock.now();
    const moved = src.map((m, i) => {
      const row = core.db
        .prepare(`UPDATE message SET mailbox_id = ?, uid = ?, modseq = ?, savedate = ? WHERE id = ? RETURNING ${messageColumns}`)
        .get(dstId, mb.uidNext + i, modseq, now, m.id)!;
      return { srcUid: m.uid, info: messageFromRow(row) };
    });
    core.db.prepare('UPDATE mailbox SET uidnext = uidnext + ? WHERE id = ?').run(src.length, dstId);
    // RFC 7162 §3.2: moved messages are expunged from the source, with this modseq.
    recordExpunged(core.db, srcId, src.map((m) => m.uid), modseq);
    recount(core, srcId, modseq);
    recount(core, dstId, modseq);
    return { moved, modseq };
  });
  if (!r) return [];
  core.publish(
    [{ kind: 'remove', mailboxId: srcId, uids: r.moved.map((x) => x.srcUid), modseq: r.modseq }, ...addChanges(dstId, r.moved.map((x) => x.info))],
    origin,
  );
  return r.moved.map((x) => ({ srcUid: x.srcUid, dstUid: x.info.uid }));
}
