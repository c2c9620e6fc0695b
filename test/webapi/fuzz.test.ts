// Seeded fuzzing of the request decoders: mutated form bodies and JSON values either decode
// or fail with the webapi's own errors (which become 400s), never with anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeForm } from '../../src/webapi/form.js';
import { WebapiError } from '../../src/webapi/errors.js';
import { methods } from '../../src/webapi/methods.js';
import { DecodeError, decodeValue, exampleValue, fillNil } from '../../src/webapi/schema.js';
import { prng } from '../helpers/prng.js';

const seed = 20260121;

const multipart = Buffer.from(
  [
    '--b1',
    'Content-Disposition: form-data; name="request"',
    '',
    '{"To":[{"Address":"a@x"}],"Text":"hi"}',
    '--b1',
    'Content-Disposition: form-data; name="inlinefile"; filename="x.png"',
    'Content-Type: image/png',
    'Content-ID: <x>',
    '',
    'data',
    '--b1--',
    '',
  ].join('\r\n'),
);

function mutate(rnd: () => number, b: Buffer): Buffer {
  const out = Buffer.from(b);
  const n = 1 + Math.floor(rnd() * 8);
  for (let i = 0; i < n; i++) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
  const cut = rnd() < 0.3 ? Math.floor(rnd() * out.length) : out.length;
  return out.subarray(0, cut);
}

test(`form decoding of mutated bodies throws only WebapiError (seed ${seed})`, () => {
  const rnd = prng(seed);
  const types = ['multipart/form-data; boundary=b1', 'multipart/form-data; boundary="b1"', 'application/x-www-form-urlencoded', 'application/json'];
  for (let i = 0; i < 3000; i++) {
    const ct = types[i % types.length]!;
    const body = mutate(rnd, multipart);
    try {
      const f = decodeForm(ct, body);
      assert.equal(typeof f.request, 'string');
    } catch (err) {
      assert.ok(err instanceof WebapiError, `iteration ${i}: ${String(err)}`);
    }
  }
});

test(`decoding random JSON shapes into every request type throws only DecodeError (seed ${seed})`, () => {
  const rnd = prng(seed + 1);
  const pick = <T>(l: T[]): T => l[Math.floor(rnd() * l.length)]!;
  const randomValue = (depth: number): unknown => {
    const k = Math.floor(rnd() * (depth > 3 ? 5 : 7));
    if (k === 0) return null;
    if (k === 1) return rnd() < 0.5;
    if (k === 2) return pick([0, 1, -1, 1.5, 2 ** 53, 1e300]);
    if (k === 3) return pick(['', 'x', '2024-04-04T14:29:42Z', 'a@b']);
    if (k === 4) return pick([[], {}]);
    if (k === 5) return Array.from({ length: Math.floor(rnd() * 3) }, () => randomValue(depth + 1));
    const keys = ['To', 'to', 'Address', 'Name', 'Date', 'MsgID', 'PartPath', 'Flags', 'Extra', 'Headers', 'Bogus', 'Data'];
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(keys), randomValue(depth + 1)]));
  };
  for (let i = 0; i < 5000; i++) {
    const m = methods[i % methods.length]!;
    // Start from the method's example, with a random field replaced, or a random value.
    const v = rnd() < 0.5 ? randomValue(0) : { ...(exampleValue(m.request) as object), [pick(['To', 'MsgID', 'Flags', 'Extra', 'x'])]: randomValue(1) };
    try {
      const d = fillNil(m.request, decodeValue(m.request, v, ''));
      assert.equal(typeof d, 'object');
    } catch (err) {
      assert.ok(err instanceof DecodeError, `iteration ${i} ${m.name} ${JSON.stringify(v)}: ${String(err)}`);
    }
  }
});
