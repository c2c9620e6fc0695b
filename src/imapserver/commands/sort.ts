import type { CommandArgs } from '../../imap/index.js';
import { needSelected, needSelectedMailbox } from '../guards.js';
import { no } from '../responses.js';
import { charsetSupported, scanMatches } from '../search-scan.js';
import { SearchMatcher } from '../search-match.js';
import type { Session } from '../session.js';
import { compareEntries, needsEnvelope, sortValue, type SortEntry } from '../sort-keys.js';

/**
 * Numbers in the given order as a sequence-set (RFC 5267 §3.1 ALL: "in the requested sort
 * order"): only ascending runs become ranges ("3:5"), so the order reads the same whichever
 * way a client expands a range.
 */
export function formatOrderedSet(nums: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    parts.push(j > i ? `${nums[i]}:${nums[j]}` : `${nums[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * SORT and UID SORT (RFC 5256 §3): the messages matching the search program, ordered by the
 * sort criteria, as a SORT response; with RETURN, an ESEARCH response (ESORT, RFC 5267 §3.1)
 * with MIN and MAX the first and last in sort order, ALL in sort order, COUNT, and SAVE
 * (RFC 5182). Sort values come from the stored envelope, not the message files.
 */
export async function sort(s: Session, tag: string, a: Extract<CommandArgs, { command: 'SORT' | 'UID SORT' }>): Promise<void> {
  const st = needSelected(s);
  const mb = needSelectedMailbox(st);
  if (!charsetSupported(a.charset)) throw no(`charset ${a.charset} not supported`, 'BADCHARSET (US-ASCII UTF-8)');
  const envelope = needsEnvelope(a.criteria);
  const hits = await scanMatches(s, st, mb.id, a.key, { parsed: envelope, files: false }, async (md) => {
    const env = envelope ? (await md.part()).envelope : undefined;
    return a.criteria.map((c) => sortValue(c.key, md.info, env));
  });
  const entries: SortEntry[] = hits.map((h) => ({ uid: h.uid, values: h.data }));
  entries.sort((x, y) => compareEntries(a.criteria, x, y));
  const view = st.mailbox;
  const nums = entries.map((e) => (a.uid ? e.uid : view.seqOf(e.uid)));
  const hasModseq = SearchMatcher.hasModseq(a.key);
  let maxModseq = 0;
  for (const h of hits) maxModseq = Math.max(maxModseq, h.modseq);

  const ret = a.return;
  if (ret === undefined) {
    let line = nums.length > 0 ? `* SORT ${nums.join(' ')}` : '* SORT';
    // RFC 7162 §3.1.6: with a MODSEQ search key, the highest modseq of the returned messages.
    if (hasModseq && nums.length > 0) line += ` (MODSEQ ${maxModseq})`;
    s.line(line);
    return;
  }
  // SAVE (RFC 5182 §2.1) keeps the matching messages for "$", as a set: the order is not kept.
  if (ret.includes('SAVE')) s.searchResult = hits.map((h) => h.uid);
  // RFC 4731 §3.1: "RETURN ()" means ALL.
  const opts = ret.length === 0 ? ['ALL'] : ret.filter((r) => r !== 'SAVE');
  // RFC 5182 §2.4: with only SAVE there is no ESEARCH response.
  if (opts.length === 0) return;
  const w = s.writer().raw('* ESEARCH (TAG ').quoted(tag).raw(')');
  if (a.uid) w.raw(' UID');
  if (opts.includes('MIN') && nums.length > 0) w.raw(` MIN ${nums[0]}`);
  if (opts.includes('MAX') && nums.length > 0) w.raw(` MAX ${nums[nums.length - 1]}`);
  if (opts.includes('COUNT')) w.raw(` COUNT ${nums.length}`);
  if (opts.includes('ALL') && nums.length > 0) w.raw(` ALL ${formatOrderedSet(nums)}`);
  if (hasModseq && nums.length > 0) w.raw(` MODSEQ ${maxModseq}`);
  s.send(w.crlf());
}
