// Checks on files the config names: TLS key/cert pairs (and that they match), host private
// keys, extra CA certificates, DKIM private keys, the ACME external account binding key.
// mox does these while loading (mox-/config.go); paths are already resolved here.

import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Reporter } from './check-static.js';
import type { ResolvedDynamic } from './dynamic-schema.js';
import type { ValuePath } from './parse.js';
import type { ResolvedStatic } from './static-schema.js';

async function read(path: string): Promise<Buffer | string> {
  try {
    return await readFile(path);
  } catch (err) {
    return (err as Error).message;
  }
}

function firstPem(buf: Buffer, types: readonly string[]): string | undefined {
  const text = buf.toString('latin1');
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (types.includes(m[1]!)) return stripPemHeaders(m[0]);
  }
  return undefined;
}

// RFC 1421 §4.4-style headers ("Note: ..." lines, then a blank line), which mox writes into
// its keys, are not accepted by node:crypto: drop them.
function stripPemHeaders(block: string): string {
  const lines = block.split(/\r?\n/);
  const blank = lines.findIndex((l, i) => i > 0 && l.trim() === '');
  if (blank > 1 && lines.slice(1, blank).every((l) => /^[A-Za-z0-9-]+:|^\s/.test(l))) lines.splice(1, blank);
  return lines.join('\n');
}

const keyTypes = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

function parseKey(buf: Buffer, types = keyTypes): KeyObject | string {
  const pem = firstPem(buf, types);
  if (pem === undefined) return `no PEM block of type ${types.join(' or ')}`;
  try {
    return createPrivateKey(pem);
  } catch (err) {
    return `parsing private key: ${(err as Error).message}`;
  }
}

function parseCert(buf: Buffer): X509Certificate | string {
  const pem = firstPem(buf, ['CERTIFICATE']);
  if (pem === undefined) return 'no PEM certificate found';
  try {
    return new X509Certificate(pem);
  } catch (err) {
    return `parsing certificate: ${(err as Error).message}`;
  }
}

/** Reads and checks the files named in mox.conf. */
export async function checkStaticFiles(c: ResolvedStatic, r: Reporter): Promise<void> {
  const jobs: Promise<void>[] = [];
  const job = (f: () => Promise<void>) => jobs.push(f());

  for (const [name, l] of Object.entries(c.Listeners)) {
    const t = l.TLS;
    if (t === undefined) continue;
    const p: ValuePath = ['Listeners', name, 'TLS'];
    t.KeyCerts.forEach((kc, i) => {
      if (kc.CertFile === '' || kc.KeyFile === '') return; // Reported by checkStatic.
      job(async () => {
        const kp = [...p, 'KeyCerts', i];
        const [certBuf, keyBuf] = await Promise.all([read(kc.CertFile), read(kc.KeyFile)]);
        if (typeof certBuf === 'string') r.at([...kp, 'CertFile'], `listener ${name}: reading tls certificate: ${certBuf}`);
        if (typeof keyBuf === 'string') r.at([...kp, 'KeyFile'], `listener ${name}: reading tls key: ${keyBuf}`);
        if (typeof certBuf === 'string' || typeof keyBuf === 'string') return;
        const cert = parseCert(certBuf);
        const key = parseKey(keyBuf);
        if (typeof cert === 'string') r.at([...kp, 'CertFile'], `listener ${name}: ${kc.CertFile}: ${cert}`);
        if (typeof key === 'string') r.at([...kp, 'KeyFile'], `listener ${name}: ${kc.KeyFile}: ${key}`);
        if (typeof cert !== 'string' && typeof key !== 'string' && !cert.checkPrivateKey(key)) {
          r.at(kp, `listener ${name}: private key in ${kc.KeyFile} does not match certificate in ${kc.CertFile}`);
        }
      });
    });
    t.HostPrivateKeyFiles.forEach((f, i) => {
      job(async () => {
        const buf = await read(f);
        const key = typeof buf === 'string' ? buf : parseKey(buf);
        if (typeof key === 'string') r.at([...p, 'HostPrivateKeyFiles', i], `listener ${name}: host private key ${f}: ${key}`);
      });
    });
  }

  c.TLS.CA?.CertFiles.forEach((f, i) => {
    job(async () => {
      const buf = await read(f);
      const cert = typeof buf === 'string' ? buf : parseCert(buf);
      if (typeof cert === 'string') r.at(['TLS', 'CA', 'CertFiles', i], `reading TLS CA cert file ${f}: ${cert}`);
    });
  });

  for (const [name, acme] of Object.entries(c.ACME)) {
    const eab = acme.ExternalAccountBinding;
    if (eab === undefined) continue;
    job(async () => {
      const buf = await read(eab.KeyFile);
      const p = ['ACME', name, 'ExternalAccountBinding', 'KeyFile'];
      if (typeof buf === 'string') r.at(p, `acme provider ${name}: reading external account binding key: ${buf}`);
      else if (!/^[A-Za-z0-9_-]+\s*$/.test(buf.toString('latin1'))) {
        r.at(p, `acme provider ${name}: external account binding key is not base64url`);
      }
    });
  }
  await Promise.all(jobs);
}

/** Reads and checks the DKIM private keys named in domains.conf. */
export async function checkDynamicFiles(c: ResolvedDynamic, r: Reporter): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const [dom, d] of Object.entries(c.Domains)) {
    for (const [selName, sel] of Object.entries(d.DKIM.Selectors)) {
      jobs.push(
        (async () => {
          const p = ['Domains', dom, 'DKIM', 'Selectors', selName, 'PrivateKeyFile'];
          const err = (msg: string) => r.at(p, `domain ${dom}: selector ${selName}: ${msg}`);
          const buf = await read(sel.PrivateKeyFile);
          if (typeof buf === 'string') return err(`reading private key: ${buf}`);
          // mox accepts only PKCS#8 here (x509.ParsePKCS8PrivateKey).
          const key = parseKey(buf, ['PRIVATE KEY']);
          if (typeof key === 'string') return err(key);
          if (key.asymmetricKeyType === 'rsa') {
            const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
            // RFC 6376 §3.3.3: signers must use keys of at least 1024 bits.
            if (bits < 1024) err(`rsa keys should be >= 1024 bits, is ${bits} bits`);
          } else if (key.asymmetricKeyType === 'ed25519') {
            if (sel.Hash !== 'sha256') err(`hash algorithm ${JSON.stringify(sel.Hash)} is not supported with ed25519, only sha256 is`);
          } else {
            err(`private key type ${key.asymmetricKeyType ?? 'unknown'} not supported, use rsa or ed25519`);
          }
        })(),
      );
    }
  }
  await Promise.all(jobs);
}
