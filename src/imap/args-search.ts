// Arguments of SEARCH and UID SEARCH (RFC 9051 §6.4.4, ESEARCH RFC 4731, SEARCHRES RFC 5182,
// CONDSTORE RFC 7162 §3.1.5, WITHIN RFC 5032, SAVEDATE RFC 8514) and the MULTISEARCH ESEARCH
// command (RFC 7377).
import { mailboxFilter } from './args-notify.js';
import type { Parser } from './parser.js';
import type { CommandArgs, MailboxFilter, SearchKey, SearchReturn, SortCriterion, SortKey } from './types.js';

type Arg = 'none' | 'astring' | 'header' | 'keyword' | 'date' | 'number64' | 'nzNumber' | 'set' | 'not' | 'or' | 'modseq';

const KEYS: Readonly<Record<string, Arg>> = Object.freeze({
  ALL: 'none', ANSWERED: 'none', DELETED: 'none', DRAFT: 'none', FLAGGED: 'none', SEEN: 'none', NEW: 'none', OLD: 'none',
  RECENT: 'none', UNANSWERED: 'none', UNDELETED: 'none', UNDRAFT: 'none', UNFLAGGED: 'none', UNSEEN: 'none',
  SAVEDATESUPPORTED: 'none',
  BCC: 'astring', BODY: 'astring', CC: 'astring', FROM: 'astring', SUBJECT: 'astring', TEXT: 'astring', TO: 'astring',
  HEADER: 'header',
  KEYWORD: 'keyword', UNKEYWORD: 'keyword',
  BEFORE: 'date', ON: 'date', SINCE: 'date', SENTBEFORE: 'date', SENTON: 'date', SENTSINCE: 'date',
  SAVEDBEFORE: 'date', SAVEDON: 'date', SAVEDSINCE: 'date',
  LARGER: 'number64', SMALLER: 'number64',
  OLDER: 'nzNumber', YOUNGER: 'nzNumber',
  UID: 'set',
  NOT: 'not',
  OR: 'or',
  MODSEQ: 'modseq',
});

const SEARCH_RETURNS: readonly SearchReturn[] = ['MIN', 'MAX', 'ALL', 'COUNT', 'SAVE'];

/** One search-key, recursing into parentheses, NOT and OR up to the depth limit. */
export function searchKey(p: Parser): SearchKey {
  const max = p.opts.maxSearchDepth ?? 50;
  if (p.depth >= max) throw p.error(`search keys nested too deeply (max ${max})`);
  p.depth++;
  try {
    return searchKey0(p);
  } finally {
    p.depth--;
  }
}

function searchKey0(p: Parser): SearchKey {
  const c = p.peekByte();
  if (c === 0x28) return { op: 'AND', keys: p.list(() => searchKey(p)) };
  if ((c >= 0x30 && c <= 0x39) || c === 0x2a || c === 0x24) return { op: 'SEQ', set: p.numSet() };
  const w = p.peekWord();
  const arg = Object.hasOwn(KEYS, w) ? KEYS[w] : undefined;
  if (arg === undefined) throw p.error(w ? `unknown search key ${w}` : 'expected search key');
  p.take(w);
  const op = w as never;
  if (arg === 'none') return { op };
  p.sp();
  switch (arg) {
    case 'astring':
      return { op, value: p.astringText() };
    case 'header': {
      const field = p.astringText();
      p.sp();
      return { op: 'HEADER', field, value: p.astringText() };
    }
    case 'keyword':
      return { op, keyword: p.atom() };
    case 'date':
      return { op, date: p.date() };
    case 'number64':
      return { op, size: p.number64() };
    case 'nzNumber':
      return { op, seconds: p.nzNumber() };
    case 'set':
      return { op: 'UID', set: p.numSet() };
    case 'not':
      return { op: 'NOT', key: searchKey(p) };
    case 'or': {
      const left = searchKey(p);
      p.sp();
      return { op: 'OR', left, right: searchKey(p) };
    }
    case 'modseq': {
      // RFC 7162 §3.1.5: MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer.
      if (p.peekByte() !== 0x22) return { op: 'MODSEQ', modseq: p.number64() };
      const name = p.text(p.quoted());
      if (!/^\/flags\/\\?[^\\]+$/i.test(name)) throw p.error('bad MODSEQ entry name');
      p.sp();
      const type = p.needWord(['PRIV', 'SHARED', 'ALL'], 'priv, shared or all');
      p.sp();
      return { op: 'MODSEQ', modseq: p.number64(), entry: { name, type } };
    }
  }
}

