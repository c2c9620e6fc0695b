/**
 * The IMAP server: IMAP4rev2 (RFC 9051) and IMAP4rev1 (RFC 3501) sessions with the
 * extensions announced in capabilities.ts: ENABLE (RFC 5161), LITERAL+ (RFC 7888), IDLE
 * (RFC 2177), SASL-IR (RFC 4959), BINARY (RFC 3516), UNSELECT (RFC 3691), UIDPLUS
 * (RFC 4315), ESEARCH (RFC 4731), SEARCHRES (RFC 5182), MOVE (RFC 6851), UTF8=ACCEPT
 * (RFC 6855), LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154), LIST-STATUS (RFC 5819),
 * CONDSTORE and QRESYNC (RFC 7162), UIDONLY (RFC 9586), STATUS=SIZE (RFC 8438), WITHIN
 * (RFC 5032), NAMESPACE (RFC 2342), MULTIAPPEND (RFC 3502), APPENDLIMIT (RFC 7889), ID
 * (RFC 2971), QUOTA (RFC 9208), METADATA (RFC 5464), LIST-METADATA (RFC 9590), SAVEDATE
 * (RFC 8514), PREVIEW (RFC 8970), REPLACE (RFC 8508), MULTISEARCH (RFC 7377), INPROGRESS
 * (RFC 9585), NOTIFY (RFC 5465) and COMPRESS=DEFLATE (RFC 4978); beyond mox, SORT and
 * THREAD (RFC 5256), SORT=DISPLAY (RFC 5957) and ESORT (RFC 5267). The wire format comes from
 * imap/, messages and changes from store/; accounts and credentials come in through
 * {@link ImapPorts}. Layer L3.
 */
export { ImapListener, type ImapListenerDeps } from './listener.js';
export type { ImapListenerConfig, ImapService } from './types.js';
export type { ImapPorts } from './ports.js';
