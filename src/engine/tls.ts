import { createSecureContext, type SecureContext } from 'node:tls';
import type { Listener } from '../config/index.js';
import { loadKeyCertPair } from '../tls/index.js';

/** The TLS context of a config listener (all its KeyCerts), or undefined without TLS. */
export async function listenerTls(l: Listener): Promise<SecureContext | undefined> {
  const kcs = (l.TLS as { KeyCerts?: { CertFile: string; KeyFile: string }[] } | undefined)?.KeyCerts ?? [];
  if (kcs.length === 0) return undefined;
  const pairs = await Promise.all(kcs.map((kc) => loadKeyCertPair(kc.CertFile, kc.KeyFile)));
  return createSecureContext({ minVersion: 'TLSv1.2', cert: pairs.map((p) => p.cert), key: pairs.map((p) => p.key) });
}
