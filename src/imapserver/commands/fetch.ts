import type { CommandArgs, FetchAtt, ResponseWriter, Section } from '../../imap/index.js';
import { FlagSeen, type MessageInfo } from '../../store/index.js';
import { needSelected, needSelectedMailbox } from '../guards.js';
import { isMissingFile, MessageData } from '../message-data.js';
import { messagePreview } from '../preview.js';
import { resolveSet } from '../numsets.js';
import { bad, type Done } from '../responses.js';
import { messageFlags } from '../flags-out.js';
import { applyPartial, binaryBytes, binarySize, sectionBytes } from '../sections.js';
import type { Session } from '../session.js';
import type { SelectedState } from '../state.js';
import { writeBodyStructure, writeEnvelope } from '../structure.js';
import { vanishedEarlier } from '../resync.js';
import { clipRanges, setRanges, uidOnly, writeVanished } from '../vanished.js';

type FetchArgs = Extract<CommandArgs, { command: 'FETCH' | 'UID FETCH' }>;

/** FETCH items answered from the message row alone (no structure, no content). */
const leanAtts = new Set(['UID', 'FLAGS', 'MODSEQ', 'RFC822.SIZE', 'INTERNALDATE', 'SAVEDATE']);

/** Whether fetching the attribute sets \Seen (RFC 9051 §6.4.5: BODY[...] and BINARY[...] without .PEEK, RFC822, RFC822.TEXT). */
function setsSeen(a: FetchAtt): boolean {
  if (a.att === 'BODY[]' || a.att === 'BINARY[]') return !a.peek;
  return a.att === 'RFC822' || a.att === 'RFC822.TEXT';
}

/**
 * FETCH and UID FETCH: RFC 9051 §6.4.5, §6.4.8, BINARY (RFC 3516), CONDSTORE MODSEQ and
 * CHANGEDSINCE (RFC 7162 §3.1.4), VANISHED (RFC 7162 §3.2.6) and UIDFETCH responses with
 * UIDONLY (RFC 9586 §3). Messages expunged by another session meanwhile are left
 * out and the tagged OK says EXPUNGEISSUED (RFC 9051 §7.1, RFC 2180 §4.1.2). \Seen is set
 * before the responses are written, so each response carries the new FLAGS.
 */
export async function fetch(s: Session, _tag: string, a: FetchArgs): Promise<Done | void> {
  const st = needSelected(s);
  const mb = needSelectedMailbox(st);
  // RFC 7162 §3.1.4: CHANGEDSINCE takes a mod-sequence-valzer (> 0); like mox, 0 is tolerated
  // unless pedantic (iOS Mail sends it).
  if (a.changedSince === 0 && s.config.pedantic) throw bad('changedsince modseq must be > 0');
  for (const x of a.atts) {
    if (x.att === 'EMAILID' || x.att === 'THREADID') {
      throw bad(`fetch attribute ${x.att} not supported`);
    }
  }
  if (a.vanished && a.changedSince !== undefined) {
    // RFC 7162 §3.2.6: removed UIDs of the set, before any FETCH response; "*" is the
    // highest UID the session knows of, as in mox.
    const max = st.mailbox.uidNext - 1;
    const ranges = clipRanges(setRanges(a.set, max, s.searchResult ?? []), 1, max);
    writeVanished(s, vanishedEarlier(st, mb.id, ranges, a.changedSince), true);
  }
  const uids = resolveSet(s, st.mailbox, a.set, a.uid);
  if (uids.length === 0) return;
  const infos = new Map<number, MessageInfo>();
  // Message structure (the stored part tree) only when an item needs it.
  const lean = a.atts.every((x) => leanAtts.has(x.att));
  for (const m of st.account.messagesByUids(mb.id, uids, { lean })) infos.set(m.uid, m);

  const seenNow = new Set<number>();
  if (!st.readOnly && a.atts.some(setsSeen)) {
    const unseen = uids.filter((u) => {
      const m = infos.get(u);
      return m !== undefined && !(m.flags & FlagSeen) && (a.changedSince === undefined || m.modseq > a.changedSince);
    });
    if (unseen.length > 0) {
      const r = st.account.storeFlags(mb.id, unseen, 'add', { bits: FlagSeen, keywords: [] }, { origin: s });
      for (const m of r.updated) {
        infos.set(m.uid, m);
        seenNow.add(m.uid);
        st.mailbox.reported.set(m.uid, m.modseq);
      }
    }
  }

  let expungeIssued = false;
  for (const uid of uids) {
    const info = infos.get(uid);
    if (!info) {
      expungeIssued = true;
      continue;
    }
    if (a.changedSince !== undefined && info.modseq <= a.changedSince) continue;
    let w: ResponseWriter;
    try {
      w = await fetchResponse(s, st, new MessageData(st.account, info), a, seenNow.has(uid));
    } catch (e) {
      if (!isMissingFile(e)) throw e;
      expungeIssued = true;
      continue;
    }
    s.send(w);
    await s.maybeFlush();
  }
  if (expungeIssued) return { code: 'EXPUNGEISSUED', text: 'some messages were expunged' };
}

