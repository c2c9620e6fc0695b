import type { Envelope, EnvelopeAddress, Part } from './types.js';

// Compact storage form. Keys are short and defaults are left out:
//   o: [headerOffset, bodyOffset, endOffset]   b: boundaryOffset (absent: -1)
//   l: lines (absent: 0)    d: decodedSize (absent: endOffset - bodyOffset, 0 for multiparts)
//   t: "TYPE/SUBTYPE" (absent: "TEXT/PLAIN")   p: params (absent: {})
//   i: Content-ID  ds: Content-Description  e: Content-Transfer-Encoding
//   di: disposition  dp: disposition params (absent: {})  la: language  lo: location  m5: MD5
//   en: envelope   c: child parts   m: embedded message
// Envelope: d date, s subject, f/se/r/t/c/b address lists (absent: []), i in-reply-to, m message-id;
// an address is [name, adl, mailbox, host] with nulls.

type Json = Record<string, unknown>;

function addrsToJSON(l: EnvelopeAddress[]): unknown[] {
  return l.map((a) => [a.name, a.adl, a.mailbox, a.host]);
}

function envelopeToJSON(e: Envelope): Json {
  const o: Json = {};
  if (e.date !== undefined) o['d'] = e.date;
  if (e.subject !== undefined) o['s'] = e.subject;
  const lists: [string, EnvelopeAddress[]][] = [['f', e.from], ['se', e.sender], ['r', e.replyTo], ['t', e.to], ['c', e.cc], ['b', e.bcc]];
  for (const [k, l] of lists) if (l.length > 0) o[k] = addrsToJSON(l);
  if (e.inReplyTo !== undefined) o['i'] = e.inReplyTo;
  if (e.messageId !== undefined) o['m'] = e.messageId;
  return o;
}

function defaultDecodedSize(mediaType: string, bodyOffset: number, endOffset: number): number {
  return mediaType === 'MULTIPART' ? 0 : endOffset - bodyOffset;
}

function toObj(p: Part): Json {
  const o: Json = { o: [p.headerOffset, p.bodyOffset, p.endOffset] };
  if (p.boundaryOffset !== -1) o['b'] = p.boundaryOffset;
  if (p.lines !== 0) o['l'] = p.lines;
  if (p.decodedSize !== defaultDecodedSize(p.mediaType, p.bodyOffset, p.endOffset)) o['d'] = p.decodedSize;
  const t = `${p.mediaType}/${p.mediaSubType}`;
  if (t !== 'TEXT/PLAIN') o['t'] = t;
  if (Object.keys(p.params).length > 0) o['p'] = p.params;
  if (p.contentId !== undefined) o['i'] = p.contentId;
  if (p.contentDescription !== undefined) o['ds'] = p.contentDescription;
  if (p.contentTransferEncoding !== undefined) o['e'] = p.contentTransferEncoding;
  if (p.disposition !== undefined) o['di'] = p.disposition;
  if (p.dispositionParams !== undefined && Object.keys(p.dispositionParams).length > 0) o['dp'] = p.dispositionParams;
  if (p.contentLanguage !== undefined) o['la'] = p.contentLanguage;
  if (p.contentLocation !== undefined) o['lo'] = p.contentLocation;
  if (p.contentMD5 !== undefined) o['m5'] = p.contentMD5;
  if (p.envelope !== undefined) o['en'] = envelopeToJSON(p.envelope);
  if (p.parts.length > 0) o['c'] = p.parts.map(toObj);
  if (p.message !== undefined) o['m'] = toObj(p.message);
  return o;
}

/** Serialises a part tree to compact JSON for storage (short keys, defaults left out). */
export function partToJSON(p: Part): string {
  return JSON.stringify(toObj(p));
}

function bad(what: string): never {
  throw new Error(`stored part: bad ${what}`);
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) bad(what);
  return v;
}

function optStr(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') bad(what);
  return v;
}

function strOrNull(v: unknown, what: string): string | null {
  if (v !== null && typeof v !== 'string') bad(what);
  return v;
}

function strMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(what);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') bad(what);
    if (k !== '__proto__') out[k] = x;
  }
  return out;
}

function addrsFromJSON(v: unknown, what: string): EnvelopeAddress[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(what);
  return v.map((a: unknown) => {
    if (!Array.isArray(a) || a.length !== 4) bad(what);
    return { name: strOrNull(a[0], what), adl: strOrNull(a[1], what), mailbox: strOrNull(a[2], what), host: strOrNull(a[3], what) };
  });
}

function envelopeFromObj(v: unknown): Envelope {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('envelope');
  const o = v as Json;
  const e: Envelope = {
    from: addrsFromJSON(o['f'], 'from'),
    sender: addrsFromJSON(o['se'], 'sender'),
    replyTo: addrsFromJSON(o['r'], 'reply-to'),
    to: addrsFromJSON(o['t'], 'to'),
    cc: addrsFromJSON(o['c'], 'cc'),
    bcc: addrsFromJSON(o['b'], 'bcc'),
  };
  const date = optStr(o['d'], 'date');
  if (date !== undefined) e.date = date;
  const subject = optStr(o['s'], 'subject');
  if (subject !== undefined) e.subject = subject;
  const irt = optStr(o['i'], 'in-reply-to');
  if (irt !== undefined) e.inReplyTo = irt;
  const mid = optStr(o['m'], 'message-id');
  if (mid !== undefined) e.messageId = mid;
  return e;
}

function fromObj(v: unknown, depth: number): Part {
  if (depth > 200) bad('nesting');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('part');
  const o = v as Json;
  const offs = o['o'];
  if (!Array.isArray(offs) || offs.length !== 3) bad('offsets');
  const [h, b, e] = [num(offs[0], 'offset'), num(offs[1], 'offset'), num(offs[2], 'offset')];
  const t = optStr(o['t'], 'type') ?? 'TEXT/PLAIN';
  const slash = t.indexOf('/');
  if (slash < 0) bad('type');
  const mediaType = t.slice(0, slash);
  const p: Part = {
    boundaryOffset: o['b'] === undefined ? -1 : num(o['b'], 'boundary offset'),
    headerOffset: h,
    bodyOffset: b,
    endOffset: e,
    lines: o['l'] === undefined ? 0 : num(o['l'], 'lines'),
    decodedSize: o['d'] === undefined ? defaultDecodedSize(mediaType, b, e) : num(o['d'], 'decoded size'),
    mediaType,
    mediaSubType: t.slice(slash + 1),
    params: strMap(o['p'], 'params'),
    parts: [],
  };
  const opt: [keyof Part, string][] = [['contentId', 'i'], ['contentDescription', 'ds'], ['contentTransferEncoding', 'e'], ['disposition', 'di'], ['contentLanguage', 'la'], ['contentLocation', 'lo'], ['contentMD5', 'm5']];
  for (const [k, j] of opt) {
    const s = optStr(o[j], k);
    if (s !== undefined) (p as unknown as Record<string, unknown>)[k] = s;
  }
  if (p.disposition !== undefined) p.dispositionParams = strMap(o['dp'], 'disposition params');
  if (o['en'] !== undefined) p.envelope = envelopeFromObj(o['en']);
  if (o['c'] !== undefined) {
    if (!Array.isArray(o['c'])) bad('parts');
    p.parts = o['c'].map((x: unknown) => fromObj(x, depth + 1));
  }
  if (o['m'] !== undefined) p.message = fromObj(o['m'], depth + 1);
  return p;
}

/** Restores a part tree stored with {@link partToJSON}; throws on data of the wrong shape. */
export function partFromJSON(json: string): Part {
  return fromObj(JSON.parse(json), 0);
}
