import { dirname, join } from 'node:path';
import { readFile, unlink, open as fsOpen } from 'node:fs/promises';
import type { Clock } from '../clock/index.js';
import type { Bus } from '../events/index.js';
import type { Logger } from '../log/index.js';
import { GroupCommit, ensureDir, writeSynced } from '../io/index.js';
import { openLibsql, type SqlDb } from './db/index.js';
import { migrateAccount } from './schema.js';
import { messagePath } from './paths.js';
import { ChangeFeed, type Change, type ChangeListener } from './changes.js';
import { commitDeliveries, type PendingDelivery } from './delivery.js';
import { summarizeMessage } from './summary.js';
import { SpareFiles, removeStaleSpares, spareMetaKey } from './spare-files.js';
import type { MessageCache, MessageCacheScope } from './message-cache.js';
import { MailboxRows } from './mailbox-rows.js';
import { FlagDeleted, FlagSeen, applyFlags, flagsEqual, type Flags } from './flags.js';
import { keywordsText, mailboxColumns, mailboxFromRow, messageColumns, messageFromRow, messagesFromJson, messagesJsonQuery } from './rows.js';
import { StoreError, defaultMailboxes, type DeliverRequest, type MailboxInfo, type MessageInfo } from './types.js';
import type { AccountCore } from './account-core.js';
import { createMailbox, deleteMailbox, isSubscribed, renameMailbox, setSubscription, subscriptions } from './mailbox-ops.js';
import { appendMessages, copyMessages, moveMessages, type AppendItem, type UidPair } from './message-ops.js';
import { AccountAnnotations } from './annotations.js';
import { changedSince, expungedInRange, recordExpunged, untrackedRemovals, vanishedSince, type UidRange } from './resync.js';
import { replaceMessage, type ReplaceResult } from './replace-ops.js';

/** Collaborators of an account. */
export interface AccountDeps {
  clock: Clock;
  bus: Bus;
  log: Logger;
  /** Contents of small messages, shared with the store's other accounts. */
  cache?: MessageCache;
}

/**
 * One account's mailboxes and messages: an SQLite index (accounts/<name>/index.db) and one
 * file per message (accounts/<name>/msg/<dir>/<id>). All changes are committed before they
 * are broadcast to subscribers (IMAP sessions) and emitted as events.
 */
export class Account {
  private readonly feed = new ChangeFeed();
  private readonly batcher: GroupCommit<PendingDelivery, { info: MessageInfo; change: Change }>;
  private nextId: number;
  private closed = false;
  private readonly cache: MessageCacheScope | undefined;
  private readonly mailboxRows: MailboxRows;

  private constructor(
    readonly name: string,
    readonly dir: string,
    private readonly db: SqlDb,
    private readonly deps: AccountDeps,
  ) {
    const r = db.prepare("SELECT max(coalesce((SELECT max(id) FROM message), 0) + 1, coalesce((SELECT value FROM meta WHERE key = 'nextid'), 1)) AS n").get()!;
    this.nextId = Number(r.n);
    this.cache = deps.cache?.scope();
    this.mailboxRows = new MailboxRows(db);
    // Durability order per message: file fsync, directory fsync, row commit, then change
    // feed and events, then the caller's acknowledgement.
    this.batcher = new GroupCommit(
      (batch) => commitDeliveries(this.core, batch),
      (batch, results) => this.afterDeliveries(batch, results),
      () => this.db.durable(),
    );
    this.core = {
      name,
      db,
      clock: deps.clock,
      log: deps.log,
      nextModseq: () => this.nextModseq(),
      insertMailbox: (n, su) => this.insertMailbox(n, su),
      mailbox: (n) => this.mailbox(n),
      mailboxById: (id) => this.mailboxById(id),
      allocateId: () => this.nextId++,
      reserveIds: (next) => {
        if (Number(this.getMeta('nextid') ?? 0) < next) this.setMeta('nextid', next);
      },
      messageFile: (id) => this.messageFile(id),
      cacheMessage: (id, data) => this.cache?.set(id, data),
      publish: (changes, origin) => this.publishDurable(changes, origin),
    };
    this.annotations = new AccountAnnotations(this.core);
    this.spares = new SpareFiles({
      db,
      log: deps.log,
      reserve: (n) => ((this.nextId += n), this.nextId - n),
      record: (blocks, next) => db.tx(() => (this.setMeta(spareMetaKey, blocks), this.core.reserveIds(next))),
      path: (id) => this.messageFile(id),
    });
  }

