// Mailbox names: "/" as hierarchy separator, "Inbox" for INBOX in any case (RFC 9051 §5.1),
// LIST patterns with "%" and "*" (RFC 9051 §6.3.9), and the name rules mox enforces.
import { no } from './responses.js';

/** The hierarchy separator. */
export const SEPARATOR = '/';

/** The parent of a mailbox name, or "" for a top-level name. */
export function parentName(name: string): string {
  const i = name.lastIndexOf(SEPARATOR);
  return i < 0 ? '' : name.slice(0, i);
}

/** Canonical case for INBOX as the first hierarchy element ("INBOX/x" becomes "Inbox/x"). */
export function normalizeInbox(name: string): string {
  const first = name.split(SEPARATOR, 1)[0]!;
  return first.toLowerCase() === 'inbox' ? `Inbox${name.slice(5)}` : name;
}

/**
 * Matches a name against one LIST pattern: "%" matches anything but the separator, "*"
 * anything (RFC 9051 §6.3.9). Dynamic programming, so patterns with many wildcards cannot
 * make it slow (a regular expression could backtrack exponentially).
 */
export function matchPattern(pattern: string, name: string): boolean {
  const p = [...pattern];
  const n = [...name];
  // prev[j]: pattern[0..i) matches name[0..j).
  let prev: boolean[] = new Array<boolean>(n.length + 1).fill(false);
  prev[0] = true;
  for (let i = 1; i <= p.length; i++) {
    const c = p[i - 1]!;
    const cur: boolean[] = new Array<boolean>(n.length + 1).fill(false);
    if (c === '*' || c === '%') {
      cur[0] = prev[0]!;
      for (let j = 1; j <= n.length; j++) cur[j] = prev[j]! || (cur[j - 1]! && (c === '*' || n[j - 1] !== SEPARATOR));
    } else {
      for (let j = 1; j <= n.length; j++) cur[j] = prev[j - 1]! && n[j - 1] === c;
    }
    prev = cur;
  }
  return prev[n.length]!;
}

/**
 * Returns a matcher for LIST/LSUB: reference and pattern are joined (RFC 9051 §6.3.9), with
 * Inbox case-normalised. Empty patterns match nothing.
 */
export function patternMatcher(reference: string, patterns: readonly string[]): (name: string) => boolean {
  if (reference.startsWith(SEPARATOR)) return () => false;
  const full: string[] = [];
  for (const pat of patterns) {
    if (pat === '' || pat.startsWith(SEPARATOR)) continue;
    let f = pat;
    if (reference !== '') f = reference.endsWith(SEPARATOR) ? reference + pat : `${reference}${SEPARATOR}${pat}`;
    full.push(normalizeInbox(f));
  }
  return (name) => full.some((f) => matchPattern(f, name));
}

/**
 * Checks a name for CREATE and RENAME as mox does: not empty, no leading, trailing or double
 * "/", no control characters or "%" and "*", Unicode NFC. Returns it with Inbox normalised.
 */
export function checkMailboxName(name: string): string {
  const n = normalizeInbox(name);
  if (n === '') throw no('empty mailbox name', 'CANNOT');
  if (n.startsWith(SEPARATOR) || n.endsWith(SEPARATOR) || n.includes('//')) throw no('bad slashes in mailbox name', 'CANNOT');
  // As mox: no "." or ".." elements (names may become paths in exports and tools).
  for (const e of n.split(SEPARATOR)) if (e === '.' || e === '..') throw no(`"${e}" not allowed in mailbox name`, 'CANNOT');
  if (/[\x00-\x1f\x7f%*]/u.test(n) || /[\u0080-\u009f\u2028\u2029]/u.test(n)) throw no('character not allowed in mailbox name', 'CANNOT');
  if (n.normalize('NFC') !== n) throw no('mailbox name not normalized', 'CANNOT');
  if (n.startsWith('#')) throw no('mailbox name cannot start with #', 'CANNOT');
  return n;
}
