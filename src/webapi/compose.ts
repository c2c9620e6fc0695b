/** A file to add to a composed message. */
export interface ComposeFile {
  /** File name; "" for none. */
  name: string;
  /** Media type, e.g. "image/png"; "" when unknown. */
  contentType: string;
  /** Content-ID with angle brackets, or "". */
  contentId: string;
  data: Buffer;
}

/** What Send composes a message from (addresses and texts already checked). */
export interface ComposeInput {
  from: { name: string; address: string };
  replyTo: { name: string; address: string }[];
  to: { name: string; address: string }[];
  cc: { name: string; address: string }[];
  subject: string;
  /** Date header value (RFC 5322 §3.3). */
  date: string;
  /** Message-ID with angle brackets. */
  messageId: string;
  references: string[];
  /** Extra header fields, in order. */
  headers: [string, string][];
  text: string;
  html: string;
  alternativeFiles: ComposeFile[];
  inlineFiles: ComposeFile[];
  attachedFiles: ComposeFile[];
}

// Text bodies end in a newline, as mox writes them.
const withNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : s + '\n');

/**
 * Composes a message with nodemailer's MailComposer, in mox's layout: multipart/mixed for
 * attached files around multipart/related for inline files (next to the HTML, referenced as
 * cid:) around multipart/alternative for text, HTML and alternative files (RFC 2046 §5.1,
 * RFC 2387). Lines end in CRLF (RFC 5322 §2.1). Headers with non-ASCII text are encoded as
 * RFC 2047 words by nodemailer.
 * Deviation (nodemailer layout): inline files without a Content-ID, or in a message without
 * HTML, go into multipart/mixed with disposition inline; alternative files get disposition
 * attachment.
 */
export async function composeMessage(c: ComposeInput): Promise<Buffer> {
  // Loaded on first use: importing it costs ~100 ms, which every `mox` command would pay.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const refs = c.references;
  const file = (f: ComposeFile, disposition: 'inline' | 'attachment', cidForRelated: boolean) => ({
    content: f.data,
    contentType: f.contentType || 'application/octet-stream',
    filename: f.name || (false as const),
    contentDisposition: disposition,
    contentTransferEncoding: 'base64',
    // A cid moves the file into multipart/related; attached files keep theirs as a plain header.
    ...(f.contentId && cidForRelated ? { cid: f.contentId.replace(/^<|>$/g, '') } : {}),
    ...(f.contentId && !cidForRelated ? { headers: { 'Content-ID': f.contentId } } : {}),
  });
  const composer = new MailComposer({
    from: c.from,
    replyTo: c.replyTo.length > 0 ? c.replyTo : undefined,
    to: c.to.length > 0 ? c.to : undefined,
    cc: c.cc.length > 0 ? c.cc : undefined,
    subject: c.subject || undefined,
    date: c.date,
    messageId: c.messageId,
    references: refs.length > 0 ? refs : undefined,
    inReplyTo: refs.length > 0 ? refs[refs.length - 1] : undefined,
    headers: c.headers.map(([key, value]) => ({ key, value })),
    text: c.text ? withNewline(c.text) : undefined,
    html: c.html ? withNewline(c.html) : undefined,
    alternatives: c.alternativeFiles.map((f) => ({
      content: f.data,
      contentType: f.contentType || 'application/octet-stream',
      filename: f.name || undefined,
      contentTransferEncoding: 'base64',
      headers: f.contentId ? { 'Content-ID': f.contentId } : undefined,
    })),
    attachments: [...c.inlineFiles.map((f) => file(f, 'inline', true)), ...c.attachedFiles.map((f) => file(f, 'attachment', false))],
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return await composer.compile().build();
}
