// Derived password secrets, as the account store persists them (never the password itself).
// mox keeps the same four forms in its Password record (store/account.go SetPassword).

import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { compare as bcryptCompare, hash as bcryptHash } from 'bcryptjs';
import type { PasswordCache } from './password-cache.js';
import { Md5, MD5_BLOCK_SIZE, md5BytesToWords, md5WordsToBytes } from './md5.js';
import { preparePassword, preparePasswordLenient } from './precis.js';

/** SCRAM hash functions, RFC 5802 (SHA-1) and RFC 7677 (SHA-256). */
export type ScramHash = 'SHA-1' | 'SHA-256';

/**
 * What a SCRAM server needs for one hash, RFC 5802 §3: the salt, the iteration count, and
 * StoredKey = H(HMAC(SaltedPassword, "Client Key")) and ServerKey = HMAC(SaltedPassword,
 * "Server Key"). Binary values are base64 (standard alphabet, padded).
 *
 * Deviation (security): mox stores SaltedPassword itself; StoredKey/ServerKey as RFC 5802 §3
 * suggests cannot be replayed as a client, and suffice to verify.
 */
export interface ScramSecret {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

/**
 * HMAC-MD5 states for CRAM-MD5 (RFC 2195): the MD5 chaining words after hashing the first
 * block, key XOR ipad and key XOR opad (RFC 2104 §2), each as 16 bytes base64.
 */
export interface CramMd5Secret {
  ipad: string;
  opad: string;
}

/**
 * All secrets derived from an account password; plain JSON, so the store can save it as is.
 * Mechanisms whose field is absent fail with reason `noSecrets` for that account.
 */
export interface StoredSecrets {
  /** bcrypt hash for PLAIN, LOGIN, IMAP LOGIN and HTTP basic auth. */
  bcrypt: string;
  cramMD5?: CramMd5Secret;
  scramSHA1?: ScramSecret;
  scramSHA256?: ScramSecret;
}

/** Options for {@link deriveSecrets}; defaults are mox's. */
export interface DeriveOptions {
  /** bcrypt cost; mox uses Go's bcrypt.DefaultCost, 10. */
  bcryptCost?: number;
  /** PBKDF2 iterations for SCRAM-SHA-1; mox uses 2*4096. */
  scramSHA1Iterations?: number;
  /** PBKDF2 iterations for SCRAM-SHA-256; mox uses 4096 (RFC 7677 §4 minimum). */
  scramSHA256Iterations?: number;
  /** Minimum password length in UTF-8 bytes after preparation; mox requires 8. */
  minLength?: number;
  /** Random source for salts (tests pass a fixed one). */
  random?: (n: number) => Buffer;
}

/** A password was refused by the password policy (PRECIS, length). */
export class PasswordPolicyError extends Error {
  /** Creates the error with a message that is safe to show to the user. */
  constructor(message: string) {
    super(message);
    this.name = 'PasswordPolicyError';
  }
}

// A bcrypt hash (cost 10) of a random text that is not stored anywhere. Checking a password
// against it costs as much as a real check, so unknown users take as long as known ones.
const PLACEHOLDER_BCRYPT = '$2b$10$EGUrFN6PTpXb8qq5WFKSNuK2ezeEOuR3RWOfYhWlXKPilJRT5KZRq';

// Go's bcrypt refuses longer passwords when hashing (and bcrypt ignores bytes past 72).
const BCRYPT_MAX_BYTES = 72;

const SCRAM_SALT_BYTES = 12;

/**
 * Derives everything the store keeps for a password: bcrypt hash, CRAM-MD5 HMAC states and
 * SCRAM-SHA-1/SCRAM-SHA-256 keys with fresh salts. Throws {@link PasswordPolicyError} when
 * the password fails PRECIS OpaqueString (RFC 8265 §4.2), is shorter than 8 bytes, or is
 * longer than bcrypt's 72 bytes.
 */
export async function deriveSecrets(password: string, opts: DeriveOptions = {}): Promise<StoredSecrets> {
  const prepared = preparePassword(password);
  if (prepared === null) throw new PasswordPolicyError('password not allowed by "precis"');
  const n = Buffer.byteLength(prepared, 'utf8');
  if (n < (opts.minLength ?? 8)) throw new PasswordPolicyError('password must be at least 8 characters long');
  if (n > BCRYPT_MAX_BYTES) throw new PasswordPolicyError(`password must be at most ${BCRYPT_MAX_BYTES} bytes long`);
  const random = opts.random ?? randomBytes;
  const [bcrypt, scramSHA1, scramSHA256] = await Promise.all([
    bcryptHash(prepared, opts.bcryptCost ?? 10),
    deriveScramSecret('SHA-1', prepared, random(SCRAM_SALT_BYTES), opts.scramSHA1Iterations ?? 2 * 4096),
    deriveScramSecret('SHA-256', prepared, random(SCRAM_SALT_BYTES), opts.scramSHA256Iterations ?? 4096),
  ]);
  return { bcrypt, cramMD5: deriveCramMd5Secret(prepared), scramSHA1, scramSHA256 };
}

/**
 * Checks a plaintext password (PLAIN, LOGIN, IMAP LOGIN) against stored secrets in constant
 * work: pass null secrets for an unknown user and the same bcrypt work is done anyway. With
 * a cache, a password verified recently for the same hash is accepted without bcrypt.
 */
export async function verifyPassword(secrets: StoredSecrets | null, password: string, cache?: PasswordCache): Promise<boolean> {
  const prepared = preparePassword(password);
  if (secrets !== null && prepared !== null && cache?.has(secrets.bcrypt, prepared)) return true;
  const hash = secrets?.bcrypt ?? PLACEHOLDER_BCRYPT;
  const ok = (await bcryptCompare(prepared ?? password, hash).catch(() => false)) && prepared !== null && secrets !== null;
  if (ok) cache?.add(secrets!.bcrypt, prepared!);
  return ok;
}

/** Node's digest name for a SCRAM hash. */
export function nodeHashName(h: ScramHash): 'sha1' | 'sha256' {
  return h === 'SHA-1' ? 'sha1' : 'sha256';
}

/** Output size in bytes of a SCRAM hash. */
export function hashSize(h: ScramHash): number {
  return h === 'SHA-1' ? 20 : 32;
}

/** Computes SaltedPassword = Hi(Normalize(password), salt, i), RFC 5802 §3 (PBKDF2). */
export function saltPassword(h: ScramHash, password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  const pw = Buffer.from(preparePasswordLenient(password), 'utf8');
  return new Promise((resolve, reject) => {
    pbkdf2(pw, salt, iterations, hashSize(h), nodeHashName(h), (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Computes HMAC(key, msg) with the SCRAM hash. */
export function hmac(h: ScramHash, key: Buffer, msg: Buffer | string): Buffer {
  return createHmac(nodeHashName(h), key).update(msg).digest();
}

/** Computes H(data) with the SCRAM hash. */
export function digest(h: ScramHash, data: Buffer): Buffer {
  return createHash(nodeHashName(h)).update(data).digest();
}

/** Builds a {@link ScramSecret} from an already salted password (e.g. imported from mox). */
export function scramSecretFromSaltedPassword(
  h: ScramHash,
  salt: Buffer,
  iterations: number,
  saltedPassword: Buffer,
): ScramSecret {
  const clientKey = hmac(h, saltedPassword, 'Client Key');
  return {
    salt: salt.toString('base64'),
    iterations,
    storedKey: digest(h, clientKey).toString('base64'),
    serverKey: hmac(h, saltedPassword, 'Server Key').toString('base64'),
  };
}

/** Derives a {@link ScramSecret} for a password with the given salt and iteration count. */
export async function deriveScramSecret(
  h: ScramHash,
  password: string,
  salt: Buffer,
  iterations: number,
): Promise<ScramSecret> {
  return scramSecretFromSaltedPassword(h, salt, iterations, await saltPassword(h, password, salt, iterations));
}

/** Returns the HMAC-MD5 key blocks key XOR ipad and key XOR opad, RFC 2104 §2. */
export function hmacMd5Pads(password: string): { ipad: Buffer; opad: Buffer } {
  let key: Buffer = Buffer.from(preparePasswordLenient(password), 'utf8');
  if (key.length > MD5_BLOCK_SIZE) key = new Md5().update(key).digest();
  const ipad = Buffer.alloc(MD5_BLOCK_SIZE, 0x36);
  const opad = Buffer.alloc(MD5_BLOCK_SIZE, 0x5c);
  for (let i = 0; i < key.length; i++) {
    ipad[i]! ^= key[i]!;
    opad[i]! ^= key[i]!;
  }
  return { ipad, opad };
}

/** Derives the CRAM-MD5 secret: MD5 states after the ipad and opad blocks. */
export function deriveCramMd5Secret(password: string): CramMd5Secret {
  const { ipad, opad } = hmacMd5Pads(password);
  return {
    ipad: md5WordsToBytes(new Md5().update(ipad).state().words).toString('base64'),
    opad: md5WordsToBytes(new Md5().update(opad).state().words).toString('base64'),
  };
}

/** Finishes HMAC-MD5(password, text) from a stored {@link CramMd5Secret}, RFC 2104 §2. */
export function cramMd5Digest(secret: CramMd5Secret, text: Buffer): Buffer {
  const inner = new Md5({ words: md5BytesToWords(decodeBase64Field(secret.ipad, 16)), length: MD5_BLOCK_SIZE });
  const outer = new Md5({ words: md5BytesToWords(decodeBase64Field(secret.opad, 16)), length: MD5_BLOCK_SIZE });
  return outer.update(inner.update(text).digest()).digest();
}

/** Compares two byte strings in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    // Still do a comparison so the work does not depend on where the lengths differ.
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

function decodeBase64Field(s: string, len?: number): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error('bad base64 in stored secret');
  const b = Buffer.from(s, 'base64');
  if (len !== undefined && b.length !== len) throw new Error('bad length of stored secret');
  return b;
}

/** Decodes the binary fields of a {@link ScramSecret}. */
export function scramSecretBytes(s: ScramSecret): { salt: Buffer; storedKey: Buffer; serverKey: Buffer } {
  return { salt: decodeBase64Field(s.salt), storedKey: decodeBase64Field(s.storedKey), serverKey: decodeBase64Field(s.serverKey) };
}

/**
 * Validates JSON read back from storage and returns it typed; throws on a malformed record
 * so a corrupted store is noticed instead of failing logins in odd ways.
 */
export function parseStoredSecrets(v: unknown): StoredSecrets {
  const o = asRecord(v, 'secrets');
  if (typeof o.bcrypt !== 'string' || !/^\$2[abxy]\$\d\d\$/.test(o.bcrypt)) throw new Error('secrets: bad bcrypt hash');
  const out: StoredSecrets = { bcrypt: o.bcrypt };
  if (o.cramMD5 !== undefined) {
    const c = asRecord(o.cramMD5, 'cramMD5');
    const ipad = String(c.ipad);
    const opad = String(c.opad);
    decodeBase64Field(ipad, 16);
    decodeBase64Field(opad, 16);
    out.cramMD5 = { ipad, opad };
  }
  for (const k of ['scramSHA1', 'scramSHA256'] as const) {
    if (o[k] === undefined) continue;
    const s = asRecord(o[k], k);
    const h: ScramHash = k === 'scramSHA1' ? 'SHA-1' : 'SHA-256';
    if (typeof s.iterations !== 'number' || !Number.isInteger(s.iterations) || s.iterations < 1) {
      throw new Error(`secrets: ${k}: bad iterations`);
    }
    const secret: ScramSecret = {
      salt: String(s.salt),
      iterations: s.iterations,
      storedKey: String(s.storedKey),
      serverKey: String(s.serverKey),
    };
    const b = scramSecretBytes(secret);
    if (b.salt.length === 0 || b.storedKey.length !== hashSize(h) || b.serverKey.length !== hashSize(h)) {
      throw new Error(`secrets: ${k}: bad key sizes`);
    }
    out[k] = secret;
  }
  return out;
}

function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what}: expected an object`);
  return v as Record<string, unknown>;
}
