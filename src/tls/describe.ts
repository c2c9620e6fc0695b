// Describing a TLS connection for Received headers and logs, as mox does
// (mox-/tlsrecv.go TLSReceivedComment, moxio/tlsinfo.go TLSInfo).

/** The parts of a TLS socket we read; node:tls TLSSocket satisfies it. */
export interface TlsState {
  getProtocol(): string | null;
  getCipher(): { name: string; standardName?: string; version?: string };
}

// Node's protocol names -> mox's spelling.
const VERSIONS: Readonly<Record<string, string>> = {
  TLSv1: 'TLS1.0',
  'TLSv1.1': 'TLS1.1',
  'TLSv1.2': 'TLS1.2',
  'TLSv1.3': 'TLS1.3',
};

function cipherName(s: TlsState): string {
  // standardName is the IANA name, which is what Go's tls.CipherSuiteName returns.
  const c = s.getCipher();
  return c.standardName || c.name;
}

function versionName(s: TlsState): string {
  const p = s.getProtocol() ?? 'unknown';
  return VERSIONS[p] ?? `TLS identifier ${p}`;
}

/**
 * Returns the words of the Received header comment about TLS, e.g.
 * `["(TLS1.3", "TLS_AES_128_GCM_SHA256)"]`; the header writer may fold between them.
 * RFC 5321 §4.4 allows comments in the "with" clause; RFC 8314 §4.3's "tls" clause is not used, as in mox.
 */
export function tlsReceivedComment(s: TlsState): string[] {
  return [`(${versionName(s)}`, `${cipherName(s)})`];
}

/** Returns lower-case version and cipher suite for logs, e.g. "tls1.3", "tls_aes_128_gcm_sha256". */
export function tlsInfo(s: TlsState): { version: string; cipherSuite: string } {
  return { version: versionName(s).toLowerCase().replace(/ /g, ''), cipherSuite: cipherName(s).toLowerCase() };
}
