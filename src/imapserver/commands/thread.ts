import type { CommandArgs } from '../../imap/index.js';
import { headerBytesToString, scanHeader, unfoldValue } from '../../message/index.js';
import { baseSubject } from '../base-subject.js';
import { casemapKey } from '../collation.js';
import { needSelected, needSelectedMailbox } from '../guards.js';
import type { MessageData } from '../message-data.js';
import { bad, no } from '../responses.js';
import { charsetSupported, scanMatches } from '../search-scan.js';
import type { Session } from '../session.js';
import { sentDate } from '../sort-keys.js';
import { formatThreads, messageIdsOf, threadOrderedSubject, threadReferences, threadReferencesOf, type ThreadItem } from '../threading.js';

/** The THREAD algorithms we implement (RFC 5256 §3), as announced with THREAD=. */
export const THREAD_ALGORITHMS: readonly string[] = ['ORDEREDSUBJECT', 'REFERENCES'];

/**
 * The References field values of a message. References is not in the stored envelope, so this
 * reads the header bytes of the message file (not the body).
 */
async function referencesFields(md: MessageData): Promise<string[]> {
  const h = await md.header();
  const out: string[] = [];
  scanHeader(h, 0, h.length, false, (ns, ne, vs, end) => {
    if (ne - ns === 10 && h.toString('latin1', ns, ne).toLowerCase() === 'references') {
      out.push(headerBytesToString(unfoldValue(h, vs, end)));
    }
  });
  return out;
}

/** What one message contributes to threading; `num` is filled in once all are known. */
async function threadItem(md: MessageData, withReferences: boolean): Promise<ThreadItem> {
  const env = (await md.part()).envelope;
  const subject = baseSubject(env?.subject ?? '');
  const item: ThreadItem = {
    num: 0,
    order: md.info.uid,
    date: sentDate(env, md.info.received),
    subjectKey: casemapKey(subject.base),
    isReply: subject.isReply,
    references: withReferences ? threadReferencesOf(await referencesFields(md), env?.inReplyTo) : [],
  };
  const id = env?.messageId === undefined ? undefined : messageIdsOf(env.messageId)[0];
  if (id !== undefined) item.messageId = id;
  return item;
}

/**
 * THREAD and UID THREAD (RFC 5256 §3): the messages matching the search program grouped into
 * threads with ORDEREDSUBJECT or REFERENCES, as one THREAD response (RFC 5256 §4). Subjects,
 * dates and Message-IDs come from the stored envelope; REFERENCES also reads each matching
 * message's header bytes for its References field.
 */
export async function thread(s: Session, _tag: string, a: Extract<CommandArgs, { command: 'THREAD' | 'UID THREAD' }>): Promise<void> {
  const st = needSelected(s);
  const mb = needSelectedMailbox(st);
  if (!THREAD_ALGORITHMS.includes(a.algorithm)) throw bad(`unknown thread algorithm ${a.algorithm}`);
  if (!charsetSupported(a.charset)) throw no(`charset ${a.charset} not supported`, 'BADCHARSET (US-ASCII UTF-8)');
  const refs = a.algorithm === 'REFERENCES';
  const hits = await scanMatches(s, st, mb.id, a.key, { parsed: true, files: refs }, (md) => threadItem(md, refs));
  const view = st.mailbox;
  const items = hits.map((h) => {
    h.data.num = a.uid ? h.uid : view.seqOf(h.uid);
    return h.data;
  });
  const threads = refs ? threadReferences(items) : threadOrderedSubject(items);
  s.line(threads.length > 0 ? `* THREAD ${formatThreads(threads)}` : '* THREAD');
}
