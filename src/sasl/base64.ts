// Strict base64 (RFC 4648 §4, padded) for SASL: Buffer.from(s, 'base64') silently skips bad
// characters, and RFC 4954 §4 / RFC 9051 §6.2.2 want malformed data rejected.

/** Decodes padded standard base64, or returns null when the text is not exactly that. */
export function decodeBase64Strict(s: string): Buffer | null {
  if (s.length % 4 !== 0) return null;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return null;
  return Buffer.from(s, 'base64');
}
