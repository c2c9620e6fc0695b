import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { utf7Decode, utf7Encode, Utf7Error } from '../../src/imap/index.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/imap/utf7.json', import.meta.url), 'utf8')) as {
  valid: Array<[string, string]>;
  invalid: Array<[string, string]>;
};

for (const [encoded, decoded] of vectors.valid) {
  test(`utf7 ${JSON.stringify(encoded)} <-> ${JSON.stringify(decoded)}`, () => {
    assert.equal(utf7Decode(encoded), decoded);
    assert.equal(utf7Encode(decoded), encoded);
  });
}

for (const [encoded, reason] of vectors.invalid) {
  test(`utf7 rejects ${JSON.stringify(encoded)} (${reason})`, () => {
    assert.throws(
      () => utf7Decode(encoded),
      (err: unknown) => err instanceof Utf7Error && err.reason === reason,
    );
  });
}

test('utf7 RFC 3501 §5.1.3 example round-trips through encode and decode', () => {
  const name = '~peter/mail/台北/日本語';
  assert.equal(utf7Encode(name), '~peter/mail/&U,BTFw-/&ZeVnLIqe-');
  assert.equal(utf7Decode(utf7Encode(name)), name);
});

test('utf7 encode/decode round-trips every BMP and astral sample', () => {
  const samples = ['a&b', 'ünïcødé', '\u{1F600} smile', 'mixed 日本 & 한국어/x', '\u0000\u007f\u0080', '&&&'];
  for (const s of samples) assert.equal(utf7Decode(utf7Encode(s)), s, s);
});

test('utf7 decode passes raw non-ASCII through, as Go mox does', () => {
  assert.equal(utf7Decode('Entwürfe'), 'Entwürfe');
});
