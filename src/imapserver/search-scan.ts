// Running a search program (RFC 9051 §6.4.4) over the selected mailbox for SORT and THREAD
// (RFC 5256 §3), collecting what each command needs of every matching message while the
// message's data is at hand.
import type { SearchKey } from '../imap/index.js';
import { mapLimit, needsContent } from './search-run.js';
import { MessageData, isMissingFile } from './message-data.js';
import { savedResult } from './numsets.js';
import { SearchMatcher } from './search-match.js';
import type { Session } from './session.js';
import type { SelectedState } from './state.js';

/** A matching message: its UID, modseq and what the collector returned. */
export interface ScanHit<T> {
  uid: number;
  modseq: number;
  data: T;
}

/** What a scan reads besides the row. */
export interface ScanOptions {
  /** The stored part tree and envelope (MessageInfo.parsed) are needed. */
  parsed: boolean;
  /** The collector reads message files (header bytes), so reads should overlap. */
  files: boolean;
}

const chunk = 1000;

/**
 * Evaluates `key` against the messages the session knows, in chunks of rows in UID order,
 * and returns the matches with `collect`'s result for each. Messages expunged by another
 * session during the scan are left out.
 */
export async function scanMatches<T>(
  s: Session,
  st: SelectedState,
  mailboxId: number,
  key: SearchKey,
  opts: ScanOptions,
  collect: (md: MessageData) => T | Promise<T>,
): Promise<ScanHit<T>[]> {
  const view = st.mailbox;
  const all = view.all();
  const matcher = new SearchMatcher(
    { now: s.ports.clock.now(), exists: view.exists, maxUid: all[all.length - 1] ?? 0, saved: new Set(savedResult(s, view)), seqOf: (u) => view.seqOf(u) },
    key,
  );
  const content = needsContent(key);
  const lean = !content && !opts.parsed;
  const parallel = content || opts.files ? 8 : 1;
  const hits: ScanHit<T>[] = [];
  for (let i = 0; i < all.length; i += chunk) {
    const rows = st.account.messagesByUids(mailboxId, all.slice(i, i + chunk), { lean });
    const got = await mapLimit(rows, parallel, async (m): Promise<ScanHit<T> | undefined> => {
      if (view.seqOf(m.uid) === 0) return undefined;
      const md = new MessageData(st.account, m);
      try {
        if (!(await matcher.match(md))) return undefined;
        return { uid: m.uid, modseq: m.modseq, data: await collect(md) };
      } catch (e) {
        if (isMissingFile(e)) return undefined;
        throw e;
      }
    });
    for (const h of got) if (h) hits.push(h);
  }
  return hits;
}

/** RFC 5256 §3: the charset of SORT and THREAD; US-ASCII and UTF-8 are required, others refused. */
export function charsetSupported(charset: string): boolean {
  return charset === 'US-ASCII' || charset === 'UTF-8';
}
