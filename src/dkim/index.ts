/**
 * DKIM: signing and verifying DKIM-Signature header fields (RFC 6376), with RSA (RFC 8301)
 * and Ed25519 keys (RFC 8463), simple and relaxed canonicalisation (RFC 6376 §3.4), key
 * records in DNS (RFC 6376 §3.6.1) looked up through an injected {@link TxtResolver}, and
 * PKCS#8 PEM keys as mox writes them. Results use RFC 8601 status names. Layer L0: Node
 * built-ins only.
 */
export { DkimError, type DkimErrorCode } from './errors.js';
export { splitHeader, type RawField, type SplitMessage } from './header.js';
export { canonBody, canonHeader, bodyHash } from './canon.js';
export { parseTagList } from './tags.js';
export { parseSignature, formatSignature, algorithmName, withoutSignatureValue, type Signature } from './sig.js';
export { parseRecord, formatRecord, publicKeyBytes, recordPublicKey, type DkimRecord } from './record.js';
export { generateEd25519Pem, generateRsaPem, parsePrivateKeyPem, keyRecord, keyRecordText, type KeyNoteOptions } from './keys.js';
export { signMessage, type SignOptions, type SignSelector } from './sign.js';
export {
  verifyMessage,
  lookupRecord,
  defaultPolicy,
  type DkimStatus,
  type LookupResult,
  type TxtResolver,
  type VerifyOptions,
  type VerifyResult,
} from './verify.js';
