// What a session still has to tell its client about changes by others: message changes in
// the selected mailbox, and with NOTIFY (RFC 5465 §5) or ENABLE METADATA (RFC 5464 §4.4.2)
// news about other mailboxes, subscriptions and annotations.
import type { FetchAtt } from '../imap/index.js';
import type { Change } from '../store/index.js';

/** A change to messages of a mailbox. */
export type MessageChange = Extract<Change, { kind: 'add' | 'remove' | 'flags' }>;

/** Whether a change is about messages of a mailbox. */
export function isMessageChange(c: Change): c is MessageChange {
  return c.kind === 'add' || c.kind === 'remove' || c.kind === 'flags';
}

/** One queued report. */
export type Pending =
  /**
   * A message change in the selected mailbox. `delayed`: held until a command that may report
   * expunges (NOTIFY SELECTED-DELAYED, RFC 5465 §6.1.2). `fetch`: what to send of a new
   * message (NOTIFY MessageNew, RFC 5465 §5.2).
   */
  | { kind: 'message'; change: MessageChange; delayed: boolean; fetch?: readonly FetchAtt[] }
  /** "* METADATA mailbox key" (RFC 5464 §4.4.2; RFC 5465 §5.6, §5.7). */
  | { kind: 'metadata'; mailbox: string; key: string }
  /** A STATUS response for a mailbox that is not selected (RFC 5465 §5.1-§5.3), values as of queueing. */
  | {
      kind: 'status';
      event: 'new' | 'expunge' | 'flags';
      mailboxId: number;
      mailbox: string;
      uidNext: number;
      messages: number;
      unseen: number;
      uidValidity: number;
      modseq: number;
    }
  /** An unsolicited LIST response (RFC 5465 §5.4, §5.5), with OLDNAME for a rename. */
  | { kind: 'list'; mailbox: string; flags: readonly string[]; oldName?: string };