  private readonly spares: SpareFiles;

  /** @internal Resolves when the prepared message files are made (tests; the first delivery starts them). */
  sparesSettled(): Promise<void> {
    return this.spares.settled();
  }

  private readonly core: AccountCore;
  /** Mailbox and server annotations (IMAP METADATA, RFC 5464). */
  readonly annotations: AccountAnnotations;

  /** Opens (creating when new) the account in `dir`, with the default mailboxes. */
  static async open(name: string, dir: string, deps: AccountDeps): Promise<Account> {
    await ensureDir(join(dir, 'msg'));
    const db = openLibsql(join(dir, 'index.db'));
    migrateAccount(db);
    await removeStaleSpares(db, (id) => join(dir, 'msg', messagePath(id)));
    const a = new Account(name, dir, db, deps);
    a.ensureMailboxes();
    return a;
  }

  private ensureMailboxes(): void {
    this.db.tx(() => {
      const n = Number(this.db.prepare('SELECT count(*) AS n FROM mailbox').get()!.n);
      if (n > 0) return;
      // mox: the first UIDVALIDITY is the time in 2-second units, then counts up.
      this.setMeta('nextuidvalidity', Math.floor(this.deps.clock.now() / 2000));
      for (const mb of defaultMailboxes) {
        this.insertMailbox(mb.name, mb.specialUse);
        this.db.prepare('INSERT INTO subscription (name) VALUES (?) ON CONFLICT DO NOTHING').run(mb.name);
      }
    });
  }

  private insertMailbox(name: string, specialUse: string): MailboxInfo {
    const uidvalidity = Number(this.getMeta('nextuidvalidity') ?? 1);
    this.setMeta('nextuidvalidity', uidvalidity + 1);
    const modseq = this.nextModseq();
    const r = this.db
      .prepare(`INSERT INTO mailbox (name, uidvalidity, uidnext, specialuse, modseq, created) VALUES (?, ?, 1, ?, ?, ?) RETURNING ${mailboxColumns}`)
      .get(name, uidvalidity, specialUse, modseq, this.deps.clock.now())!;
    return mailboxFromRow(r);
  }

  private getMeta(key: string): unknown {
    return this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  }

  private setMeta(key: string, value: string | number): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Allocates the next modification sequence (RFC 7162 §3.1.1); call inside a transaction. */
  private nextModseq(): number {
    const m = Number(this.getMeta('modseq') ?? 0) + 1;
    this.setMeta('modseq', m);
    return m;
  }

  /** The account's highest modseq. */
  highestModseq(): number {
    return Number(this.getMeta('modseq') ?? 0);
  }

