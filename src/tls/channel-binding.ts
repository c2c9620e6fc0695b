// TLS channel binding data for SCRAM-*-PLUS (RFC 5802 §6): tls-unique (RFC 5929 §3) on TLS
// 1.2 and earlier, tls-exporter (RFC 9266) on TLS 1.3, as mox uses them; and
// tls-server-end-point (RFC 5929 §4), which mox does not offer but costs little.

import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ChannelBindingType, ClientIdentity, TlsBinding } from '../sasl/index.js';

// Signature algorithm OIDs and the hash RFC 5929 §4.1 prescribes for each.
const SIG_HASH: Readonly<Record<string, 'sha256' | 'sha384' | 'sha512'>> = {
  '1.2.840.113549.1.1.4': 'sha256', // md5WithRSAEncryption: MD5 is upgraded to SHA-256
  '1.2.840.113549.1.1.5': 'sha256', // sha1WithRSAEncryption: SHA-1 is upgraded to SHA-256
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha256', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '2.16.840.1.101.3.4.2.1': 'sha256', // digest OIDs, as found in RSASSA-PSS parameters
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';

interface Tlv {
  tag: number;
  start: number; // of contents
  end: number;
}

function readTlv(b: Buffer, off: number): Tlv {
  if (off + 2 > b.length) throw new Error('der: truncated');
  const tag = b[off]!;
  let len = b[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > b.length) throw new Error('der: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i]!;
    p += n;
  }
  if (p + len > b.length) throw new Error('der: truncated');
  return { tag, start: p, end: p + len };
}

function children(b: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end; ) {
    const c = readTlv(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

function oid(b: Buffer, t: Tlv): string {
  if (t.tag !== 0x06) throw new Error('der: expected object identifier');
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, ... }
function signatureHash(der: Buffer): 'sha256' | 'sha384' | 'sha512' {
  const cert = readTlv(der, 0);
  const [, algId] = children(der, cert);
  if (!algId || algId.tag !== 0x30) throw new Error('der: no signature algorithm');
  const [algOid, params] = children(der, algId);
  const name = oid(der, algOid!);
  if (name === RSASSA_PSS && params && params.tag === 0x30) {
    // RSASSA-PSS-params: [0] EXPLICIT hashAlgorithm (default SHA-1, which becomes SHA-256).
    const hashField = children(der, params).find((c) => c.tag === 0xa0);
    if (!hashField) return 'sha256';
    const [hashAlg] = children(der, hashField);
    return SIG_HASH[oid(der, children(der, hashAlg!)[0]!)] ?? 'sha256';
  }
  // todo(RFC 5929 §4.1): no hash is defined for signature algorithms without a single hash
  // function (Ed25519, Ed448); we use SHA-256 for those, as several implementations do.
  return SIG_HASH[name] ?? 'sha256';
}

/**
 * Returns tls-server-end-point channel binding data: the hash of the server certificate (DER)
 * with its signature's hash function, MD5 and SHA-1 replaced by SHA-256 (RFC 5929 §4.1).
 */
export function tlsServerEndPointHash(certDer: Buffer): Buffer {
  return createHash(signatureHash(certDer)).update(certDer).digest();
}

/** Which side of the connection a socket is; tls-unique and tls-server-end-point depend on it. */
export type TlsRole = 'server' | 'client';

/**
 * Computes channel binding data of a type for an established TLS socket, or undefined when
 * the type does not apply: tls-exporter needs TLS 1.3 (RFC 9266 §2), tls-unique needs TLS 1.2
 * or earlier (RFC 9266 §3 forbids it on 1.3). mox makes the same split.
 */
export function channelBindingData(socket: TLSSocket, type: ChannelBindingType, role: TlsRole): Buffer | undefined {
  const proto = socket.getProtocol();
  if (proto === null) return undefined;
  switch (type) {
    case 'tls-exporter':
      if (proto !== 'TLSv1.3') return undefined;
      // RFC 9266 §2: label "EXPORTER-Channel-Binding", empty context, 32 bytes. With TLS 1.3
      // an empty and an absent context are the same (RFC 8446 §7.5).
      return socket.exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', Buffer.alloc(0));
    case 'tls-unique': {
      if (proto === 'TLSv1.3') return undefined;
      // RFC 5929 §3.1: the first Finished message of the latest handshake: the client's in a
      // full handshake, the server's in a resumed (abbreviated) one.
      // todo(RFC 7627 §5.4): Go refuses tls-unique on resumed sessions without the extended
      // master secret; Node does not tell whether it was negotiated (OpenSSL does by default).
      const clientFirst = !socket.isSessionReused();
      const ours = role === 'client' ? clientFirst : !clientFirst;
      return (ours ? socket.getFinished() : socket.getPeerFinished()) ?? undefined;
    }
    case 'tls-server-end-point': {
      const raw = role === 'server' ? socket.getCertificate() : socket.getPeerCertificate();
      const der: unknown = raw && 'raw' in raw ? raw.raw : undefined;
      return Buffer.isBuffer(der) && der.length > 0 ? tlsServerEndPointHash(der) : undefined;
    }
  }
}

/**
 * Builds the sasl layer's view of a server-side TLS socket: channel binding for the SCRAM
 * -PLUS mechanisms and, when the engine verified one, the client certificate identity.
 */
export function saslTlsBinding(socket: TLSSocket, clientIdentity?: () => ClientIdentity | null): TlsBinding {
  const b: TlsBinding = { channelBinding: (type) => channelBindingData(socket, type, 'server') };
  if (clientIdentity) b.clientIdentity = clientIdentity;
  return b;
}
