// SMTP code and enhanced code of a DSN recipient, for mox's outgoing webhook payload
// (SMTPCode, SMTPEnhancedCode) and suppression checks on incoming DSNs.
import type { ParsedDsnRecipient } from './types.js';

/** An SMTP reply code and the "subject.detail" of its enhanced status code; 0 and "" when unknown. */
export interface SmtpCodes {
  code: number;
  secode: string;
}

/**
 * Reads the reply code and enhanced subcode from the start of an SMTP reply as found in a
 * Diagnostic-Code `smtp;` text: "550 5.1.1 no such user" gives 550 and "1.1" (RFC 5321
 * §4.2, RFC 3463 §2). The subcode is taken only from a well-formed 4.x.y or 5.x.y code.
 * Deviation (interop): mox does not see the code of a multi-line reply ("550-5.1.1 …");
 * we accept "-" after the code too, and only codes 200 to 599.
 */
export function parseSmtpCodes(text: string): SmtpCodes {
  const m = /^([2-5]\d\d)(?:[ -](\S*)|$)/.exec(text.trim());
  if (!m) return { code: 0, secode: '' };
  const e = /^[45]\.(\d{1,3}\.\d{1,3})$/.exec(m[2] ?? '');
  return { code: Number(m[1]), secode: e ? e[1]! : '' };
}

/**
 * Maps a DSN recipient to the code and enhanced subcode mox reports in its webhooks: from a
 * Diagnostic-Code of type smtp when it starts with a reply code, else from a 4.x.y or 5.x.y
 * Status as 400 or 500 with "x.y". 0 and "" when neither gives one (e.g. Status 2.0.0).
 * Deviation (interop): when the diagnostic has a code but no enhanced code, mox leaves the
 * subcode empty; we take it from the Status when the classes agree.
 */
export function dsnRecipientCodes(r: ParsedDsnRecipient): SmtpCodes {
  const st = r.status;
  const fromStatus = st.class === 4 || st.class === 5 ? `${st.subject}.${st.detail}` : '';
  if (r.diagnosticCode?.type === 'smtp') {
    const c = parseSmtpCodes(r.diagnosticCode.text);
    if (c.code !== 0) {
      if (c.secode === '' && Math.floor(c.code / 100) === st.class) c.secode = fromStatus;
      return c;
    }
  }
  if (fromStatus === '') return { code: 0, secode: '' };
  return { code: st.class * 100, secode: fromStatus };
}
