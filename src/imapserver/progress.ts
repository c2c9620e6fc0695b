// INPROGRESS (RFC 9585): untagged "OK [INPROGRESS (tag count goal)]" responses that tell a
// client a long command is still running. As mox, only searches send them: when the previous
// progress response (or the start) is more than 10 seconds ago, checked before each message.
import type { Session } from './session.js';

/** Quiet time after which a progress response is sent (mox: 10 seconds; RFC 9585 §4 leaves it to the server). */
export const inProgressMs = 10_000;

/** Counts the messages a command went through and sends progress responses now and then. */
export class Progress {
  private last: number;
  private done = 0;
  private readonly tag: string;

  constructor(
    private readonly s: Session,
    tag: string,
    /** Messages the command will look at; 0 when unknown (sent as NIL, RFC 9585 §4). */
    private readonly goal: number,
  ) {
    this.last = s.ports.clock.now();
    // RFC 9585 §4: the tag is NIL when it could be mistaken for the end of the response code.
    this.tag = tag.includes(']') ? 'NIL' : `"${tag}"`;
  }

  /** Messages counted so far. */
  get count(): number {
    return this.done;
  }

  /**
   * Counts one message, first sending a progress response when it is due. Returns a promise
   * (the response being written) only then, so a tight loop stays synchronous otherwise.
   */
  tick(): Promise<void> | undefined {
    const now = this.s.ports.clock.now();
    let p: Promise<void> | undefined;
    if (now - this.last > inProgressMs) {
      this.last = now;
      this.s.status(null, 'OK', 'still searching', `INPROGRESS (${this.tag} ${this.done} ${this.goal > 0 ? this.goal : 'NIL'})`);
      p = this.s.flush();
    }
    this.done++;
    return p;
  }

  /** Counts messages skipped without looking at them (so the count reaches the goal). */
  skip(n: number): void {
    this.done += n;
  }
}
