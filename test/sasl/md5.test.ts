import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Md5 } from '../../src/sasl/index.js';

function nodeMd5(b: Buffer): string {
  return createHash('md5').update(b).digest('hex');
}

test('md5 matches the RFC 1321 §A.5 test suite', () => {
  const suite: Array<[string, string]> = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [input, hex] of suite) assert.equal(new Md5().update(Buffer.from(input)).digest().toString('hex'), hex, input);
});

test('md5 agrees with node:crypto for every length around block and padding boundaries', () => {
  // Deterministic pseudo-random bytes, so a failure is reproducible.
  const data = Buffer.alloc(300);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  for (let n = 0; n <= data.length; n++) {
    const b = data.subarray(0, n);
    assert.equal(new Md5().update(b).digest().toString('hex'), nodeMd5(b), `length ${n}`);
    // Same input in uneven pieces.
    const m = new Md5();
    for (let off = 0; off < n; off += 7) m.update(b.subarray(off, Math.min(n, off + 7)));
    assert.equal(m.digest().toString('hex'), nodeMd5(b), `pieces of length ${n}`);
  }
});

test('md5 state exported at a block boundary resumes to the same digest', () => {
  const prefix = Buffer.alloc(128, 0x36);
  const rest = Buffer.from('<1896.697170952@postoffice.reston.mci.net>');
  const st = new Md5().update(prefix).state();
  assert.equal(st.length, 128);
  const resumed = new Md5(st).update(rest).digest();
  assert.equal(resumed.toString('hex'), nodeMd5(Buffer.concat([prefix, rest])));
  // The exported state is a plain value: it survives JSON.
  const again = new Md5(JSON.parse(JSON.stringify(st))).update(rest).digest();
  assert.deepEqual(again, resumed);
});

test('md5 refuses to export or resume a state inside a block', () => {
  assert.throws(() => new Md5().update(Buffer.alloc(10)).state(), /block boundary/);
  assert.throws(() => new Md5({ words: [1, 2, 3, 4], length: 10 }), /block boundary/);
});
