// The THREAD algorithms of RFC 5256 §3: ORDEREDSUBJECT ("poor man's threading") and
// REFERENCES (after Jamie Zawinski's threading), plus the THREAD response's thread-list
// syntax (§4, §5). Pure: callers hand in what each message contributes. Every tree walk is
// iterative, so a reply chain of any length cannot overflow the stack.
import { compareKeys } from './collation.js';

/** What threading needs of one message. */
export interface ThreadItem {
  /** The number the response shows: a sequence number or a UID. */
  num: number;
  /** Position in the mailbox (the UID); breaks ties of equal sent dates (RFC 5256 §2.2). */
  order: number;
  /** Sent date in ms since the epoch (RFC 5256 §2.2). */
  date: number;
  /** Collation key of the base subject (RFC 5256 §2.1, collation.ts); "" when empty. */
  subjectKey: string;
  /** Whether base subject extraction found a reply or forward marker (RFC 5256 §3). */
  isReply: boolean;
  /** Normalised Message-ID (see {@link messageIdsOf}); undefined when absent or invalid. */
  messageId?: string;
  /** Normalised references, oldest first (see {@link threadReferencesOf}). */
  references: readonly string[];
}

/** A node of a thread tree; `num` is null for a dummy parent (a message not in the result). */
export interface ThreadNode {
  num: number | null;
  children: ThreadNode[];
}

/**
 * Splits a Message-ID, References or In-Reply-To value into normalised msg-ids (RFC 5256 §3:
 * quoting must not make ids differ): without angle brackets, a quoted local part unquoted.
 * Text outside "<...>" is skipped; ids without a local part, "@" and domain are not valid and
 * left out. Case is kept: RFC 5256 §3 compares Message IDs case-sensitively.
 */
export function messageIdsOf(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/<([^<>]*)>/g)) {
    const id = normalizeId(m[1]!.replace(/[ \t\r\n]/g, ''));
    if (id !== undefined) out.push(id);
  }
  return out;
}

function normalizeId(s: string): string | undefined {
  let local: string;
  let rest: string;
  if (s.startsWith('"')) {
    local = '';
    let i = 1;
    for (; i < s.length && s[i] !== '"'; i++) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      local += s[i];
    }
    if (i >= s.length) return undefined;
    rest = s.slice(i + 1);
    if (!rest.startsWith('@')) return undefined;
  } else {
    const at = s.lastIndexOf('@');
    if (at < 0) return undefined;
    local = s.slice(0, at);
    rest = s.slice(at);
  }
  if (local === '' || rest.length < 2) return undefined;
  return local + rest;
}

/**
 * The references of a message for the REFERENCES algorithm (RFC 5256 §3): the ids of its
 * References fields; when those hold none, the first id of In-Reply-To; else none.
 */
export function threadReferencesOf(references: readonly string[], inReplyTo: string | undefined): string[] {
  const out: string[] = [];
  for (const r of references) out.push(...messageIdsOf(r));
  if (out.length > 0 || inReplyTo === undefined) return out;
  return messageIdsOf(inReplyTo).slice(0, 1);
}

function byDate(a: ThreadItem, b: ThreadItem): number {
  return a.date - b.date || a.order - b.order;
}

/**
 * ORDEREDSUBJECT (RFC 5256 §3): messages sorted by base subject, then sent date; each run of
 * one base subject is a thread whose first message has all others as children; threads in
 * order of their first message's sent date.
 */
export function threadOrderedSubject(items: readonly ThreadItem[]): ThreadNode[] {
  const sorted = [...items].sort((a, b) => compareKeys(a.subjectKey, b.subjectKey) || byDate(a, b));
  const threads: { first: ThreadItem; node: ThreadNode }[] = [];
  let cur: ThreadNode | undefined;
  let curKey = '';
  for (const it of sorted) {
    if (cur && it.subjectKey === curKey) {
      cur.children.push({ num: it.num, children: [] });
      continue;
    }
    cur = { num: it.num, children: [] };
    curKey = it.subjectKey;
    threads.push({ first: it, node: cur });
  }
  threads.sort((a, b) => byDate(a.first, b.first));
  return threads.map((t) => t.node);
}

/** A message or dummy during REFERENCES threading; children keep insertion order. */
class Container {
  parent: Container | undefined;
  readonly children = new Set<Container>();
  constructor(public item?: ThreadItem) {}
}

function link(parent: Container, child: Container): void {
  child.parent = parent;
  parent.children.add(child);
}

function unlink(child: Container): void {
  child.parent?.children.delete(child);
  child.parent = undefined;
}

/** Whether making `parent` the parent of `child` would make a loop (RFC 5256 §3 step 1.A). */
function wouldLoop(parent: Container, child: Container): boolean {
  if (child.children.size === 0) return parent === child;
  for (let p: Container | undefined = parent; p; p = p.parent) if (p === child) return true;
  return false;
}

/** Containers under `root` in post-order (children before parents), root excluded. */
function postOrder(root: Container): Container[] {
  const out: Container[] = [];
  const stack: [Container, boolean][] = [...root.children].reverse().map((c) => [c, false]);
  while (stack.length > 0) {
    const [c, expanded] = stack.pop()!;
    if (expanded) {
      out.push(c);
      continue;
    }
    stack.push([c, true]);
    const kids = [...c.children];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, false]);
  }
  return out;
}

/** The message a container sorts and is named by: itself, or a dummy's first child. */
function lead(c: Container): ThreadItem {
  let x = c;
  while (!x.item) x = x.children.values().next().value!;
  return x.item;
}

