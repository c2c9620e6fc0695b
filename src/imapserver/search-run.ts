// Running a search program over one mailbox (SEARCH, UID SEARCH, and each mailbox of a
// MULTISEARCH ESEARCH), with INPROGRESS responses along the way, and writing ESEARCH results.
import type { SearchKey, SearchReturn } from '../imap/index.js';
import type { Account } from '../store/index.js';
import { MessageData, isMissingFile } from './message-data.js';
import type { Progress } from './progress.js';
import { no } from './responses.js';
import { SearchMatcher } from './search-match.js';
import type { Session } from './session.js';

/** One mailbox to search, as the session sees it. */
export interface SearchTarget {
  mailboxId: number;
  /** UIDs to look at, ascending (for the selected mailbox: those the session knows). */
  uids: readonly number[];
  /** Message sequence number of a UID (RFC 9051 §2.3.1.2), for sequence-set keys. */
  seqOf(uid: number): number;
  /** The saved result for "$" (RFC 5182); undefined when the mailbox is not the selected one. */
  saved: ReadonlySet<number> | undefined;
}

/** Matching UIDs, ascending, their modseqs, and the highest modseq among them (RFC 7162 §3.1.5). */
export interface SearchHits {
  uids: number[];
  modseqs: number[];
  maxModseq: number;
}

/** Whether a search key looks at message headers or text (not only flags, sizes, dates, UIDs). */
export function needsContent(k: SearchKey): boolean {
  switch (k.op) {
    case 'AND':
      return k.keys.some(needsContent);
    case 'OR':
      return needsContent(k.left) || needsContent(k.right);
    case 'NOT':
      return needsContent(k.key);
    case 'BCC':
    case 'BODY':
    case 'CC':
    case 'FROM':
    case 'TEXT':
    case 'TO':
    case 'HEADER':
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE':
      return true;
    case 'SUBJECT':
      // The decoded envelope subject is a column of the row; "" asks for the header field.
      return k.value === '';
    default:
      return false;
  }
}

/** Whether a search key refers to the saved result "$" (RFC 5182 §2.1). */
export function usesSaved(k: SearchKey): boolean {
  switch (k.op) {
    case 'AND':
      return k.keys.some(usesSaved);
    case 'OR':
      return usesSaved(k.left) || usesSaved(k.right);
    case 'NOT':
      return usesSaved(k.key);
    case 'SEQ':
    case 'UID':
      return k.set.kind === 'saved';
    default:
      return false;
  }
}

const searchChunk = 1000;

/** Maps items with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Evaluates a search program (RFC 9051 §6.4.4) against the messages of one mailbox. Rows are
 * read in chunks, so a large mailbox is never held in memory at once; messages whose content
 * is needed are evaluated a few at a time (file reads overlap). Each message counts towards
 * `progress` (RFC 9585).
 */
export async function searchMailbox(s: Session, account: Account, t: SearchTarget, key: SearchKey, progress: Progress): Promise<SearchHits> {
  if (t.saved === undefined && usesSaved(key)) throw no('can only use search result with the selected mailbox');
  const matcher = new SearchMatcher(
    { now: s.ports.clock.now(), exists: t.uids.length, maxUid: t.uids[t.uids.length - 1] ?? 0, saved: t.saved ?? new Set(), seqOf: (u) => t.seqOf(u) },
    key,
  );
  const hits: SearchHits = { uids: [], modseqs: [], maxModseq: 0 };
  const content = needsContent(key);
  for (let i = 0; i < t.uids.length; i += searchChunk) {
    const chunk = t.uids.slice(i, i + searchChunk);
    const rows = account.messagesByUids(t.mailboxId, chunk, { lean: !content });
    if (!content) {
      // Flags, sizes, dates, sets: the row answers, without a promise per message.
      for (const m of rows) {
        const p = progress.tick();
        if (p) await p;
        if (t.seqOf(m.uid) === 0 || !matcher.matchRow(m)) continue;
        hits.uids.push(m.uid);
        hits.modseqs.push(m.modseq);
        hits.maxModseq = Math.max(hits.maxModseq, m.modseq);
      }
      progress.skip(chunk.length - rows.length);
      // Let other sessions run between chunks.
      await new Promise((r) => setImmediate(r));
      continue;
    }
    const ok = await mapLimit(rows, 8, async (m) => {
      const p = progress.tick();
      if (p) await p;
      if (t.seqOf(m.uid) === 0) return false;
      try {
        return await matcher.match(new MessageData(account, m));
      } catch (e) {
        // Expunged by another session while we searched.
        if (isMissingFile(e)) return false;
        throw e;
      }
    });
    // Messages removed meanwhile still count as looked at.
    progress.skip(chunk.length - rows.length);
    rows.forEach((m, j) => {
      if (!ok[j]) return;
      hits.uids.push(m.uid);
      hits.modseqs.push(m.modseq);
      hits.maxModseq = Math.max(hits.maxModseq, m.modseq);
    });
  }
  return hits;
}

