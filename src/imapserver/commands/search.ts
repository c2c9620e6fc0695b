import { formatNumbers, type CommandArgs, type SearchKey } from '../../imap/index.js';
import { needSelected, needSelectedMailbox } from '../guards.js';
import { MessageData, isMissingFile } from '../message-data.js';
import { savedResult } from '../numsets.js';
import { no } from '../responses.js';
import { SearchMatcher } from '../search-match.js';
import type { Session } from '../session.js';

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
    case 'SUBJECT':
    case 'TEXT':
    case 'TO':
    case 'HEADER':
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE':
      return true;
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
 * SEARCH and UID SEARCH: RFC 9051 §6.4.4 (IMAP4rev1 RFC 3501 §6.4.4). The result is an
 * ESEARCH response (RFC 4731) when RETURN was given or IMAP4rev2 is enabled, else the old
 * SEARCH response. RETURN (SAVE) keeps the result for "$" (RFC 5182). Only messages the
 * session knows are searched.
 */
export async function search(s: Session, tag: string, a: Extract<CommandArgs, { command: 'SEARCH' | 'UID SEARCH' | 'ESEARCH' }>): Promise<void> {
  const st = needSelected(s);
  const mb = needSelectedMailbox(st);
  // RFC 9051 §6.4.4: unknown charsets get NO [BADCHARSET]; we search in Unicode.
  if (a.charset !== undefined && a.charset !== 'US-ASCII' && a.charset !== 'UTF-8') {
    throw no(`charset ${a.charset} not supported`, 'BADCHARSET (US-ASCII UTF-8)');
  }
  const ret = a.return;
  const save = ret?.includes('SAVE') ?? false;
  let opts = (ret ?? []).filter((r) => r !== 'SAVE');
  const esearch = ret !== undefined || s.rev2;
  // RFC 4731 §3.1: "RETURN ()" means ALL.
  if (esearch && opts.length === 0 && !save) opts = ['ALL'];
  const hasModseq = SearchMatcher.hasModseq(a.key);

  const view = st.mailbox;
  const all = view.all();
  const saved = new Set(savedResult(s, view));
  const matcher = new SearchMatcher(
    { now: s.ports.clock.now(), exists: view.exists, maxUid: all[all.length - 1] ?? 0, saved, seqOf: (u) => view.seqOf(u) },
    a.key,
  );
  const matched: number[] = [];
  let maxModseq = 0;
  const content = needsContent(a.key);
  // Rows in chunks, so a large mailbox is never held in memory at once; messages whose content
  // is read are evaluated a few at a time (file reads overlap), results kept in UID order.
  for (let i = 0; i < all.length; i += searchChunk) {
    const rows = st.account.messagesByUids(mb.id, all.slice(i, i + searchChunk), { lean: !content });
    const ok = await mapLimit(rows, content ? 8 : 1, async (m) => {
      if (view.seqOf(m.uid) === 0) return false;
      try {
        return await matcher.match(new MessageData(st.account, m));
      } catch (e) {
        // Expunged by another session while we searched.
        if (isMissingFile(e)) return false;
        throw e;
      }
    });
    rows.forEach((m, j) => {
      if (!ok[j]) return;
      matched.push(m.uid);
      maxModseq = Math.max(maxModseq, m.modseq);
    });
  }
  if (save) s.searchResult = matched;
  const nums = a.uid ? matched : matched.map((u) => view.seqOf(u));

  if (!esearch) {
    // RFC 3501 §7.2.5: one SEARCH response, also when nothing matched.
    let line = '* SEARCH';
    for (const n of nums) line += ` ${n}`;
    if (hasModseq && nums.length > 0) line += ` (MODSEQ ${maxModseq})`;
    s.line(line);
    return;
  }
  // RFC 5182 §2.4: with only SAVE there is no ESEARCH response.
  if (opts.length === 0) return;
  const w = s.writer().raw('* ESEARCH (TAG ').quoted(tag).raw(')');
  if (a.uid) w.raw(' UID');
  // RFC 4731 §3.1: MIN and MAX are left out when nothing matched.
  if (opts.includes('MIN') && nums.length > 0) w.raw(` MIN ${nums[0]}`);
  if (opts.includes('MAX') && nums.length > 0) w.raw(` MAX ${nums[nums.length - 1]}`);
  if (opts.includes('COUNT')) w.raw(` COUNT ${nums.length}`);
  if (opts.includes('ALL') && nums.length > 0) w.raw(` ALL ${formatNumbers(nums)}`);
  // RFC 7162 §3.1.5 (with RFC 4731): the highest modseq of the returned messages.
  if (hasModseq && nums.length > 0) w.raw(` MODSEQ ${maxModseq}`);
  s.send(w.crlf());
}
