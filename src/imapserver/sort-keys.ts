// Sort values of SORT (RFC 5256 §3, DISPLAYFROM/DISPLAYTO RFC 5957 §3) from what the store
// keeps per message: size and internal date in the row, everything else in the stored
// envelope, so sorting never reads message files.
import type { SortCriterion, SortKey } from '../imap/index.js';
import { parseDateTime, type Envelope, type EnvelopeAddress } from '../message/index.js';
import type { MessageInfo } from '../store/index.js';
import { baseSubject } from './base-subject.js';
import { casemapKey, compareKeys } from './collation.js';

/** One message's value for a sort key: a number (dates, sizes) or a collation key. */
export type SortValue = number | string;

/**
 * The sent date (RFC 5256 §2.2): the Date header's time in UTC, or the internal date when
 * there is no Date header or it does not parse.
 */
export function sentDate(env: Envelope | undefined, received: number): number {
  const d = env?.date === undefined ? undefined : parseDateTime(env.date);
  return d ? d.ms : received;
}

/**
 * The DISPLAY sort value of an address (RFC 5957 §3): the decoded display name when not
 * empty, else "mailbox@host", else the mailbox (a group name), else "".
 */
export function displayValue(a: EnvelopeAddress | undefined): string {
  if (!a) return '';
  if (a.name !== null && a.name !== '') return a.name;
  if (a.mailbox !== null && a.host !== null) return `${a.mailbox}@${a.host}`;
  return a.mailbox ?? '';
}

/**
 * A message's value for one sort key (RFC 5256 §3): ARRIVAL the internal date, DATE the sent
 * date, SIZE the size, SUBJECT the base subject, FROM/TO/CC the addr-mailbox of the first
 * address, DISPLAYFROM/DISPLAYTO (RFC 5957 §4) the DISPLAY value of the first address.
 * Strings are i;unicode-casemap keys (RFC 5256 §7, RFC 5051); a missing field is "".
 */
export function sortValue(key: SortKey, info: MessageInfo, env: Envelope | undefined): SortValue {
  switch (key) {
    case 'ARRIVAL':
      return info.received;
    case 'SIZE':
      return info.size;
    case 'DATE':
      return sentDate(env, info.received);
    case 'SUBJECT':
      return casemapKey(baseSubject(env?.subject ?? '').base);
    case 'FROM':
      return casemapKey(env?.from[0]?.mailbox ?? '');
    case 'TO':
      return casemapKey(env?.to[0]?.mailbox ?? '');
    case 'CC':
      return casemapKey(env?.cc[0]?.mailbox ?? '');
    case 'DISPLAYFROM':
      return casemapKey(displayValue(env?.from[0]));
    case 'DISPLAYTO':
      return casemapKey(displayValue(env?.to[0]));
  }
}

/** Whether a sort key needs the envelope (everything but ARRIVAL and SIZE). */
export function needsEnvelope(criteria: readonly SortCriterion[]): boolean {
  return criteria.some((c) => c.key !== 'ARRIVAL' && c.key !== 'SIZE');
}

/** A message to sort: its UID (the mailbox order) and its values, one per criterion. */
export interface SortEntry {
  uid: number;
  values: readonly SortValue[];
}

/**
 * Compares two messages by the criteria in decreasing precedence; REVERSE turns one criterion
 * around; equal messages keep mailbox order, which REVERSE does not change (RFC 5256 §3).
 */
export function compareEntries(criteria: readonly SortCriterion[], a: SortEntry, b: SortEntry): number {
  for (let i = 0; i < criteria.length; i++) {
    const x = a.values[i]!;
    const y = b.values[i]!;
    const c = typeof x === 'number' ? x - (y as number) : compareKeys(x, y as string);
    if (c !== 0) return criteria[i]!.reverse ? -c : c;
  }
  return a.uid - b.uid;
}