/** What to return of a search (RFC 4731 §3.1): the options and whether to SAVE (RFC 5182). */
export interface ReturnSpec {
  opts: SearchReturn[];
  save: boolean;
}

/** Splits RETURN options; "RETURN ()" and an ESEARCH response without RETURN mean ALL (RFC 4731 §3.1). */
export function returnSpec(ret: readonly SearchReturn[] | undefined, esearch: boolean): ReturnSpec {
  const save = ret?.includes('SAVE') ?? false;
  let opts = (ret ?? []).filter((r) => r !== 'SAVE');
  if (esearch && opts.length === 0 && !save) opts = ['ALL'];
  return { opts, save };
}

/**
 * Queues one ESEARCH response (RFC 4731 §3.1, RFC 9051 §7.3.4): the correlator with the tag
 * (and for MULTISEARCH the mailbox and its UIDVALIDITY, RFC 7377 §2), UID when the numbers
 * are UIDs, then the requested results. MIN and MAX are left out when nothing matched.
 */
export function writeEsearch(
  s: Session,
  tag: string,
  ret: ReturnSpec,
  res: { uid: boolean; nums: readonly number[]; hits?: SearchHits; mailbox?: { name: string; uidValidity: number } },
): void {
  const nums = res.nums;
  const w = s.writer().raw('* ESEARCH (TAG ').quoted(tag);
  // Deviation (syntax): mox writes the name without quoting; we write a proper mailbox astring.
  if (res.mailbox) w.raw(' MAILBOX ').mailbox(res.mailbox.name).raw(` UIDVALIDITY ${res.mailbox.uidValidity}`);
  w.raw(')');
  if (res.uid) w.raw(' UID');
  if (ret.opts.includes('MIN') && nums.length > 0) w.raw(` MIN ${nums[0]}`);
  if (ret.opts.includes('MAX') && nums.length > 0) w.raw(` MAX ${nums[nums.length - 1]}`);
  if (ret.opts.includes('COUNT')) w.raw(` COUNT ${nums.length}`);
  if (ret.opts.includes('ALL') && nums.length > 0) w.raw(' ALL ').numSet(nums);
  // RFC 7162 §3.1.5 (with RFC 4731): the highest modseq of the messages returned: with only
  // MIN and/or MAX, of those messages; with ALL or COUNT, of all matches. `hits` is given
  // when the search had a MODSEQ key.
  const h = res.hits;
  if (h && nums.length > 0) {
    const onlyEnds = !ret.opts.includes('ALL') && !ret.opts.includes('COUNT');
    const min = ret.opts.includes('MIN') ? h.modseqs[0]! : 0;
    const max = ret.opts.includes('MAX') ? h.modseqs[h.modseqs.length - 1]! : 0;
    w.raw(` MODSEQ ${onlyEnds ? Math.max(min, max) : h.maxModseq}`);
  }
  s.send(w.crlf());
}
