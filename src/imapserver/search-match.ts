// Evaluating a search program against one message (RFC 9051 §6.4.4): flags and keywords,
// sizes, dates, sequence and UID sets, and case-insensitive substring matching on header
// fields, body text and both.
import { numSetContains, type ImapDate, type SearchKey } from '../imap/index.js';
import {
  decodeWords,
  headerBytesToString,
  messageBuffer,
  parseDateTime,
  parseHeader,
  partText,
  type Envelope,
  type Header,
  type Part,
} from '../message/index.js';
import { parseFlags, type MessageInfo } from '../store/index.js';
import type { MessageData } from './message-data.js';

const DAY_MS = 86_400_000;

/** What matching needs from the session. */
export interface SearchContext {
  /** Current time (OLDER, YOUNGER: RFC 5032). */
  now: number;
  /** Number of messages, for "*" in sequence sets. */
  exists: number;
  /** Highest UID the session knows, for "*" in UID sets. */
  maxUid: number;
  /** The saved result for "$" (RFC 5182). */
  saved: ReadonlySet<number>;

  seqOf(uid: number): number;
}

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function dateMs(d: ImapDate): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

function compareDay(op: string, day: number, d: ImapDate): boolean {
  const want = dateMs(d);
  if (op.endsWith('BEFORE')) return day < want;
  if (op.endsWith('ON')) return day === want;
  return day >= want;
}

function contains(hay: string, needle: string): boolean {
  return hay.toLowerCase().includes(needle.toLowerCase());
}

/** Matches messages against one search program; message content is read only when a key needs it. */
export class SearchMatcher {
  constructor(
    private readonly ctx: SearchContext,
    readonly key: SearchKey,
  ) {}

  /** Whether the program has a MODSEQ key (the response then carries the highest modseq, RFC 7162 §3.1.5). */
  static hasModseq(k: SearchKey): boolean {
    switch (k.op) {
      case 'AND':
        return k.keys.some((x) => SearchMatcher.hasModseq(x));
      case 'OR':
        return SearchMatcher.hasModseq(k.left) || SearchMatcher.hasModseq(k.right);
      case 'NOT':
        return SearchMatcher.hasModseq(k.key);
      default:
        return k.op === 'MODSEQ';
    }
  }

  /** Whether the message matches. */
  async match(md: MessageData): Promise<boolean> {
    return new Evaluation(this.ctx, md).eval(this.key);
  }

  /** Whether a message row matches a program without header or text keys (synchronous). */
  matchRow(m: MessageInfo): boolean {
    const r = metaMatch(this.ctx, m, this.key);
    if (r === undefined) throw new Error('search program needs message content');
    return r;
  }
}

const flagBit = (name: string): number => parseFlags([`\\${name}`]).bits;
const FLAG_BITS: Record<string, number> = {
  ANSWERED: flagBit('Answered'),
  DELETED: flagBit('Deleted'),
  DRAFT: flagBit('Draft'),
  FLAGGED: flagBit('Flagged'),
  SEEN: flagBit('Seen'),
};

/**
 * Evaluates keys that need only the message row (flags, keywords, sizes, dates, sets,
 * modseq), synchronously; undefined when the key (or a part of it) needs headers or text.
 */
export function metaMatch(ctx: SearchContext, m: MessageInfo, k: SearchKey): boolean | undefined {
  switch (k.op) {
    case 'AND': {
      let all = true;
      for (const x of k.keys) {
        const r = metaMatch(ctx, m, x);
        if (r === undefined) return undefined;
        if (!r) all = false;
      }
      return all;
    }
    case 'OR': {
      const l = metaMatch(ctx, m, k.left);
      const r = metaMatch(ctx, m, k.right);
      return l === undefined || r === undefined ? undefined : l || r;
    }
    case 'NOT': {
      const r = metaMatch(ctx, m, k.key);
      return r === undefined ? undefined : !r;
    }
    case 'SEQ': {
      if (k.set.kind === 'saved') return ctx.saved.has(m.uid);
      return numSetContains(k.set, ctx.seqOf(m.uid), ctx.exists);
    }
    case 'UID':
      if (k.set.kind === 'saved') return ctx.saved.has(m.uid);
      return numSetContains(k.set, m.uid, ctx.maxUid);
    case 'ALL':
    case 'OLD':
      return true;
    case 'NEW':
    case 'RECENT':
      // No \Recent (IMAP4rev2 dropped it; mox neither).
      return false;
    case 'SAVEDATESUPPORTED':
      // RFC 8514 §4.3: per message, as mox: messages stored before save dates were kept have none.
      return m.savedate !== null;
    case 'ANSWERED':
    case 'DELETED':
    case 'DRAFT':
    case 'FLAGGED':
    case 'SEEN':
      return (m.flags & FLAG_BITS[k.op]!) !== 0;
    case 'UNANSWERED':
    case 'UNDELETED':
    case 'UNDRAFT':
    case 'UNFLAGGED':
    case 'UNSEEN':
      return (m.flags & FLAG_BITS[k.op.slice(2)]!) === 0;
    case 'KEYWORD':
    case 'UNKEYWORD': {
      const f = parseFlags([k.keyword]);
      const has = f.bits !== 0 ? (m.flags & f.bits) !== 0 : f.keywords.length > 0 && m.keywords.includes(f.keywords[0]!);
      return k.op === 'KEYWORD' ? has : !has;
    }
    case 'LARGER':
      return m.size > k.size;
    case 'SMALLER':
      return m.size < k.size;
    case 'OLDER':
      return m.received <= ctx.now - k.seconds * 1000;
    case 'YOUNGER':
      return m.received >= ctx.now - k.seconds * 1000;
    case 'BEFORE':
    case 'ON':
    case 'SINCE':
      // Internal dates are kept in UTC (see FETCH INTERNALDATE).
      return compareDay(k.op, dayOf(m.received), k.date);
    case 'SAVEDBEFORE':
    case 'SAVEDON':
    case 'SAVEDSINCE':
      // RFC 8514 §4.3: without a save date, the internal date is used (as mox).
      return compareDay(k.op, dayOf(m.savedate ?? m.received), k.date);
    case 'MODSEQ':
      // todo(RFC 7162 §3.1.5): per-flag entry names are not tracked; the message modseq is used.
      return m.modseq >= k.modseq;
    case 'SUBJECT':
      // RFC 9051 §6.4.4: the envelope's subject, stored decoded with the message.
      return k.value === '' ? undefined : contains(m.subject, k.value);
    default:
      return undefined;
  }
}

