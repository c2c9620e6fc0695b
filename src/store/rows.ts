import type { MailboxInfo, MessageInfo } from './types.js';

/** Columns selected for a message, in {@link messageFromRow}'s order. */
export const messageColumns =
  'id, mailbox_id, uid, modseq, createseq, flags, keywords, size, received, savedate, mailfrom, rcptto, remoteip, messageid, subject, dsn, parsed';

/** The same without the stored part tree (for listings that do not need message structure). */
export const messageColumnsLean = messageColumns.replace(', parsed', ', NULL AS parsed');

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
