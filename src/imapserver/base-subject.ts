// Base subject extraction (RFC 5256 §2.1) for SORT SUBJECT and THREAD: the subject without
// reply and forward markers, mailing list tags and trailing "(fwd)", so replies sort and
// thread with the message they answer.

/** A base subject and whether extracting it showed the message is a reply or forward. */
export interface BaseSubject {
  /** The base subject, in the case it was written; compare it with the collation (collation.ts). */
  base: string;
  /**
   * RFC 5256 §3 (THREAD): the extraction removed a subj-refwd ("Re:", "Fwd:"), a "(fwd)" trailer or a
   * "[fwd: ...]" wrapper.
   */
  isReply: boolean;
}

const SP = 0x20;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;

/** Index after the spaces at `i`. Step 1 turned all white space into single spaces. */
function skipSpace(s: string, i: number): number {
  while (s.charCodeAt(i) === SP) i++;
  return i;
}

/**
 * Index after a subj-blob ("[" *BLOBCHAR "]" *WSP, RFC 5256 §5) starting at `i`, or -1.
 * Deviation (interop): BLOBCHAR is read as any character but "[" and "]", non-ASCII included,
 * as the subject is in UTF-8 by now (RFC 5256 §2.1 step 1); the ABNF lists only US-ASCII.
 */
function blobEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== LBRACKET) return -1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === LBRACKET) return -1;
    if (c === RBRACKET) return skipSpace(s, j + 1);
  }
  return -1;
}

/** Whether `s` has `word` (lower case ASCII) at `i`, in any case. */
function wordAt(s: string, i: number, word: string): boolean {
  return s.slice(i, i + word.length).toLowerCase() === word;
}

/**
 * The end of a subj-leader at the start of `s` (RFC 5256 §5: (*subj-blob subj-refwd) / WSP),
 * or undefined; `refwd` tells whether it held a subj-refwd.
 */
function leaderEnd(s: string): { end: number; refwd: boolean } | undefined {
  if (s.charCodeAt(0) === SP) return { end: 1, refwd: false };
  let i = 0;
  for (let e = blobEnd(s, i); e >= 0; e = blobEnd(s, i)) i = e;
  // subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
  if (wordAt(s, i, 're')) i += 2;
  else if (wordAt(s, i, 'fw')) i += wordAt(s, i + 2, 'd') ? 3 : 2;
  else return undefined;
  i = skipSpace(s, i);
  const b = blobEnd(s, i);
  if (b >= 0) i = b;
  if (s.charCodeAt(i) !== COLON) return undefined;
  return { end: i + 1, refwd: true };
}

/**
 * Extracts the base subject of an already RFC 2047-decoded subject, following RFC 5256 §2.1
 * steps 1 to 7 exactly (the ABNF of §5 is ambiguous, the steps are not).
 */
export function baseSubject(subject: string): BaseSubject {
  // Step 1: tabs and continuations become spaces; runs of spaces become one.
  let s = subject.replace(/[ \t\r\n]+/g, ' ');
  let isReply = false;
  for (;;) {
    // Step 2: trailing subj-trailer ("(fwd)" / WSP), repeatedly.
    for (;;) {
      if (s.endsWith(' ')) s = s.slice(0, -1);
      else if (s.length >= 5 && s.slice(-5).toLowerCase() === '(fwd)') {
        s = s.slice(0, -5);
        isReply = true;
      } else break;
    }
    // Step 5: repeat steps 3 and 4 until nothing changes.
    for (;;) {
      const before = s;
      // Step 3: a leading subj-leader.
      const l = leaderEnd(s);
      if (l) {
        s = s.slice(l.end);
        if (l.refwd) isReply = true;
      }
      // Step 4: a leading subj-blob, when what follows is a non-empty subj-base.
      const b = blobEnd(s, 0);
      if (b >= 0 && b < s.length) s = s.slice(b);
      if (s === before) break;
    }
    // Step 6: a "[fwd:" ... "]" wrapper; then again from step 2.
    if (s.length >= 6 && wordAt(s, 0, '[fwd:') && s.endsWith(']')) {
      s = s.slice(5, -1);
      isReply = true;
      continue;
    }
    // Step 7.
    return { base: s, isReply };
  }
}
