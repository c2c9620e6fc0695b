import type { MailboxInfo, MessageInfo } from './types.js';

/** Columns selected for a message, in {@link messageFromRow}'s order. */
export const messageColumns =
  'id, mailbox_id, uid, modseq, createseq, flags, keywords, size, received, savedate, mailfrom, rcptto, remoteip, messageid, subject, dsn, parsed';

/** The same without the stored part tree (for listings that do not need message structure). */
export const messageColumnsLean = messageColumns.replace(', parsed', ', NULL AS parsed');

/**
 * A query returning message rows as one JSON array of arrays (columns in the order of
 * {@link messageColumns}), for reading many rows: the SQLite driver's per-row cost (~3 µs a
 * row, about 10 times the JSON aggregate's) dominates large mailboxes. `where` selects from
 * `message`; rows come in UID order.
 */
export function messagesJsonQuery(where: string, lean = false): string {
  const cols = lean ? messageColumnsLean : messageColumns;
  return `SELECT json_group_array(json_array(${messageColumns})) AS j FROM (SELECT ${cols} FROM message WHERE ${where} ORDER BY uid)`;
}

/** Converts the result of {@link messagesJsonQuery}. */
export function messagesFromJson(j: unknown): MessageInfo[] {
  const rows = JSON.parse(typeof j === 'string' ? j : '[]') as unknown[][];
  return rows.map((r) => ({
    id: r[0] as number,
    mailboxId: r[1] as number,
    uid: r[2] as number,
    modseq: r[3] as number,
    createseq: r[4] as number,
    flags: r[5] as number,
    keywords: r[6] ? (r[6] as string).split(' ') : [],
    size: r[7] as number,
    received: r[8] as number,
    savedate: (r[9] as number | null) ?? null,
    mailFrom: r[10] as string,
    rcptTo: r[11] as string,
    remoteIp: r[12] as string,
    messageIdHeader: r[13] as string,
    subject: r[14] as string,
    dsn: r[15] === 1,
    parsed: (r[16] as string | null) ?? null,
  }));
}

/** Columns selected for a mailbox; "subscribed" comes from the subscription table. */
export const mailboxColumns =
  'id, name, uidvalidity, uidnext, specialuse, EXISTS (SELECT 1 FROM subscription WHERE subscription.name = mailbox.name) AS subscribed, modseq, total, unseen, deleted, size';

/** Converts a message row to a {@link MessageInfo}. */
export function messageFromRow(r: Record<string, unknown>): MessageInfo {
  const kw = r.keywords as string;
  return {
    id: Number(r.id),
    mailboxId: Number(r.mailbox_id),
    uid: Number(r.uid),
    modseq: Number(r.modseq),
    createseq: Number(r.createseq),
    flags: Number(r.flags),
    keywords: kw ? kw.split(' ') : [],
    size: Number(r.size),
    received: Number(r.received),
    savedate: r.savedate === null || r.savedate === undefined ? null : Number(r.savedate),
    mailFrom: r.mailfrom as string,
    rcptTo: r.rcptto as string,
    remoteIp: r.remoteip as string,
    messageIdHeader: r.messageid as string,
    subject: r.subject as string,
    dsn: Number(r.dsn) === 1,
    parsed: (r.parsed as string | null) ?? null,
  };
}

/** Converts a mailbox row to a {@link MailboxInfo}. */
export function mailboxFromRow(r: Record<string, unknown>): MailboxInfo {
  return {
    id: Number(r.id),
    name: r.name as string,
    uidValidity: Number(r.uidvalidity),
    uidNext: Number(r.uidnext),
    specialUse: r.specialuse as string,
    subscribed: Number(r.subscribed) === 1,
    modseq: Number(r.modseq),
    total: Number(r.total),
    unseen: Number(r.unseen),
    deleted: Number(r.deleted),
    size: Number(r.size),
  };
}

/** Keywords as stored: space-separated (keywords cannot contain spaces, RFC 9051 §9 atom). */
export function keywordsText(k: string[]): string {
  return k.join(' ');
}