class Evaluation {
  private header: Header | undefined;
  private bodyTexts: string[] | undefined;

  constructor(
    private readonly ctx: SearchContext,
    private readonly md: MessageData,
  ) {}

  async eval(k: SearchKey): Promise<boolean> {
    const m = this.md.info;
    const meta = metaMatch(this.ctx, m, k);
    if (meta !== undefined) return meta;
    switch (k.op) {
      case 'AND':
        for (const x of k.keys) if (!(await this.eval(x))) return false;
        return true;
      case 'OR':
        return (await this.eval(k.left)) || (await this.eval(k.right));
      case 'NOT':
        return !(await this.eval(k.key));
      case 'SENTBEFORE':
      case 'SENTON':
      case 'SENTSINCE': {
        // RFC 9051 §6.4.4: the Date header's date, disregarding time and zone.
        const d = (await this.md.part()).envelope?.date;
        const dt = d === undefined ? undefined : parseDateTime(d);
        return dt !== undefined && compareDay(k.op, dayOf(dt.ms + dt.offset * 60_000), k.date);
      }
      case 'BCC':
      case 'CC':
      case 'FROM':
      case 'SUBJECT':
      case 'TO': {
        // RFC 9051 §6.4.4: these match the envelope structure's field, which is stored.
        const env = (await this.md.part()).envelope;
        if (env && k.value !== '') return contains(envelopeField(env, k.op), k.value);
        return this.headerMatch(k.op.toLowerCase(), k.value);
      }
      case 'HEADER':
        return this.headerMatch(k.field.toLowerCase(), k.value);
      case 'BODY':
        return (await this.bodies()).some((t) => contains(t, k.value));
      case 'TEXT': {
        const h = await this.topHeader();
        if (h.fields.some((f) => contains(fieldText(f.raw), k.value))) return true;
        return (await this.bodies()).some((t) => contains(t, k.value));
      }
      default:
        // Keys on the message row were answered by metaMatch.
        throw new Error(`search key ${k.op} not handled`);
    }
  }

  private async topHeader(): Promise<Header> {
    if (this.header) return this.header;
    const p = await this.md.part();
    this.header = parseHeader(await this.md.header(), 0, p.bodyOffset);
    return this.header;
  }

  /** RFC 9051 §6.4.4 HEADER: an empty string matches every message with the field. */
  private async headerMatch(key: string, value: string): Promise<boolean> {
    const fields = (await this.topHeader()).getAll(key);
    if (value === '') return fields.length > 0;
    return fields.some((f) => {
      const raw = headerBytesToString(f.value);
      return contains(decodeWords(raw), value) || contains(raw, value);
    });
  }

  /** Decoded texts of the text parts (and headers of embedded messages), in charset. */
  private async bodies(): Promise<string[]> {
    if (this.bodyTexts) return this.bodyTexts;
    const buf = await this.md.all();
    const root = await this.md.part();
    const out: string[] = [];
    const walk = (b: Buffer, p: Part, depth: number): void => {
      if (depth > 20) return;
      if (p.message) {
        const mb = messageBuffer(b, p);
        out.push(fieldText(mb.subarray(p.message.headerOffset, p.message.bodyOffset)));
        walk(mb, p.message, depth + 1);
        return;
      }
      if (p.parts.length > 0) {
        for (const c of p.parts) walk(b, c, depth + 1);
        return;
      }
      if (p.mediaType === 'TEXT' || p === root) out.push(partText(b, p));
    };
    walk(buf, root, 0);
    this.bodyTexts = out;
    return out;
  }
}

/** An envelope field as text to search: the decoded subject, or "Name <local@domain>, ...". */
function envelopeField(env: Envelope, op: 'BCC' | 'CC' | 'FROM' | 'SUBJECT' | 'TO'): string {
  if (op === 'SUBJECT') return env.subject ?? '';
  const list = op === 'FROM' ? env.from : op === 'TO' ? env.to : op === 'CC' ? env.cc : env.bcc;
  return list
    .map((a) => {
      const addr = a.host === null ? (a.mailbox ?? '') : `<${a.mailbox ?? ''}@${a.host}>`;
      return a.name ? `${a.name} ${addr}` : addr;
    })
    .join(', ');
}

function fieldText(b: Buffer): string {
  return decodeWords(headerBytesToString(b));
}
