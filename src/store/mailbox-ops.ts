// Mailbox management for IMAP CREATE, DELETE, RENAME, SUBSCRIBE/UNSUBSCRIBE (RFC 9051
// §6.3.4-6.3.8). Names use "/" as hierarchy separator; parents are created as needed, as mox
// does (it has no \Noselect mailboxes). Subscriptions are names, kept apart from mailboxes
// (as mox's Subscription records).
import { unlink } from 'node:fs/promises';
import type { AccountCore } from './account-core.js';
import type { Change } from './changes.js';
import { FlagDeleted, FlagSeen } from './flags.js';
import { forgetExpunged } from './resync.js';
import { mailboxColumns, mailboxFromRow } from './rows.js';
import { StoreError, type MailboxInfo } from './types.js';

function parents(name: string): string[] {
  const out: string[] = [];
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) out.push(name.slice(0, i));
  return out;
}

/**
 * Creates a mailbox and any missing parents. Throws StoreError `exists` when the mailbox is
 * there already. Returns the new mailboxes, parents first. With `subscribe` (the default, as
 * mox's CREATE) every created mailbox is subscribed too.
 */
export function createMailbox(
  core: AccountCore,
  name: string,
  opts: { specialUse?: string; origin?: unknown; subscribe?: boolean } = {},
): MailboxInfo[] {
  const created = core.db.tx(() => {
    if (core.mailbox(name)) throw new StoreError('exists', `mailbox ${JSON.stringify(name)} exists`);
    const out: MailboxInfo[] = [];
    for (const p of parents(name)) if (!core.mailbox(p)) out.push(core.insertMailbox(p, ''));
    out.push(core.insertMailbox(name, opts.specialUse ?? ''));
    if (opts.subscribe ?? true) for (const m of out) addSubscription(core, m.name);
    return out.map((m) => ({ ...m, subscribed: isSubscribed(core, m.name) }));
  });
  core.publish(created.map((m) => ({ kind: 'mailboxAdd', mailboxId: m.id, name: m.name, subscribed: m.subscribed })), opts.origin);
  return created;
}

/**
 * Deletes a mailbox and its messages. Inbox cannot be deleted, nor a mailbox with children
 * (as mox; RFC 9051 §6.3.5 leaves the choice). Message files are removed after the commit.
 */
export async function deleteMailbox(core: AccountCore, id: number, opts: { origin?: unknown } = {}): Promise<void> {
  const r = core.db.tx(() => {
    const mb = core.mailboxById(id);
    if (!mb) throw new StoreError('notFound', 'no such mailbox');
    if (mb.name.toLowerCase() === 'inbox') throw new StoreError('invalid', 'cannot delete inbox');
    const child = core.db.prepare("SELECT 1 AS x FROM mailbox WHERE substr(name, 1, ?) = ? LIMIT 1").get(mb.name.length + 1, `${mb.name}/`);
    if (child) throw new StoreError('invalid', 'mailbox has children');
    const msgs = core.db.prepare('SELECT id, uid FROM message WHERE mailbox_id = ? ORDER BY uid').all(id);
    const modseq = core.nextModseq();
    core.db.prepare('DELETE FROM message WHERE mailbox_id = ?').run(id);
    // RFC 5464 §4.1: a mailbox's annotations go with it (a new mailbox of the same name has none).
    core.db.prepare('DELETE FROM annotation WHERE mailbox_id = ?').run(id);
    forgetExpunged(core.db, id);
    core.db.prepare('DELETE FROM mailbox WHERE id = ?').run(id);
    return { mb, ids: msgs.map((m) => Number(m.id)), uids: msgs.map((m) => Number(m.uid)), modseq };
  });
  const changes: Change[] = [];
  if (r.uids.length) changes.push({ kind: 'remove', mailboxId: id, uids: r.uids, modseq: r.modseq });
  changes.push({ kind: 'mailboxRemove', mailboxId: id, name: r.mb.name });
  core.publish(changes, opts.origin);
  await Promise.all(r.ids.map((mid) => unlink(core.messageFile(mid)).catch(() => undefined)));
}

/**
 * Renames a mailbox and its children (RFC 9051 §6.3.6), creating missing parents of the new
 * name. Renaming Inbox moves its messages to a new mailbox and leaves Inbox empty; that case
 * is handled by the caller with createMailbox and moveMessages.
 */
