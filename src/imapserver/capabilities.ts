// The capabilities we announce: what is implemented, as Go mox v0.0.15 lists them (its
// serverCapabilities), plus COMPRESS=DEFLATE (see below).
import type { Session } from './session.js';

const STATIC = [
  'IMAP4rev2', // RFC 9051
  'IMAP4rev1', // RFC 3501
  'ENABLE', // RFC 5161
  'LITERAL+', // RFC 7888
  'IDLE', // RFC 2177
  'SASL-IR', // RFC 4959
  'BINARY', // RFC 3516
  'UNSELECT', // RFC 3691
  'UIDPLUS', // RFC 4315
  'ESEARCH', // RFC 4731
  'SEARCHRES', // RFC 5182
  'MOVE', // RFC 6851
  'UTF8=ACCEPT', // RFC 6855
  'LIST-EXTENDED', // RFC 5258
  'SPECIAL-USE', // RFC 6154
  'CREATE-SPECIAL-USE',
  'LIST-STATUS', // RFC 5819
  'CHILDREN', // RFC 3348
  // mox announces the -PLUS variants on plaintext connections too, as a downgrade hint.
  'AUTH=SCRAM-SHA-256-PLUS', // RFC 7677, RFC 5802
  'AUTH=SCRAM-SHA-256',
  'AUTH=SCRAM-SHA-1-PLUS',
  'AUTH=SCRAM-SHA-1',
  'AUTH=CRAM-MD5', // RFC 2195
  'ID', // RFC 2971
  'CONDSTORE', // RFC 7162
  'QRESYNC', // RFC 7162 §3.2
  'STATUS=SIZE', // RFC 8438
  'WITHIN', // RFC 5032
  'NAMESPACE', // RFC 2342
  'MULTIAPPEND', // RFC 3502
  'QUOTA', // RFC 9208
  'QUOTA=RES-STORAGE',
  'METADATA', // RFC 5464
  'LIST-METADATA', // RFC 9590
  'UIDONLY', // RFC 9586
  'SAVEDATE', // RFC 8514
  'REPLACE', // RFC 8508
  'PREVIEW', // RFC 8970
  'INPROGRESS', // RFC 9585
  'MULTISEARCH', // RFC 7377
  'NOTIFY', // RFC 5465
  // Deviation (interop fixed): mox v0.0.15 implements COMPRESS but does not announce it, as
  // Go's inflate blocked on partial flushes; Node's zlib does not, so we announce it.
  'COMPRESS=DEFLATE', // RFC 4978
  // Deviation (mox lacks them): SORT and THREAD (RFC 5256), SORT=DISPLAY (RFC 5957), ESORT (RFC 5267).
  'SORT',
  'SORT=DISPLAY',
  'ESORT',
  'THREAD=ORDEREDSUBJECT',
  'THREAD=REFERENCES',
].join(' ');

/**
 * The capability list for a connection in its current state: the static list, STARTTLS
 * while TLS is possible but not active (RFC 9051 §6.2.1), and AUTH=PLAIN when cleartext
 * passwords are allowed, else LOGINDISABLED (RFC 9051 §6.2.3).
 */
export function capabilities(s: Session): string {
  let caps = `${STATIC} APPENDLIMIT=${s.config.appendLimit}`;
  if (!s.tls && s.config.tls && !s.config.implicitTls) caps += ' STARTTLS';
  caps += s.tls || !s.config.requireTlsForAuth ? ' AUTH=PLAIN' : ' LOGINDISABLED';
  // RFC 4422 App. A: EXTERNAL when the client presented a TLS certificate.
  if (s.hasClientCert()) caps += ' AUTH=EXTERNAL';
  return caps;
}
