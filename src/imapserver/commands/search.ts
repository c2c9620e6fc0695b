import type { CommandArgs } from '../../imap/index.js';
import { needSelected, needSelectedMailbox } from '../guards.js';
import { savedResult } from '../numsets.js';
import { Progress } from '../progress.js';
import { no } from '../responses.js';
import { SearchMatcher } from '../search-match.js';
import { returnSpec, searchMailbox, writeEsearch } from '../search-run.js';
import type { Session } from '../session.js';

/** RFC 9051 §6.4.4: unknown charsets get NO [BADCHARSET]; we search in Unicode. */
export function needCharset(charset: string | undefined): void {
  if (charset !== undefined && charset !== 'US-ASCII' && charset !== 'UTF-8') {
    throw no(`charset ${charset} not supported`, 'BADCHARSET (US-ASCII UTF-8)');
  }
}

/**
 * SEARCH and UID SEARCH: RFC 9051 §6.4.4 (IMAP4rev1 RFC 3501 §6.4.4). The result is an
 * ESEARCH response (RFC 4731) when RETURN was given or IMAP4rev2 is enabled, else the old
 * SEARCH response. RETURN (SAVE) keeps the result for "$" (RFC 5182). Only messages the
 * session knows are searched. Long searches send INPROGRESS responses (RFC 9585).
 */
export async function search(s: Session, tag: string, a: Extract<CommandArgs, { command: 'SEARCH' | 'UID SEARCH' | 'ESEARCH' }>): Promise<void> {
  const st = needSelected(s);
  const mb = needSelectedMailbox(st);
  needCharset(a.charset);
  const esearch = a.return !== undefined || s.rev2;
  const ret = returnSpec(a.return, esearch);
  const view = st.mailbox;
  const saved = new Set(savedResult(s, view));
  // RFC 5182 §2.1: a failing SEARCH (SAVE) leaves "$" empty.
  if (ret.save) s.searchResult = [];
  const progress = new Progress(s, tag, view.exists);
  const hits = await searchMailbox(
    s,
    st.account,
    { mailboxId: mb.id, uids: view.all(), seqOf: (u) => view.seqOf(u), saved },
    a.key,
    progress,
  );
  if (ret.save) s.searchResult = hits.uids;
  const nums = a.uid ? hits.uids : hits.uids.map((u) => view.seqOf(u));
  const hasModseq = SearchMatcher.hasModseq(a.key);

  if (!esearch) {
    // RFC 3501 §7.2.5: one SEARCH response, also when nothing matched.
    let line = '* SEARCH';
    for (const n of nums) line += ` ${n}`;
    if (hasModseq && nums.length > 0) line += ` (MODSEQ ${hits.maxModseq})`;
    s.line(line);
    return;
  }
  // RFC 5182 §2.4: with only SAVE there is no ESEARCH response.
  if (ret.opts.length === 0) return;
  writeEsearch(s, tag, ret, { uid: a.uid, nums, ...(hasModseq ? { hits } : {}) });
}
