/**
 * Certificates and TLS helpers: the self-signed key and certificate `mox localserve` writes
 * (ECDSA P-256, RFC 5280 X.509, built with a small DER encoder), loading PEM key/certificate pairs for
 * node:tls (PKCS#8, PKCS#1, SEC1; RFC 7468 PEM with headers), channel binding data for
 * SCRAM -PLUS (RFC 5929, RFC 9266), and describing a TLS connection for Received headers.
 * ACME is not here yet. Layer L1 (imports sasl types only; no npm packages).
 */
export { generateLocalserveCert, LOCALSERVE_KEY_NOTE } from './localserve-cert.js';
export type { CertKeyPem, LocalserveCertOptions } from './localserve-cert.js';
export { KeyCertError, loadKeyCertPair, parseKeyCertPair } from './keypair.js';
export type { KeyCertPair } from './keypair.js';
export { encodePem, parsePem } from './pem.js';
export type { PemBlock } from './pem.js';
export { channelBindingData, saslTlsBinding, tlsServerEndPointHash } from './channel-binding.js';
export type { TlsRole } from './channel-binding.js';
export { tlsInfo, tlsReceivedComment } from './describe.js';
export type { TlsState } from './describe.js';
export { parseTlsPublicKeyCert, peerKeyFingerprint, type TlsPublicKeyInfo } from './client-cert.js';
