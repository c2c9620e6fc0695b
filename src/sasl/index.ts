/**
 * SASL for SMTP AUTH (RFC 4954) and IMAP AUTHENTICATE (RFC 9051 §6.2.2): protocol-independent
 * server mechanisms PLAIN (RFC 4616), LOGIN (draft-murchison-sasl-login-00), CRAM-MD5
 * (RFC 2195), SCRAM-SHA-1/SCRAM-SHA-256 with and without -PLUS channel binding (RFC 5802,
 * RFC 7677, RFC 5929, RFC 9266) and EXTERNAL (RFC 4422 App. A); matching clients; and the
 * password secrets the account store keeps (bcrypt, HMAC-MD5 states, SCRAM keys; PRECIS
 * OpaqueString, RFC 8265). The protocol layer does the base64 line framing (helpers here)
 * and maps {@link SaslError} reasons to its replies. Layer L0 (leaf; npm: bcryptjs).
 */
export { SaslError, isSaslError } from './errors.js';
export type { SaslFailure, ScramErrorCode } from './errors.js';
export type {
  AccountCredentials,
  Authenticated,
  ChannelBindingType,
  ClientIdentity,
  ClientMechanism,
  ClientStep,
  MechanismName,
  ServerDeps,
  ServerMechanism,
  StepResult,
  TlsBinding,
} from './types.js';
export {
  MECHANISMS,
  createServerMechanism,
  decodeClientResponse,
  encodeChallenge,
  parseMechanism,
  runServerMechanism,
} from './server.js';
export { createClientMechanism } from './client.js';
export type { ClientOptions } from './client.js';
export { ScramClient } from './scram-client.js';
export type { ScramClientOptions } from './scram-client.js';
export { DEFAULT_SCRAM_ITERATIONS } from './scram-server.js';
export {
  PasswordPolicyError,
  deriveScramSecret,
  deriveSecrets,
  parseStoredSecrets,
  scramSecretFromSaltedPassword,
  verifyPassword,
} from './secrets.js';
export { PasswordCache } from './password-cache.js';
export type { CramMd5Secret, DeriveOptions, ScramHash, ScramSecret, StoredSecrets } from './secrets.js';
export { preparePassword } from './precis.js';
export { Md5 } from './md5.js';
export type { Md5State } from './md5.js';