  /** Total size of the account's messages in bytes (what mox's QuotaMessageSize limits). */
  messageSize(): number {
    return Number(this.db.prepare('SELECT coalesce(sum(size), 0) AS n FROM mailbox').get()!.n);
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  subscribe(fn: ChangeListener): () => void {
    return this.feed.subscribe(fn);
  }

  /** All mailboxes, ordered by name. */
  mailboxes(): MailboxInfo[] {
    return this.db.prepare(`SELECT ${mailboxColumns} FROM mailbox ORDER BY name`).all().map(mailboxFromRow);
  }

  /** A mailbox by name; "INBOX" matches case-insensitively (RFC 9051 §5.1). */
  mailbox(name: string): MailboxInfo | undefined {
    const inbox = name.toLowerCase() === 'inbox';
    return this.mailboxRows.get(inbox ? 'n:inbox' : `n:${name}`, () =>
      inbox
        ? this.db.prepare(`SELECT ${mailboxColumns} FROM mailbox WHERE lower(name) = 'inbox'`).get()
        : this.db.prepare(`SELECT ${mailboxColumns} FROM mailbox WHERE name = ?`).get(name),
    );
  }


  /** A mailbox by id. */
  mailboxById(id: number): MailboxInfo | undefined {
    return this.mailboxRows.get(`i:${id}`, () => this.db.prepare(`SELECT ${mailboxColumns} FROM mailbox WHERE id = ?`).get(id));
  }

  /** Messages of a mailbox in UID order (for IMAP SELECT). */
  messages(mailboxId: number): MessageInfo[] {
    return messagesFromJson(this.db.prepare(messagesJsonQuery('mailbox_id = ?')).get(mailboxId)?.j);
  }

  /**
   * What IMAP SELECT needs of a mailbox without loading messages: the UIDs in order, the
   * first unseen UID (0 when none), and the keywords in use.
   */
  selectInfo(mailboxId: number): { uids: number[]; firstUnseenUid: number; keywords: string[] } {
    // One aggregated string: far cheaper than a row per message for large mailboxes.
    const list = this.db.prepare('SELECT group_concat(uid) AS u FROM (SELECT uid FROM message WHERE mailbox_id = ? ORDER BY uid)').get(mailboxId)?.u;
    const uids = typeof list === 'string' && list !== '' ? list.split(',').map(Number) : [];
    const fu = this.db.prepare(`SELECT min(uid) AS u FROM message WHERE mailbox_id = ? AND (flags & ${FlagSeen}) = 0`).get(mailboxId);
    const kw = new Set<string>();
    for (const r of this.db.prepare("SELECT DISTINCT keywords FROM message WHERE mailbox_id = ? AND keywords != ''").all(mailboxId)) {
      for (const k of String(r.keywords).split(' ')) kw.add(k);
    }
    return { uids, firstUnseenUid: fu?.u == null ? 0 : Number(fu.u), keywords: [...kw].sort() };
  }

  /**
   * Messages with the given UIDs (ascending, any order given), in UID order. `lean` leaves
   * out the stored part tree (MessageInfo.parsed is null) for callers that need only flags,
   * sizes and dates. Dense sets read a UID range, sparse ones look UIDs up in batches.
   */
  messagesByUids(mailboxId: number, uids: readonly number[], opts: { lean?: boolean } = {}): MessageInfo[] {
    if (uids.length === 0) return [];
    const lean = opts.lean ?? false;
    const sorted = [...uids].sort((a, b) => a - b);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    if (last - first + 1 <= sorted.length * 2) {
      const rows = messagesFromJson(this.db.prepare(messagesJsonQuery('mailbox_id = ? AND uid BETWEEN ? AND ?', lean)).get(mailboxId, first, last)?.j);
      if (rows.length === sorted.length) return rows;
      const want = new Set(sorted);
      return rows.filter((m) => want.has(m.uid));
    }
    const out: MessageInfo[] = [];
    for (let i = 0; i < sorted.length; i += 500) {
      const chunk = sorted.slice(i, i + 500);
      const j = this.db.prepare(messagesJsonQuery(`mailbox_id = ? AND uid IN (${chunk.map(() => '?').join(',')})`, lean)).get(mailboxId, ...chunk)?.j;
      for (const m of messagesFromJson(j)) out.push(m);
    }
    return out;
  }

  /**
   * Messages of a mailbox changed (flags) or added after `modseq`, in UID order, without part
   * trees (RFC 7162 §3.2.5.1).
   */
  changedSince(mailboxId: number, modseq: number): MessageInfo[] {
    return changedSince(this.db, mailboxId, modseq);
  }

  /**
   * UIDs removed from a mailbox (expunge, move) after `modseq`, ascending; with `within`, only
   * those in the ranges (RFC 7162 §3.2.6).
   */
  vanishedSince(mailboxId: number, modseq: number, within?: readonly UidRange[]): number[] {
    return vanishedSince(this.db, mailboxId, modseq, within);
  }

  /** All UIDs removed from a mailbox in [first, last], ascending, with the modseq of their removal. */
  expungedInRange(mailboxId: number, first: number, last: number): { uid: number; modseq: number }[] {
    return expungedInRange(this.db, mailboxId, first, last);
  }

  /**
   * Number of UIDs removed from a mailbox without a record (before removals were recorded);
   * when not 0, "vanished since" answers are incomplete (RFC 7162 §3.2.6 <minmodseq>).
   */
  untrackedRemovals(mailboxId: number): number {
    return untrackedRemovals(this.db, mailboxId);
  }

  /** The stored part tree of a message (JSON), or null. */
  parsedOf(id: number): string | null {
    const r = this.db.prepare('SELECT parsed FROM message WHERE id = ?').get(id);
    return (r?.parsed as string | null | undefined) ?? null;
  }

  /** One message by mailbox and UID. */
  messageByUid(mailboxId: number, uid: number): MessageInfo | undefined {
    const r = this.db.prepare(`SELECT ${messageColumns} FROM message WHERE mailbox_id = ? AND uid = ?`).get(mailboxId, uid);
    return r ? messageFromRow(r) : undefined;
  }

  /** Messages of a mailbox with UIDs in [first, last], in UID order. */
  messagesInUidRange(mailboxId: number, first: number, last: number): MessageInfo[] {
    return messagesFromJson(this.db.prepare(messagesJsonQuery('mailbox_id = ? AND uid BETWEEN ? AND ?')).get(mailboxId, first, last)?.j);
  }

  /** The message stored with a delivery key, if any (see DeliverRequest.deliveryKey). */
  messageByDeliveryKey(key: string): MessageInfo | undefined {
    const r = this.db.prepare(`SELECT ${messageColumns} FROM message WHERE dkey = ?`).get(key);
    return r ? messageFromRow(r) : undefined;
  }

  /** One message by its account-wide id. */
  message(id: number): MessageInfo | undefined {
    const r = this.db.prepare(`SELECT ${messageColumns} FROM message WHERE id = ?`).get(id);
    return r ? messageFromRow(r) : undefined;
  }

  /** Absolute path of a message's file. */
  messageFile(id: number): string {
    return join(this.dir, 'msg', messagePath(id));
  }

  /** The whole message (small ones from the cache). */
  async readMessage(id: number): Promise<Buffer> {
    const hit = this.cache?.get(id);
    if (hit) return hit;
    const data = await readFile(this.messageFile(id));
    this.cache?.set(id, data);
    return data;
  }

  /**
   * Bytes [start, end) of a message. With the message's `size`, a small message is read
   * whole into the cache, so the next read of any part of it needs no file access.
   */
  async readRange(id: number, start: number, end: number, size?: number): Promise<Buffer> {
    const hit = this.cache?.get(id);
    if (hit) return hit.subarray(start, end);
    if (size !== undefined && this.cache?.fits(size)) return (await this.readMessage(id)).subarray(start, end);
    const fh = await fsOpen(this.messageFile(id), 'r');
    try {
      const len = Math.max(0, end - start);
      const buf = Buffer.alloc(len);
      let off = 0;
      while (off < len) {
        const { bytesRead } = await fh.read(buf, off, len - off, start + off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return buf.subarray(0, off);
    } finally {
      await fh.close();
    }
  }

  /**
   * Stores a message in a mailbox. Resolves after the file and the row are durable and the
   * change is broadcast.
   */
  async deliver(req: DeliverRequest): Promise<MessageInfo> {
    if (this.closed) throw new StoreError('server', `account ${this.name} is closed`);
    const mb = this.mailbox(req.mailbox);
    if (!mb) throw new StoreError('notFound', `no mailbox ${JSON.stringify(req.mailbox)}`);
    if (req.deliveryKey) {
      const existing = this.messageByDeliveryKey(req.deliveryKey);
      if (existing) return existing;
    }
    // A prepared file's directory entry is durable already: no directory fsync for it.
    const { id, durable } = this.spares.take();
    const whole = req.data.length === 1 ? req.data[0]! : Buffer.concat(req.data);
    const summary = summarizeMessage(whole);
    const path = this.messageFile(id);
    const size = await writeSynced(path, req.data);
    const r = await this.batcher.add({ id, req: { ...req, mailbox: mb.name }, size, summary }, durable ? undefined : dirname(path));
    // New mail is what clients fetch next.
    this.cache?.set(id, whole);
    return r.info;
  }

  private afterDeliveries(batch: PendingDelivery[], results: { info: MessageInfo; change: Change }[]): void {
    this.feed.publish(results.map((r) => r.change), undefined, (err) => this.deps.log.error('change listener failed', { err }));
    batch.forEach((p, i) => {
      const m = results[i]!.info;
      this.deps.bus.emit('store.delivered', {
        account: this.name,
        mailbox: p.req.mailbox,
        mailboxId: m.mailboxId,
        uid: m.uid,
        messageId: m.id,
        size: m.size,
        cid: p.req.cid,
        mailFrom: m.mailFrom,
        rcptTo: m.rcptTo,
        subject: m.subject,
        messageIdHeader: m.messageIdHeader,
      });
    });
  }

  /**
   * Changes flags of messages by UID (IMAP STORE). With `unchangedSince` (RFC 7162 §3.1.3),
   * messages modified after it are not changed and are returned in `modified`.
   */
  storeFlags(
    mailboxId: number,
    uids: number[],
    op: 'set' | 'add' | 'remove',
    change: Flags,
    opts: { unchangedSince?: number; origin?: unknown } = {},
  ): { updated: MessageInfo[]; modified: number[] } {
    const updated: MessageInfo[] = [];
    const modified: number[] = [];
    const changes: Change[] = [];
    this.db.tx(() => {
      let modseq = 0;
      let dUnseen = 0;
      let dDeleted = 0;
      for (const uid of uids) {
        const m = this.messageByUid(mailboxId, uid);
        if (!m) continue;
        if (opts.unchangedSince !== undefined && m.modseq > opts.unchangedSince) {
          modified.push(uid);
          continue;
        }
        const cur = { bits: m.flags, keywords: m.keywords };
        const next = applyFlags(cur, op, change);
        if (flagsEqual(cur, next)) continue;
        if (!modseq) modseq = this.nextModseq();
        this.db.prepare('UPDATE message SET flags = ?, keywords = ?, modseq = ? WHERE id = ?').run(next.bits, keywordsText(next.keywords), modseq, m.id);
        dUnseen += (next.bits & FlagSeen ? 0 : 1) - (cur.bits & FlagSeen ? 0 : 1);
        dDeleted += (next.bits & FlagDeleted ? 1 : 0) - (cur.bits & FlagDeleted ? 1 : 0);
        updated.push({ ...m, flags: next.bits, keywords: next.keywords, modseq });
        changes.push({ kind: 'flags', mailboxId, uid, modseq, flags: next.bits, keywords: next.keywords });
      }
      if (modseq) this.db.prepare('UPDATE mailbox SET modseq = ?, unseen = unseen + ?, deleted = deleted + ? WHERE id = ?').run(modseq, dUnseen, dDeleted, mailboxId);
    });
    this.publishDurable(changes, opts.origin);
    return { updated, modified };
  }

  /**
   * Removes messages flagged \Deleted from a mailbox (all, or only those in `uids`: UID
   * EXPUNGE, RFC 4315 §2.1). Returns the removed UIDs in ascending order. Files are removed
   * after the commit.
   */
  async expunge(mailboxId: number, opts: { uids?: number[]; origin?: unknown } = {}): Promise<number[]> {
    const only = opts.uids ? new Set(opts.uids) : undefined;
    const removed = this.db.tx(() => {
      const rows = this.db
        .prepare(`SELECT id, uid, size, flags FROM message WHERE mailbox_id = ? AND (flags & ?) != 0 ORDER BY uid`)
        .all(mailboxId, FlagDeleted)
        .filter((r) => !only || only.has(Number(r.uid)));
      if (rows.length === 0) return [];
      const modseq = this.nextModseq();
      let size = 0;
      let unseen = 0;
      for (const r of rows) {
        this.db.prepare('DELETE FROM message WHERE id = ?').run(Number(r.id));
        size += Number(r.size);
        if (!(Number(r.flags) & FlagSeen)) unseen++;
      }
      this.db
        .prepare('UPDATE mailbox SET modseq = ?, total = total - ?, unseen = unseen - ?, deleted = deleted - ?, size = size - ? WHERE id = ?')
        .run(modseq, rows.length, unseen, rows.length, size, mailboxId);
      recordExpunged(this.db, mailboxId, rows.map((r) => Number(r.uid)), modseq);
      return rows.map((r) => ({ id: Number(r.id), uid: Number(r.uid), modseq }));
    });
    if (removed.length === 0) return [];
    await this.db.durable();
    const uids = removed.map((r) => r.uid);
    this.feed.publish([{ kind: 'remove', mailboxId, uids, modseq: removed[0]!.modseq }], opts.origin, (err) =>
      this.deps.log.error('change listener failed', { err }),
    );
    const mb = this.mailboxById(mailboxId);
    this.deps.bus.emit('store.expunged', { account: this.name, mailbox: mb?.name ?? '', uids });
    for (const r of removed) this.cache?.delete(r.id);
    await Promise.all(removed.map((r) => unlink(this.messageFile(r.id)).catch(() => undefined)));
    return uids;
  }

  /**
   * Creates a mailbox and missing parents (IMAP CREATE); StoreError `exists` when present.
   * Returns the created mailboxes, parents first; all subscribed unless `subscribe` is false.
   */
  createMailbox(name: string, opts: { specialUse?: string; origin?: unknown; subscribe?: boolean } = {}): MailboxInfo[] {
    this.needOpen();
    return createMailbox(this.core, name, opts);
  }

  /** Deletes a mailbox without children, with its messages (IMAP DELETE). */
  deleteMailbox(id: number, opts: { origin?: unknown } = {}): Promise<void> {
    this.needOpen();
    return deleteMailbox(this.core, id, opts);
  }

  /** Renames a mailbox and its children (IMAP RENAME); not Inbox. */
  renameMailbox(id: number, newName: string, opts: { origin?: unknown } = {}): MailboxInfo {
    this.needOpen();
    return renameMailbox(this.core, id, newName, opts);
  }

  /** Subscribed names in name order; a name need not have a mailbox (IMAP LSUB, LIST (SUBSCRIBED)). */
  subscriptions(): string[] {
    return subscriptions(this.core);
  }

  /** Whether a name is subscribed. */
  isSubscribed(name: string): boolean {
    return isSubscribed(this.core, name);
  }

  /**
   * Subscribes (`on`) or unsubscribes a name, with or without a mailbox (IMAP SUBSCRIBE,
   * UNSUBSCRIBE). Returns false when it already was (or was not) subscribed.
   */
  setSubscription(name: string, on: boolean, opts: { origin?: unknown } = {}): boolean {
    this.needOpen();
    return setSubscription(this.core, name, on, opts);
  }

  /**
   * Adds messages with flags and internal dates to a mailbox in one commit (IMAP APPEND,
   * MULTIAPPEND). Unlike deliver, no store.delivered event: this is not an incoming message.
   */
  appendMessages(mailboxId: number, items: AppendItem[], opts: { origin?: unknown; quota?: number } = {}): Promise<MessageInfo[]> {
    this.needOpen();
    return appendMessages(this.core, mailboxId, items, opts.origin, opts.quota);
  }

  /**
   * Copies messages by UID to another mailbox (IMAP COPY); returns source/destination UID
   * pairs. With `quota` (bytes), fails with StoreError `overQuota` past it (also for append).
   */
  copyMessages(
    srcMailboxId: number,
    uids: readonly number[],
    dstMailboxId: number,
    opts: { origin?: unknown; quota?: number } = {},
  ): Promise<UidPair[]> {
    this.needOpen();
    return copyMessages(this.core, srcMailboxId, uids, dstMailboxId, opts.origin, opts.quota);
  }

  /** Moves messages by UID to another mailbox (IMAP MOVE); returns source/destination UID pairs. */
  moveMessages(srcMailboxId: number, uids: readonly number[], dstMailboxId: number, opts: { origin?: unknown } = {}): UidPair[] {
    this.needOpen();
    return moveMessages(this.core, srcMailboxId, uids, dstMailboxId, opts.origin);
  }

  /**
   * Replaces a message atomically (IMAP REPLACE, RFC 8508): removes `oldUid` from one mailbox
   * and adds a new message to another (or the same) one, in one commit. Null when the old
   * message is gone.
   */
  replaceMessage(srcMailboxId: number, oldUid: number, dstMailboxId: number, item: AppendItem, opts: { origin?: unknown } = {}): Promise<ReplaceResult | null> {
    this.needOpen();
    return replaceMessage(this.core, srcMailboxId, oldUid, dstMailboxId, item, opts.origin);
  }

  private needOpen(): void {
    if (this.closed) throw new StoreError('server', `account ${this.name} is closed`);
  }

  /**
   * Broadcasts committed changes once they are on stable storage (style rule 9: events follow
   * durability). Calls are published in order.
   */
  private publishDurable(changes: Change[], origin: unknown): void {
    if (changes.length === 0) return;
    const onError = (err: unknown) => this.deps.log.error('change listener failed', { err });
    void this.db.durable().then(
      () => this.feed.publish(changes, origin, onError),
      (err) => this.deps.log.error('making changes durable', { err }),
    );
  }

  /** Resolves when all committed changes are on stable storage (await before acknowledging). */
  durable(): Promise<void> {
    return this.db.durable();
  }

  /** The stored password secrets (JSON from the sasl package), or undefined when none is set. */
  secrets(): string | undefined {
    return this.db.prepare('SELECT secrets FROM password WHERE id = 1').get()?.secrets as string | undefined;
  }

  /** Replaces the stored password secrets. */
  setSecrets(json: string): void {
    this.db.tx(() => {
      this.db.prepare('INSERT INTO password (id, secrets) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET secrets = excluded.secrets').run(json);
    });
  }

  /** Waits for pending deliveries and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.drain();
    await this.spares.close();
    this.db.close();
  }
}
