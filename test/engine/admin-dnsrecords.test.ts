// DNS record texts of `mox config dnsrecords`: DKIM TXT values and zone-file string splitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { dkimRecord, txtStrings } from '../../src/engine/admin/dnsrecords.js';
import { makeDkimKeyPem } from '../../src/engine/admin/domains.js';

test('dkimRecord: ed25519 raw key (RFC 8463), rsa SubjectPublicKeyInfo; PEM Note header accepted', async () => {
  const ed = await makeDkimKeyPem('ed25519', 'ed25519 dkim private key, test');
  assert.match(ed.toString(), /^-----BEGIN PRIVATE KEY-----\nNote: ed25519 dkim private key, test\n\n/);
  const rec = dkimRecord(ed);
  const m = /^v=DKIM1;h=sha256;k=ed25519;p=([A-Za-z0-9+/=]+)$/.exec(rec);
  assert.ok(m, rec);
  const raw = Buffer.from(m[1]!, 'base64');
  assert.equal(raw.length, 32);
  const spki = createPublicKey(ed.toString().replace(/Note: .*\n\n/, '')).export({ type: 'spki', format: 'der' });
  assert.deepEqual(raw, spki.subarray(-32));

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const rsa = dkimRecord(pem);
  assert.equal(rsa, `v=DKIM1;h=sha256;p=${createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64')}`);
  assert.throws(() => dkimRecord('nothing'), /no PEM block/);
});

test('txtStrings: one quoted string up to 100 characters, else 100-character pieces in ()', () => {
  assert.equal(txtStrings('a'.repeat(100)), `"${'a'.repeat(100)}"`);
  const s = 'b'.repeat(100) + 'c'.repeat(101);
  assert.equal(txtStrings(s), `(\n \t\t"${'b'.repeat(100)}"\n \t\t"${'c'.repeat(100)}"\n \t\t"c"\n\t)`);
});