const SORT_KEYS: readonly SortKey[] = ['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO', 'DISPLAYFROM', 'DISPLAYTO'];

/** search-program after the optional RETURN: ["CHARSET" SP charset SP] search-key *(SP search-key). */
function searchProgram(p: Parser): { charset?: string; key: SearchKey & { op: 'AND' } } {
  let charset: string | undefined;
  if (p.takeWord(['CHARSET'])) {
    p.sp();
    charset = (p.peekByte() === 0x22 ? p.text(p.quoted()) : p.atom()).toUpperCase();
    p.foreignCharset = charset !== 'UTF-8' && charset !== 'US-ASCII';
    p.sp();
  }
  const keys = [searchKey(p)];
  while (p.takeSp()) keys.push(searchKey(p));
  p.end();
  return { ...(charset !== undefined ? { charset } : {}), key: { op: 'AND', keys } };
}

/** RETURN "(" [search-return-opt *(SP search-return-opt)] ")" SP; unknown options are BAD (RFC 4466 §2.6.1). */
function searchReturn(p: Parser): SearchReturn[] | undefined {
  if (!p.takeWord(['RETURN'])) return undefined;
  p.sp();
  const r = p.list(() => p.needWord(SEARCH_RETURNS, 'MIN, MAX, ALL, COUNT or SAVE'), true);
  p.sp();
  return r;
}

/** SEARCH/UID SEARCH [SP RETURN (...)] SP search-program. */
export function parseSearch(command: 'SEARCH' | 'UID SEARCH') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const ret = searchReturn(p);
    return { command, uid: command === 'UID SEARCH', ...(ret ? { return: ret } : {}), ...searchProgram(p) };
  };
}

/** ESEARCH [SP "IN" SP "(" filter-mailboxes *(SP filter-mailboxes) ")"] [SP RETURN (...)] SP search-program (RFC 7377 §2). */
export function parseEsearch(p: Parser): CommandArgs {
  p.sp();
  let sources: MailboxFilter[] | undefined;
  if (p.takeWord(['IN'])) {
    p.sp();
    // todo(RFC 7377 §2): scope options are not parsed; none are defined.
    sources = p.list(() => mailboxFilter(p, 'esearch'));
    p.sp();
  }
  const ret = searchReturn(p);
  // RFC 7377 §2: results are always ESEARCH responses with UIDs.
  return { command: 'ESEARCH', uid: true, ...(sources ? { sources } : {}), ...(ret ? { return: ret } : {}), ...searchProgram(p) };
}

/** search-criteria of SORT and THREAD: charset 1*(SP search-key); the charset is required (RFC 5256 §5). */
function searchCriteria(p: Parser): { charset: string; key: SearchKey & { op: 'AND' } } {
  const charset = (p.peekByte() === 0x22 ? p.text(p.quoted()) : p.atom()).toUpperCase();
  p.foreignCharset = charset !== 'UTF-8' && charset !== 'US-ASCII';
  p.sp();
  const keys = [searchKey(p)];
  while (p.takeSp()) keys.push(searchKey(p));
  p.end();
  return { charset, key: { op: 'AND', keys } };
}

/**
 * SORT/UID SORT [SP RETURN (...)] SP "(" ["REVERSE" SP] sort-key ... ")" SP search-criteria
 * (RFC 5256 §5, DISPLAYFROM/DISPLAYTO RFC 5957, RETURN RFC 5267 §3.2). Go mox does not implement
 * SORT; this is here so a server can.
 */
export function parseSort(command: 'SORT' | 'UID SORT') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const ret = searchReturn(p);
    const criteria = p.list((): SortCriterion => {
      const reverse = p.takeWord(['REVERSE']) !== undefined;
      if (reverse) p.sp();
      return { key: p.needWord(SORT_KEYS, 'sort key'), reverse };
    });
    p.sp();
    return { command, uid: command === 'UID SORT', criteria, ...(ret ? { return: ret } : {}), ...searchCriteria(p) };
  };
}

/** THREAD/UID THREAD SP thread-alg SP search-criteria (RFC 5256 §5); the algorithm is uppercased. */
export function parseThread(command: 'THREAD' | 'UID THREAD') {
  return (p: Parser): CommandArgs => {
    p.sp();
    const algorithm = p.atom().toUpperCase();
    p.sp();
    return { command, uid: command === 'UID THREAD', algorithm, ...searchCriteria(p) };
  };
}
