import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PasswordCache, deriveSecrets, verifyPassword } from '../../src/sasl/index.js';

test('password cache: successes are remembered per hash until they expire; failures never are', async () => {
  let now = 1_000_000;
  const cache = new PasswordCache({ now: () => now }, 60_000);
  const secrets = await deriveSecrets('correct horse', { bcryptCost: 4 });
  assert.equal(cache.has(secrets.bcrypt, 'correct horse'), false);
  assert.equal(await verifyPassword(secrets, 'wrong horse', cache), false);
  assert.equal(cache.has(secrets.bcrypt, 'wrong horse'), false);
  assert.equal(await verifyPassword(secrets, 'correct horse', cache), true);
  assert.equal(cache.has(secrets.bcrypt, 'correct horse'), true);
  assert.equal(cache.has(secrets.bcrypt, 'correct horsE'), false);
  // A cached hit does not accept another password.
  assert.equal(await verifyPassword(secrets, 'correct horsE', cache), false);
  // A new password means a new hash: the old entry does not apply.
  const changed = await deriveSecrets('correct horse', { bcryptCost: 4 });
  assert.equal(cache.has(changed.bcrypt, 'correct horse'), false);
  now += 60_000;
  assert.equal(cache.has(secrets.bcrypt, 'correct horse'), false);
  // Unknown users are never cached.
  assert.equal(await verifyPassword(null, 'correct horse', cache), false);
});

test('password cache: bounded, oldest entries go first', async () => {
  const cache = new PasswordCache({ now: () => 0 }, 60_000, 2);
  cache.add('h1', 'p');
  cache.add('h2', 'p');
  cache.add('h3', 'p');
  assert.equal(cache.has('h1', 'p'), false);
  assert.equal(cache.has('h2', 'p'), true);
  assert.equal(cache.has('h3', 'p'), true);
});
