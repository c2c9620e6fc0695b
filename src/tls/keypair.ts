// Loading a certificate chain and private key from PEM files (mox config TLS.KeyCerts) into
// a form tls.createSecureContext accepts.

import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { encodePem, parsePem, type PemBlock } from './pem.js';

/** PEM texts ready for tls.createSecureContext({ cert, key }). */
export interface KeyCertPair {
  /** The certificate chain, leaf first, as header-free PEM. */
  cert: Buffer;
  /** The private key as PKCS#8 PEM. */
  key: Buffer;
}

/** A certificate or key file could not be used; the message names the file. */
export class KeyCertError extends Error {
  /** Creates the error for `file`. */
  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'KeyCertError';
  }
}

// PEM label -> DER structure Node's createPrivateKey understands.
const KEY_TYPES: Readonly<Record<string, 'pkcs8' | 'pkcs1' | 'sec1'>> = {
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
};

/**
 * Reads a PEM certificate chain and a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC; PEM
 * headers such as mox's "Note:" are allowed) and checks that the key belongs to the first
 * certificate. Throws {@link KeyCertError} naming the offending file.
 */
export async function loadKeyCertPair(certFile: string, keyFile: string): Promise<KeyCertPair> {
  const [certText, keyText] = await Promise.all([readOrFail(certFile), readOrFail(keyFile)]);
  return parseKeyCertPair(certText, keyText, certFile, keyFile);
}

/** Like {@link loadKeyCertPair}, for PEM data already in memory; names are used in errors. */
export function parseKeyCertPair(certPem: Buffer | string, keyPem: Buffer | string, certName = 'cert', keyName = 'key'): KeyCertPair {
  const certBlocks = blocksOf(certPem, certName).filter((b) => b.type === 'CERTIFICATE');
  if (certBlocks.length === 0) throw new KeyCertError(certName, 'no CERTIFICATE block found');
  const certs = certBlocks.map((b, i) => {
    try {
      return new X509Certificate(b.bytes);
    } catch (e) {
      throw new KeyCertError(certName, `certificate ${i + 1} cannot be parsed`, { cause: e });
    }
  });

  const key = parsePrivateKey(blocksOf(keyPem, keyName), keyName);
  if (!certs[0]!.checkPrivateKey(key)) {
    throw new KeyCertError(keyName, `private key does not match the certificate in ${certName}`);
  }
  return {
    cert: Buffer.from(certBlocks.map((b) => encodePem('CERTIFICATE', b.bytes)).join(''), 'latin1'),
    key: Buffer.from(key.export({ type: 'pkcs8', format: 'pem' }) as string, 'latin1'),
  };
}

function parsePrivateKey(blocks: PemBlock[], name: string): KeyObject {
  if (blocks.some((b) => b.type === 'ENCRYPTED PRIVATE KEY' || b.headers.some(([k, v]) => k === 'Proc-Type' && v.includes('ENCRYPTED')))) {
    throw new KeyCertError(name, 'encrypted private keys are not supported');
  }
  // "EC PARAMETERS" blocks (openssl ecparam -genkey) and anything else are skipped.
  const keys = blocks.filter((b) => b.type in KEY_TYPES);
  if (keys.length === 0) throw new KeyCertError(name, 'no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block found');
  if (keys.length > 1) throw new KeyCertError(name, 'more than one private key found');
  const b = keys[0]!;
  try {
    return createPrivateKey({ key: b.bytes, format: 'der', type: KEY_TYPES[b.type]! });
  } catch (e) {
    throw new KeyCertError(name, `cannot parse ${b.type}`, { cause: e });
  }
}

function blocksOf(text: Buffer | string, name: string): PemBlock[] {
  try {
    return parsePem(text);
  } catch (e) {
    throw new KeyCertError(name, (e as Error).message, { cause: e });
  }
}

async function readOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new KeyCertError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}