function sortChildren(c: Container): void {
  if (c.children.size < 2) return;
  const kids = [...c.children].sort((a, b) => byDate(lead(a), lead(b)));
  c.children.clear();
  for (const k of kids) c.children.add(k);
}

/** RFC 5256 §3 REFERENCES step 1: parent/child links from each message's references. */
function linkByReferences(items: readonly ThreadItem[]): Container[] {
  const byId = new Map<string, Container>();
  const all: Container[] = [];
  const get = (id: string): Container => {
    let c = byId.get(id);
    if (!c) {
      c = new Container();
      byId.set(id, c);
      all.push(c);
    }
    return c;
  };
  // Lowest sequence number first: a duplicate Message-ID stays with the first message.
  for (const it of [...items].sort((a, b) => a.order - b.order)) {
    const known = it.messageId === undefined ? undefined : byId.get(it.messageId);
    let own: Container;
    if (it.messageId !== undefined && (!known || !known.item)) {
      own = get(it.messageId);
    } else {
      // No valid Message-ID, or a duplicate: a unique id, i.e. a container no id leads to.
      own = new Container();
      all.push(own);
    }
    own.item = it;
    // Step 1.A: link the references in a chain; never change an existing parent, never loop.
    let prev: Container | undefined;
    for (const ref of it.references) {
      const c = get(ref);
      if (prev && !c.parent && !wouldLoop(prev, c)) link(prev, c);
      prev = c;
    }
    // Step 1.B: the last reference is the parent; an older link (truncated References) goes.
    if (own.parent) unlink(own);
    if (prev && !wouldLoop(prev, own)) link(prev, own);
  }
  return all;
}

/**
 * REFERENCES (RFC 5256 §3): threads from References/In-Reply-To, dummy parents for messages
 * not in the result, then threads merged by base subject, siblings in sent date order.
 */
export function threadReferences(items: readonly ThreadItem[]): ThreadNode[] {
  const all = linkByReferences(items);
  // Step 2: every message without a parent goes under the root.
  const root = new Container();
  for (const c of all) if (!c.parent) link(root, c);

  // Step 3: prune dummies, children before parents, so promoted children are final.
  for (const c of postOrder(root)) {
    if (c.item) continue;
    const parent = c.parent!;
    if (c.children.size === 0) {
      unlink(c);
      continue;
    }
    // Children are not promoted to the root unless there is only one.
    if (parent === root && c.children.size > 1) continue;
    unlink(c);
    for (const k of [...c.children]) link(parent, k);
    c.children.clear();
  }

  // Step 4: top-level siblings by sent date; a dummy by its first child after sorting its children.
  for (const c of root.children) if (!c.item) sortChildren(c);
  sortChildren(root);

  mergeBySubject(root);

  // Step 6: every set of siblings by sent date, the deepest first; dummies by their first child.
  for (const c of postOrder(root)) sortChildren(c);
  sortChildren(root);
  return toNodes(root);
}

/** RFC 5256 §3 REFERENCES step 5: threads under the root with one base subject are merged. */
function mergeBySubject(root: Container): void {
  const top = [...root.children];
  // Step 5.B: one message per base subject, preferring dummies and non-replies.
  const table = new Map<string, Container>();
  for (const c of top) {
    const key = lead(c).subjectKey;
    if (key === '') continue;
    const t = table.get(key);
    if (!t || (t.item && (!c.item || (t.item.isReply && !c.item.isReply)))) table.set(key, c);
  }
  // Step 5.C: merge each thread with the one in the table.
  for (const c of top) {
    if (c.parent !== root) continue; // Merged into another thread already.
    const key = lead(c).subjectKey;
    if (key === '') continue;
    const t = table.get(key)!;
    if (t === c) continue;
    if (!t.item && !c.item) {
      // Both dummies: the children become siblings; the current dummy goes.
      unlink(c);
      for (const k of [...c.children]) link(t, k);
      c.children.clear();
    } else if (!t.item || (c.item?.isReply === true && !t.item.isReply)) {
      unlink(c);
      link(t, c);
    } else {
      // A new dummy with both as children takes the table message's place.
      const d = new Container();
      unlink(t);
      unlink(c);
      link(d, t);
      link(d, c);
      link(root, d);
      table.set(key, d);
    }
  }
}

/** The containers under the root as ThreadNodes (children already in order). */
function toNodes(root: Container): ThreadNode[] {
  const made = new Map<Container, ThreadNode>();
  for (const c of postOrder(root)) {
    made.set(c, { num: c.item ? c.item.num : null, children: [...c.children].map((k) => made.get(k)!) });
  }
  return [...root.children].map((c) => made.get(c)!);
}

/**
 * Formats threads as the THREAD response data (RFC 5256 §4, syntax §5): a thread-list per
 * thread; a chain of single children as "1 2 3", two or more children each in parentheses:
 * "(3 6 (4 23)(44 7 96))".
 * A dummy parent has no number: "((3)(5))".
 */
export function formatThreads(threads: readonly ThreadNode[]): string {
  const out: string[] = [];
  const stack: (ThreadNode | string)[] = [];
  for (let i = threads.length - 1; i >= 0; i--) stack.push(threads[i]!);
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      out.push(top);
      continue;
    }
    out.push('(');
    let n = top;
    let numbers = 0;
    for (;;) {
      if (n.num !== null) out.push(numbers++ === 0 ? `${n.num}` : ` ${n.num}`);
      if (n.children.length !== 1) break;
      n = n.children[0]!;
    }
    if (n.children.length > 1 && numbers > 0) out.push(' ');
    stack.push(')');
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out.join('');
}
