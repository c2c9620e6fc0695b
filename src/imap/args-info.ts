// Facts about parsed commands that a session needs before running them.
import type { CommandArgs, FetchAtt, SearchKey } from './types.js';

function keysAny(k: SearchKey, pred: (k: SearchKey) => boolean): boolean {
  if (pred(k)) return true;
  switch (k.op) {
    case 'AND':
      return k.keys.some((x) => keysAny(x, pred));
    case 'OR':
      return keysAny(k.left, pred) || keysAny(k.right, pred);
    case 'NOT':
      return keysAny(k.key, pred);
    default:
      return false;
  }
}

const hasModseqAtt = (atts: readonly FetchAtt[]) => atts.some((a) => a.att === 'MODSEQ');

/**
 * Whether the command is a CONDSTORE-enabling command (RFC 7162 §3.1): SELECT/EXAMINE with
 * CONDSTORE or QRESYNC, STATUS or LIST RETURN STATUS with HIGHESTMODSEQ, FETCH with MODSEQ or
 * CHANGEDSINCE, SEARCH with MODSEQ, STORE with UNCHANGEDSINCE. ENABLE CONDSTORE is left to the
 * session.
 */
export function enablesCondstore(a: CommandArgs): boolean {
  switch (a.command) {
    case 'SELECT':
    case 'EXAMINE':
      return a.condstore || a.qresync !== undefined;
    case 'STATUS':
      return a.attributes.includes('HIGHESTMODSEQ');
    case 'LIST':
      return a.returnStatus?.includes('HIGHESTMODSEQ') ?? false;
    case 'FETCH':
    case 'UID FETCH':
      return a.changedSince !== undefined || hasModseqAtt(a.atts);
    case 'SEARCH':
    case 'UID SEARCH':
    case 'ESEARCH':
    case 'SORT':
    case 'UID SORT':
    case 'THREAD':
    case 'UID THREAD':
      return keysAny(a.key, (k) => k.op === 'MODSEQ');
    case 'STORE':
    case 'UID STORE':
      return a.unchangedSince !== undefined;
    default:
      return false;
  }
}

/**
 * Whether the command uses message sequence numbers, which UIDONLY forbids (RFC 9586 §3, answered
 * with `BAD [UIDREQUIRED]`): the non-UID FETCH, STORE, COPY, MOVE, REPLACE, SEARCH, SORT and
 * THREAD; a sequence-set search key in any search; SELECT/EXAMINE with QRESYNC sequence match data.
 */
export function usesSequenceNumbers(a: CommandArgs): boolean {
  switch (a.command) {
    case 'FETCH':
    case 'STORE':
    case 'COPY':
    case 'MOVE':
    case 'REPLACE':
    case 'SEARCH':
    case 'SORT':
    case 'THREAD':
      return true;
    case 'UID SEARCH':
    case 'ESEARCH':
    case 'UID SORT':
    case 'UID THREAD':
      return keysAny(a.key, (k) => k.op === 'SEQ' && k.set.kind === 'ranges');
    case 'SELECT':
    case 'EXAMINE':
      return a.qresync?.seqMatch !== undefined;
    default:
      return false;
  }
}
