// ENVELOPE and BODYSTRUCTURE (RFC 9051 §7.5.2) from the stored part tree, in the form Go mox
// writes them.
import type { ResponseWriter } from '../imap/index.js';
import { envelopeWithDefaults, type Envelope, type EnvelopeAddress, type Part } from '../message/index.js';

const KNOWN_ENCODINGS = new Set(['7BIT', '8BIT', 'BINARY', 'BASE64', 'QUOTED-PRINTABLE']);
const KNOWN_MEDIA = new Set(['APPLICATION', 'AUDIO', 'IMAGE', 'FONT', 'MESSAGE', 'MODEL', 'VIDEO']);

function addresses(w: ResponseWriter, l: readonly EnvelopeAddress[]): void {
  if (l.length === 0) {
    w.nil();
    return;
  }
  // RFC 9051 §9 env-from etc.: "(" 1*address ")", addresses without separator.
  w.raw('(');
  for (const a of l) w.raw('(').nstring(a.name).sp().nstring(a.adl).sp().nstring(a.mailbox).sp().nstring(a.host).raw(')');
  w.raw(')');
}

/** Writes an envelope; empty Sender and Reply-To are filled from From (RFC 9051 §7.5.2). */
export function writeEnvelope(w: ResponseWriter, env: Envelope | undefined): void {
  if (!env) {
    w.raw('(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)');
    return;
  }
  const e = envelopeWithDefaults(env);
  w.raw('(').nstring(e.date).sp().nstring(e.subject).sp();
  for (const l of [e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc]) {
    addresses(w, l);
    w.sp();
  }
  w.nstring(e.inReplyTo).sp().nstring(e.messageId).raw(')');
}

function params(w: ResponseWriter, p: Record<string, string> | undefined, upper: boolean): void {
  const keys = Object.keys(p ?? {}).sort();
  if (keys.length === 0) {
    w.nil();
    return;
  }
  w.list(keys, (w, k) => w.string(upper ? k.toUpperCase() : k).sp().string(p![k]!));
}

function disposition(w: ResponseWriter, p: Part): void {
  if (p.disposition === undefined) {
    w.nil();
    return;
  }
  w.raw('(').string(p.disposition).sp();
  params(w, p.dispositionParams, false);
  w.raw(')');
}

function language(w: ResponseWriter, p: Part): void {
  if (p.contentLanguage === undefined) {
    w.nil();
    return;
  }
  const tags = p.contentLanguage.split(',').map((t) => t.trim());
  if (tags.some((t) => t === '')) w.string(p.contentLanguage);
  else w.list(tags, (w, t) => w.string(t));
}

function encoding(w: ResponseWriter, cte: string | undefined): void {
  const up = (cte ?? '7BIT').toUpperCase();
  w.string(KNOWN_ENCODINGS.has(up) ? up : (cte ?? ''));
}

/**
 * Writes a body structure: `extensible` for BODYSTRUCTURE (with the extension data: MD5,
 * disposition, language, location), without for FETCH BODY.
 */
export function writeBodyStructure(w: ResponseWriter, p: Part, extensible: boolean): void {
  if (p.mediaType === 'MULTIPART') {
    w.raw('(');
    // RFC 9051 §9 body-type-mpart: the bodies are concatenated without separator.
    for (const c of p.parts) writeBodyStructure(w, c, extensible);
    if (p.parts.length === 0) w.raw('("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0)');
    w.sp().string(p.mediaSubType);
    if (extensible) {
      w.sp();
      params(w, p.params, true);
      w.sp();
      disposition(w, p);
      w.sp();
      language(w, p);
      w.sp().nstring(p.contentLocation);
    }
    w.raw(')');
    return;
  }
  w.raw('(');
  if (KNOWN_MEDIA.has(p.mediaType) || p.mediaType === 'TEXT') w.quoted(p.mediaType);
  else w.string(p.mediaType);
  w.sp().string(p.mediaSubType).sp();
  params(w, p.params, true);
  w.sp().nstring(p.contentId).sp().nstring(p.contentDescription).sp();
  encoding(w, p.contentTransferEncoding);
  w.sp().number(Math.max(0, p.endOffset - p.bodyOffset));
  if (p.mediaType === 'TEXT') {
    w.sp().number(p.lines);
  } else if (p.mediaType === 'MESSAGE' && (p.mediaSubType === 'RFC822' || p.mediaSubType === 'GLOBAL') && p.message) {
    w.sp();
    writeEnvelope(w, p.message.envelope);
    w.sp();
    writeBodyStructure(w, p.message, extensible);
    w.sp().number(p.lines);
  }
  if (extensible) {
    w.sp().nstring(p.contentMD5).sp();
    disposition(w, p);
    w.sp();
    language(w, p);
    w.sp().nstring(p.contentLocation);
  }
  w.raw(')');
}
