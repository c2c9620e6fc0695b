/**
 * Masks credentials in a client protocol line, as a second line of defence: the engine masks
 * them before emitting (`smtp.line`/`imap.line`), but a transcript shown on screen must never
 * carry a password even from an engine that does not. SMTP AUTH with an initial response
 * (RFC 4954 §4), IMAP LOGIN (RFC 9051 §6.2.3) and AUTHENTICATE with an initial response
 * (RFC 9051 §6.2.2, RFC 4959) keep their mechanism or user name; the secret becomes `***`.
 */
export function maskSecrets(proto: 'smtp' | 'imap', text: string): string {
  if (proto === 'smtp') {
    const m = /^(AUTH\s+\S+)\s+\S.*$/i.exec(text);
    return m ? `${m[1]} ***` : text;
  }
  const login = /^(\S+\s+(?:UID\s+)?LOGIN\s+("(?:[^"\\]|\\.)*"|\S+))\s+\S.*$/i.exec(text);
  if (login) return `${login[1]} ***`;
  const auth = /^(\S+\s+AUTHENTICATE\s+\S+)\s+\S.*$/i.exec(text);
  return auth ? `${auth[1]} ***` : text;
}

/**
 * Whether a client line answers an authentication challenge (a line after the server's
 * `334` in SMTP, RFC 4954 §4, or `+` in IMAP, RFC 9051 §7.5): those are secrets.
 */
export function isChallengeAnswer(proto: 'smtp' | 'imap', lastServerLine: string | undefined, authPending: boolean): boolean {
  if (!authPending || lastServerLine === undefined) return false;
  return proto === 'smtp' ? lastServerLine.startsWith('334') : lastServerLine.startsWith('+');
}