export function renameMailbox(core: AccountCore, id: number, newName: string, opts: { origin?: unknown } = {}): MailboxInfo {
  const changes = core.db.tx(() => {
    const mb = core.mailboxById(id);
    if (!mb) throw new StoreError('notFound', 'no such mailbox');
    if (mb.name.toLowerCase() === 'inbox') throw new StoreError('invalid', 'cannot rename inbox');
    if (core.mailbox(newName)) throw new StoreError('exists', `mailbox ${JSON.stringify(newName)} exists`);
    if (newName.startsWith(`${mb.name}/`)) throw new StoreError('invalid', 'cannot rename mailbox to a child of itself');
    const kids = core.db
      .prepare(`SELECT ${mailboxColumns} FROM mailbox WHERE substr(name, 1, ?) = ? ORDER BY name`)
      .all(mb.name.length + 1, `${mb.name}/`)
      .map(mailboxFromRow);
    // As mox: new parents of the new name are not subscribed, and subscriptions stay with the
    // old names.
    const added: MailboxInfo[] = [];
    for (const p of parents(newName)) if (!core.mailbox(p)) added.push(core.insertMailbox(p, ''));
    const renamed: { id: number; oldName: string; name: string }[] = [];
    for (const m of [mb, ...kids]) {
      const name = newName + m.name.slice(mb.name.length);
      core.db.prepare('UPDATE mailbox SET name = ? WHERE id = ?').run(name, m.id);
      renamed.push({ id: m.id, oldName: m.name, name });
    }
    const changes: Change[] = added.map((m) => ({ kind: 'mailboxAdd', mailboxId: m.id, name: m.name, subscribed: isSubscribed(core, m.name) }));
    for (const x of renamed) {
      changes.push({ kind: 'mailboxRename', mailboxId: x.id, oldName: x.oldName, name: x.name, subscribed: isSubscribed(core, x.name) });
    }
    return changes;
  });
  core.publish(changes, opts.origin);
  return core.mailboxById(id)!;
}

/** Whether a name is subscribed. */
export function isSubscribed(core: AccountCore, name: string): boolean {
  return core.db.prepare('SELECT 1 AS x FROM subscription WHERE name = ?').get(name) !== undefined;
}

/** Inserts a subscription; returns false when the name was subscribed already. Call inside a transaction. */
function addSubscription(core: AccountCore, name: string): boolean {
  return core.db.prepare('INSERT INTO subscription (name) VALUES (?) ON CONFLICT DO NOTHING').run(name).changes > 0;
}

/** Subscribed names in name order; they need not exist as mailboxes (RFC 9051 §6.3.7). */
export function subscriptions(core: AccountCore): string[] {
  return core.db.prepare('SELECT name FROM subscription ORDER BY name').all().map((r) => String(r.name));
}

/**
 * Subscribes (RFC 9051 §6.3.7) or unsubscribes (§6.3.8) a name, with or without a mailbox.
 * Returns false when nothing changed; otherwise the change is published.
 */
export function setSubscription(core: AccountCore, name: string, on: boolean, opts: { origin?: unknown } = {}): boolean {
  const change = core.db.tx((): Change | undefined => {
    const done = on ? addSubscription(core, name) : core.db.prepare('DELETE FROM subscription WHERE name = ?').run(name).changes > 0;
    if (!done) return undefined;
    return { kind: on ? 'subscriptionAdd' : 'subscriptionRemove', name, exists: core.mailbox(name) !== undefined };
  });
  if (!change) return false;
  core.publish([change], opts.origin);
  return true;
}

/** Recomputes a mailbox's counts from its messages; call inside a transaction. */
export function recount(core: AccountCore, id: number, modseq: number): void {
  core.db
    .prepare(
      `UPDATE mailbox SET modseq = max(modseq, ?2),
         total = (SELECT count(*) FROM message WHERE mailbox_id = ?1),
         unseen = (SELECT count(*) FROM message WHERE mailbox_id = ?1 AND (flags & ${FlagSeen}) = 0),
         deleted = (SELECT count(*) FROM message WHERE mailbox_id = ?1 AND (flags & ${FlagDeleted}) != 0),
         size = (SELECT coalesce(sum(size), 0) FROM message WHERE mailbox_id = ?1)
       WHERE id = ?1`,
    )
    .run(id, modseq);
}
