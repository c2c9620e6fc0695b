/**
 * Changes to an account, broadcast after each commit to the account's subscribers (IMAP
 * sessions for IDLE and untagged updates; mox's store.BroadcastChanges).
 */
export type Change =
  | {
      kind: 'add';
      mailboxId: number;
      uid: number;
      modseq: number;
      flags: number;
      keywords: string[];
      messageId: number;
    }
  | { kind: 'remove'; mailboxId: number; uids: number[]; modseq: number }
  | { kind: 'flags'; mailboxId: number; uid: number; modseq: number; flags: number; keywords: string[] }
  /** A mailbox was created; `subscribed` tells whether its name is subscribed. */
  | { kind: 'mailboxAdd'; mailboxId: number; name: string; subscribed: boolean }
  /** A mailbox was deleted (its subscription, if any, stays). */
  | { kind: 'mailboxRemove'; mailboxId: number; name: string }
  /**
   * A mailbox was renamed, also one renamed along with its parent; `subscribed` tells whether
   * the new name is subscribed (subscriptions stay with the old names, as in mox).
   */
  | { kind: 'mailboxRename'; mailboxId: number; oldName: string; name: string; subscribed: boolean }
  /** A name was subscribed (RFC 9051 §6.3.7); `exists` tells whether a mailbox has that name. */
  | { kind: 'subscriptionAdd'; name: string; exists: boolean }
  /** A name was unsubscribed (RFC 9051 §6.3.8). */
  | { kind: 'subscriptionRemove'; name: string; exists: boolean }
  /** An annotation was set or removed (RFC 5464); mailboxId 0 and mailbox "" for the server. */
  | { kind: 'annotation'; mailboxId: number; mailbox: string; key: string };

/** Receives a batch of changes from one commit. `origin` identifies the session that made them. */
export type ChangeListener = (changes: Change[], origin: unknown) => void;

/** A list of subscribers to one account's changes. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** Number of subscribers. */
  size(): number {
    return this.listeners.size;
  }

  /** Delivers changes to every subscriber; a throwing subscriber does not stop the others. */
  publish(changes: Change[], origin: unknown, onError: (err: unknown) => void): void {
    if (changes.length === 0) return;
    for (const fn of [...this.listeners]) {
      try {
        fn(changes, origin);
      } catch (err) {
        onError(err);
      }
    }
  }
}
