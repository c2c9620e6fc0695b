// Strict JSON decoding as mox's ctl does it (Go encoding/json with DisallowUnknownFields).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CtlClient, CtlRemoteError, decodeJson, JsonShapeError, zeroJson } from '../../src/ctl/index.js';
import { startServer } from './harness.js';

// The shape of mox's queue.Filter (v0.0.15 queue/queue.go).
const filterShape = {
  object: {
    Max: 'integer',
    IDs: { array: 'integer' },
    Account: 'string',
    From: 'string',
    To: 'string',
    Hold: { nullable: 'boolean' },
    Submitted: 'string',
    NextAttempt: 'string',
    Transport: { nullable: 'string' },
  },
} as const;

const zeroFilter = { Max: 0, IDs: [], Account: '', From: '', To: '', Hold: null, Submitted: '', NextAttempt: '', Transport: null };

test('missing fields and null get zero values; only shape fields come out', () => {
  assert.deepEqual(decodeJson('{}', filterShape), zeroFilter);
  assert.deepEqual(decodeJson('null', filterShape), zeroFilter);
  assert.deepEqual(zeroJson(filterShape), zeroFilter);
  const f = decodeJson('{"Max":10,"IDs":[1,2],"Hold":false,"Account":null,"Transport":"submit"}', filterShape);
  assert.deepEqual(f, { ...zeroFilter, Max: 10, IDs: [1, 2], Hold: false, Transport: 'submit' });
  // Typed result: this line type-checks only if the inference works.
  const max: number = f.Max;
  const hold: boolean | null = f.Hold;
  assert.equal(max + (hold ? 1 : 0), 10);
});

test('field names match case-insensitively when there is no exact match (as Go)', () => {
  assert.deepEqual(decodeJson('{"max":3,"ACCOUNT":"mjl"}', filterShape), { ...zeroFilter, Max: 3, Account: 'mjl' });
});

test('unknown fields, wrong types and bad syntax are errors with Go-like texts', () => {
  const bad: [string, RegExp][] = [
    ['{"Bogus":1}', /^json: unknown field "Bogus"$/],
    ['{"Max":"10"}', /^json: cannot unmarshal string into field Max of type integer$/],
    ['{"Max":1.5}', /^json: cannot unmarshal number 1\.5 into field Max of type integer$/],
    ['{"IDs":[1,"x"]}', /^json: cannot unmarshal string into field IDs\.1 of type integer$/],
    ['{"Hold":"yes"}', /^json: cannot unmarshal string into field Hold of type boolean$/],
    ['[]', /^json: cannot unmarshal array into value of type object$/],
    ['{"Max":', /^json: /],
    ['', /^json: /],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => decodeJson(text, filterShape), (err: unknown) => err instanceof JsonShapeError && re.test(err.message), text);
  }
});

test('nested objects and maps; "__proto__" keys stay plain data', () => {
  const shape = { object: { Sort: { object: { Field: 'string', Asc: 'boolean' } }, Extra: { map: 'string' }, Any: 'unknown' } } as const;
  const v = decodeJson('{"Sort":{"Field":"Queued","Extra":1}}', { map: 'unknown' });
  assert.deepEqual(v, { Sort: { Field: 'Queued', Extra: 1 } });
  assert.throws(() => decodeJson('{"Sort":{"Field":"Queued","Extra":1}}', shape), /unknown field "Extra"/);
  const m = decodeJson('{"Extra":{"__proto__":"x","a":"b"},"Any":[1,{"z":null}]}', shape);
  assert.equal(Object.getPrototypeOf(m.Extra), Object.prototype);
  assert.equal(Object.hasOwn(m.Extra, '__proto__'), true);
  assert.equal(m.Extra.a, 'b');
  assert.deepEqual(m.Any, [1, { z: null }]);
  assert.deepEqual(m.Sort, { Field: '', Asc: false });
});

test('over the socket: readJson/parseJson with a shape, and the error text as mox words it', async (t) => {
  const { path } = await startServer(t, {
    // > "queuelist" > filter json > sort json < "ok" < stream
    queuelist: async (c) => {
      const [filter, sort] = [await c.readLine(), await c.readLine()];
      const f = c.parseJson(filter, filterShape);
      const s = c.parseJson(sort, { object: { Field: 'string', LastID: 'integer', Last: 'unknown', Asc: 'boolean' } });
      await c.ok();
      await c.writeStream(`max ${f.Max} sort ${s.Field} asc ${s.Asc}\n`);
    },
    // > "aliasaddaddr" > alias > addresses json < "ok" (the JSON line is the last parameter)
    aliasaddaddr: async (c) => {
      const alias = await c.readLine();
      const addrs = await c.readJson({ array: 'string' });
      await c.ok();
      await c.writeLine(`${alias}: ${addrs.join(', ')}`);
    },
    // > "queueholdset" > filter json > "true"/"false" < "ok" < count
    queueholdset: async (c) => {
      // mox reads every parameter line before parsing, so a bad one leaves the exchange in step.
      const filter = await c.readLine();
      const hold = (await c.readLine()) === 'true';
      const f = c.parseJson(filter, filterShape);
      await c.ok();
      await c.writeNumber(f.IDs.length + (hold ? 100 : 0));
    },
  });
  const c = await CtlClient.connect(path);
  t.after(() => c.destroy());
  await c.send('queueholdset');
  await c.writeJson({ IDs: [1, 2, 3] });
  await c.writeLine('true');
  await c.readOk();
  assert.equal(await c.readNumber(), 103);

  await assert.rejects(c.call('queueholdset', ['{"IDs":[1],"Unknown":true}', 'false']), (err: unknown) => {
    return err instanceof CtlRemoteError && err.text === 'parsing from ctl as json: json: unknown field "Unknown"';
  });
  await assert.rejects(c.call('queuelist', ['{"Max":', '{}']), (err: unknown) => {
    return err instanceof CtlRemoteError && err.text.startsWith('parsing from ctl as json: json: ');
  });

  await assert.rejects(c.call('aliasaddaddr', ['list@example.org', '["a@example.org", 1]']), /cannot unmarshal number 1 into field 1 of type string/);
  await c.call('aliasaddaddr', ['list@example.org', '["a@example.org","b@example.org"]']);
  assert.equal(await c.readLine(), 'list@example.org: a@example.org, b@example.org');

  await c.call('queuelist', ['{"Max":5}', '{"Field":"Queued","Asc":true}']);
  assert.equal((await c.readStreamAll(100)).toString(), 'max 5 sort Queued asc true\n');
});
