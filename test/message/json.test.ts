import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseMessage, partToJSON, partFromJSON } from '../../src/message/index.js';

const dir = new URL('../vectors/message/', import.meta.url);
const corpus = readdirSync(dir).filter((f) => f.endsWith('.eml'));

for (const f of corpus) {
  test(`JSON round trip: ${f}`, () => {
    const p = parseMessage(readFileSync(new URL(f, dir)));
    const json = partToJSON(p);
    const back = partFromJSON(json);
    assert.deepEqual(back, p);
    assert.equal(partToJSON(back), json);
  });
}

test('JSON is compact: short keys, defaults left out', () => {
  const p = parseMessage(Buffer.from('Subject: x\r\n\r\nhello\r\n'));
  assert.equal(partToJSON(p), '{"o":[0,14,21],"l":1,"p":{"charset":"us-ascii"},"en":{"s":"x"}}');
  const buf = readFileSync(new URL('nodemailer.eml', dir));
  const json = partToJSON(parseMessage(buf));
  assert.ok(json.length < 1500, `stored structure is ${json.length} bytes`);
});

test('partFromJSON rejects data of the wrong shape', () => {
  for (const bad of ['null', '[]', '{}', '{"o":[1,2]}', '{"o":[0,0,"x"]}', '{"o":[0,0,0],"t":"TEXT"}', '{"o":[0,0,0],"p":{"a":1}}', '{"o":[0,0,0],"c":{}}', '{"o":[0,0,0],"en":{"f":[["a"]]}}']) {
    assert.throws(() => partFromJSON(bad), Error, bad);
  }
});
