import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import {
  PasswordPolicyError,
  deriveScramSecret,
  deriveSecrets,
  parseStoredSecrets,
  preparePassword,
  scramSecretFromSaltedPassword,
  verifyPassword,
} from '../../src/sasl/index.js';
import { cramMd5Digest, deriveCramMd5Secret } from '../../src/sasl/secrets.js';
import { vectors } from './helpers.js';

test('deriveSecrets stores mox-shaped secrets and never the password', async () => {
  const salts = [Buffer.alloc(12, 1), Buffer.alloc(12, 2)];
  const s = await deriveSecrets('moxmoxmox', { random: () => salts.shift()! });
  assert.match(s.bcrypt, /^\$2[ab]\$10\$/, 'bcrypt with mox cost 10');
  assert.equal(s.scramSHA1?.iterations, 8192);
  assert.equal(s.scramSHA256?.iterations, 4096);
  assert.equal(s.scramSHA1?.salt, Buffer.alloc(12, 1).toString('base64'));
  assert.equal(s.scramSHA256?.salt, Buffer.alloc(12, 2).toString('base64'));
  // SCRAM keys per RFC 5802 §3, computed independently with node:crypto.
  const sp = pbkdf2Sync('moxmoxmox', Buffer.alloc(12, 2), 4096, 32, 'sha256');
  const clientKey = createHmac('sha256', sp).update('Client Key').digest();
  assert.equal(s.scramSHA256?.storedKey, createHash('sha256').update(clientKey).digest('base64'));
  assert.equal(s.scramSHA256?.serverKey, createHmac('sha256', sp).update('Server Key').digest('base64'));
  const json = JSON.stringify(s);
  assert.ok(!json.includes('moxmoxmox'));
  assert.deepEqual(parseStoredSecrets(JSON.parse(json)), s);
  assert.equal(await verifyPassword(s, 'moxmoxmox'), true);
  assert.equal(await verifyPassword(s, 'moxmoxmoy'), false);
});

test('deriveSecrets applies mox password policy', async () => {
  await assert.rejects(deriveSecrets('short', { bcryptCost: 4 }), PasswordPolicyError);
  await assert.rejects(deriveSecrets('x'.repeat(73), { bcryptCost: 4 }), /at most 72/);
  await assert.rejects(deriveSecrets('bad\u0007password', { bcryptCost: 4 }), /precis/);
  // A non-ASCII space is mapped to U+0020 before hashing (RFC 8265 §4.2.1), so both spellings work.
  const s = await deriveSecrets('correct\u00a0horse', { bcryptCost: 4 });
  assert.equal(await verifyPassword(s, 'correct horse'), true);
  assert.equal(await verifyPassword(s, 'correct\u2003horse'), true);
});

test('preparePassword implements the OpaqueString essentials', () => {
  assert.equal(preparePassword('e\u0301t\u00e9'), '\u00e9t\u00e9', 'NFC');
  assert.equal(preparePassword(''), null);
  assert.equal(preparePassword('a\u0000b'), null);
  assert.equal(preparePassword('zero\u200bwidth'), null, 'default ignorable');
  assert.equal(preparePassword('Straße 😀'), 'Straße 😀');
});

test('verifyPassword with null secrets (unknown user) is false but still checks', async () => {
  assert.equal(await verifyPassword(null, 'anything'), false);
  assert.equal(await verifyPassword(null, 'mox-ts unknown user placeholder'), false, 'the placeholder text never matches');
});

test('CRAM-MD5 secret finishes HMAC-MD5 like node:crypto and matches RFC 2195', () => {
  for (const v of vectors.cramMd5) {
    const secret = deriveCramMd5Secret(v.password);
    const mac = cramMd5Digest(secret, Buffer.from(v.challenge));
    assert.equal(`${v.username} ${mac.toString('hex')}`, v.response, v.name);
  }
  // Keys longer than the block size are hashed first, RFC 2104 §2.
  const long = 'k'.repeat(100);
  const text = Buffer.from('<1.2@host>');
  assert.deepEqual(cramMd5Digest(deriveCramMd5Secret(long), text), createHmac('md5', long).update(text).digest());
});

test('SCRAM secrets from a salted password equal a fresh derivation', async () => {
  const v = vectors.scram[1]!;
  const salt = Buffer.from(v.salt, 'base64');
  const direct = await deriveScramSecret('SHA-256', v.password, salt, v.iterations);
  const sp = pbkdf2Sync(v.password, salt, v.iterations, 32, 'sha256');
  assert.deepEqual(scramSecretFromSaltedPassword('SHA-256', salt, v.iterations, sp), direct);
});

test('parseStoredSecrets rejects corrupted records', () => {
  assert.throws(() => parseStoredSecrets(null), /object/);
  assert.throws(() => parseStoredSecrets({ bcrypt: 'plaintext' }), /bcrypt/);
  const ok = { bcrypt: '$2b$04$abcdefghijklmnopqrstuu' };
  assert.deepEqual(parseStoredSecrets(ok), ok);
  assert.throws(() => parseStoredSecrets({ ...ok, cramMD5: { ipad: 'AAAA', opad: 'AAAA' } }), /length/);
  assert.throws(
    () => parseStoredSecrets({ ...ok, scramSHA1: { salt: 'AAAA', iterations: 0, storedKey: '', serverKey: '' } }),
    /iterations/,
  );
  assert.throws(
    () => parseStoredSecrets({ ...ok, scramSHA256: { salt: 'AAAA', iterations: 4096, storedKey: 'AAAA', serverKey: 'AAAA' } }),
    /key sizes/,
  );
});