function sectionName(sec: Section): string {
  let n = sec.part.join('.');
  if (sec.text) {
    if (n !== '') n += '.';
    n += sec.text;
    if (sec.fields) n += ` (${sec.fields.join(' ')})`;
  }
  return n;
}

/**
 * Builds one "* seq FETCH (...)" response; nothing is sent when it fails part-way. Also used
 * for NOTIFY MessageNew with fetch attributes (RFC 5465 §5.2).
 */
export async function fetchResponse(
  s: Session,
  st: SelectedState,
  md: MessageData,
  a: Pick<FetchArgs, 'atts' | 'changedSince' | 'uid'>,
  seenNow: boolean,
): Promise<ResponseWriter> {
  const m = md.info;
  const uidonly = uidOnly(s);
  // Items are written with a leading space; see the end for the response's start.
  const w = s.writer();
  let flags = seenNow;
  // As mox: with QRESYNC, UID FETCH responses always carry MODSEQ (its reading of RFC 7162 §3.2.4).
  let modseq = a.changedSince !== undefined || (a.uid && s.enabled.has('QRESYNC'));
  for (const x of a.atts) {
    switch (x.att) {
      case 'UID':
        // RFC 9586 §3: UIDFETCH has the UID up front; the item only when asked for.
        if (uidonly) w.raw(` UID ${m.uid}`);
        break;
      case 'FLAGS':
        flags = true;
        break;
      case 'MODSEQ':
        modseq = true;
        break;
      case 'RFC822.SIZE':
        w.raw(` RFC822.SIZE ${m.size}`);
        break;
      case 'INTERNALDATE':
        // Deviation (no zone in the store): INTERNALDATE is given in UTC.
        w.raw(' INTERNALDATE ').dateTime(m.received, 0);
        break;
      case 'SAVEDATE':
        // RFC 8514 §4.2: NIL for messages stored before save dates were kept (as mox).
        w.raw(' SAVEDATE ');
        if (m.savedate === null) w.nil();
        else w.dateTime(m.savedate, 0);
        break;
      case 'PREVIEW':
        // RFC 8970 §4.1: with LAZY the server may answer NIL when the preview is not at hand.
        // We compute it on demand (cheap: one text part is read), as mox, also for LAZY.
        w.raw(' PREVIEW ').nstring(await messagePreview(md));
        break;
      case 'ENVELOPE':
        w.raw(' ENVELOPE ');
        writeEnvelope(w, (await md.part()).envelope);
        break;
      case 'BODYSTRUCTURE':
      case 'BODY':
        w.raw(` ${x.att} `);
        writeBodyStructure(w, await md.part(), x.att === 'BODYSTRUCTURE');
        break;
      case 'RFC822':
      case 'RFC822.HEADER':
      case 'RFC822.TEXT': {
        // RFC 3501 §6.4.5: BODY[], BODY.PEEK[HEADER], BODY[TEXT] under their old names.
        const text = x.att === 'RFC822' ? undefined : x.att === 'RFC822.HEADER' ? 'HEADER' : 'TEXT';
        const data = await sectionBytes(md, { part: [], ...(text ? { text } : {}) });
        w.raw(` ${x.att} `);
        if (data === null) w.nil();
        else w.literal(data);
        break;
      }
      case 'BODY[]': {
        const data = await sectionBytes(md, x.section);
        w.raw(` BODY[${sectionName(x.section)}]${x.partial ? `<${x.partial.offset}>` : ''} `);
        if (data === null) w.nil();
        else w.literal(applyPartial(data, x.partial));
        break;
      }
      case 'BINARY[]': {
        const data = await binaryBytes(md, x.part);
        // RFC 3516 §6 (msg-att-body): the partial's origin follows the name, as for BODY.
        w.raw(` BINARY[${x.part.join('.')}]${x.partial ? `<${x.partial.offset}>` : ''} `);
        if (data === null) w.nil();
        else {
          const d = applyPartial(data, x.partial);
          w.literal(d, d.includes(0));
        }
        break;
      }
      case 'BINARY.SIZE': {
        const n = await binarySize(md, x.part);
        w.raw(` BINARY.SIZE[${x.part.join('.')}] `);
        if (n === null) w.nil();
        else w.number(n);
        break;
      }
      default:
        throw bad(`fetch attribute ${x.att} not supported`);
    }
  }
  if (flags) w.raw(' FLAGS ').flags(messageFlags(s, st, m.flags, m.keywords));
  if (modseq || (s.condstore && seenNow)) w.raw(` MODSEQ (${m.modseq})`);
  const items = w.raw(')').crlf().take();
  const out = s.writer().raw(uidonly ? `* ${m.uid} UIDFETCH (` : `* ${st.mailbox.seqOf(m.uid)} FETCH (UID ${m.uid}`);
  // With UIDONLY the first item follows "(" directly.
  if (uidonly && items[0]?.[0] === 0x20) items[0] = items[0].subarray(1);
  for (const b of items) out.bytes(b);
  return out;
}
