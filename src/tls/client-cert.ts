import { X509Certificate, createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

/** A client certificate's public key as mox identifies it. */
export interface TlsPublicKeyInfo {
  /** base64url (no padding) of the SHA-256 of the SubjectPublicKeyInfo DER. */
  fingerprint: string;
  /** "rsa-2048", "ecdsa-p256", "ed25519", ... */
  type: string;
  /** The certificate's Common Name, or "serial <hex>". */
  name: string;
  certDer: Buffer;
}

/**
 * Reads a client certificate (DER) the way mox registers "TLS public keys" for EXTERNAL
 * authentication (RFC 4422 App. A): fingerprint of the public key, key type, a name. RSA keys
 * under 2048 bits are refused.
 */
export function parseTlsPublicKeyCert(der: Buffer): TlsPublicKeyInfo {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    throw new Error(`parsing certificate: ${(e as Error).message}`);
  }
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const fingerprint = createHash('sha256').update(spki).digest('base64url');
  const k = cert.publicKey;
  let type: string;
  switch (k.asymmetricKeyType) {
    case 'rsa': {
      const bits = k.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < 2048) throw new Error('rsa keys smaller than 2048 bits not accepted');
      type = `rsa-${bits}`;
      break;
    }
    case 'ec': {
      const curve = (k.asymmetricKeyDetails?.namedCurve ?? '').toLowerCase();
      const names: Record<string, string> = { prime256v1: 'p256', secp384r1: 'p384', secp521r1: 'p521' };
      type = `ecdsa-${names[curve] ?? curve.replace(/-/g, '')}`;
      break;
    }
    case 'ed25519':
      type = 'ed25519';
      break;
    default:
      throw new Error(`public key type ${k.asymmetricKeyType} not implemented`);
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return { fingerprint, type, name: cn || `serial ${cert.serialNumber.toLowerCase()}`, certDer: Buffer.from(der) };
}

/** The fingerprint of the certificate a TLS peer presented, or undefined without one. */
export function peerKeyFingerprint(sock: TLSSocket): string | undefined {
  const c = sock.getPeerX509Certificate?.();
  if (!c) return undefined;
  return createHash('sha256').update(c.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}
