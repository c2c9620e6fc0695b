// Loading what FETCH and SEARCH need of one message, lazily: the part tree (from the stored
// JSON, else by parsing the file), the header bytes, the whole file.
import { parseMessage, partFromJSON, type Part } from '../message/index.js';
import type { Account, MessageInfo } from '../store/index.js';

/** A message's data for one command; each piece is read at most once. */
export class MessageData {
  private tree: Part | undefined;
  private whole: Buffer | undefined;
  private head: Buffer | undefined;

  constructor(
    private readonly account: Account,
    readonly info: MessageInfo,
  ) {}

  /** The MIME part tree with byte offsets (stored at delivery; parsed from the file otherwise). */
  async part(): Promise<Part> {
    if (this.tree) return this.tree;
    if (this.info.parsed !== null) {
      try {
        this.tree = partFromJSON(this.info.parsed);
        return this.tree;
      } catch {
        // A damaged stored tree: parse the file instead.
      }
    }
    this.tree = parseMessage(await this.all());
    return this.tree;
  }

  /** The whole message file. */
  async all(): Promise<Buffer> {
    this.whole ??= await this.account.readMessage(this.info.id);
    return this.whole;
  }

  /** Bytes [start, end) of the message, from memory when the whole file was read already. */
  async range(start: number, end: number): Promise<Buffer> {
    if (this.whole) return this.whole.subarray(start, end);
    return this.account.readRange(this.info.id, start, end, this.info.size);
  }

  /** The top-level header including the blank line, read without the body when possible. */
  async header(): Promise<Buffer> {
    if (this.whole) return this.whole;
    if (this.head) return this.head;
    const p = await this.part();
    if (this.whole) return this.whole;
    this.head = await this.account.readRange(this.info.id, 0, p.bodyOffset, this.info.size);
    return this.head;
  }
}

/** Whether an error means the message file is gone (expunged by another session meanwhile). */
export function isMissingFile(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
