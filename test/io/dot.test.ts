import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DotUnstuffer, dotStuff } from '../../src/io/index.js';

function unstuffAll(chunks: string[]): { out: string; rest: string; done: boolean; bare: boolean } {
  const d = new DotUnstuffer();
  let out = '';
  for (const c of chunks) {
    const r = d.push(Buffer.from(c, 'latin1'));
    out += r.out.toString('latin1');
    if (r.done) return { out, rest: r.rest.toString('latin1'), done: true, bare: d.bareCrLf };
  }
  return { out, rest: '', done: false, bare: d.bareCrLf };
}

test('RFC 5321 §4.5.2: stuffed dots are removed and the end marker stops the data', () => {
  const r = unstuffAll(['Subject: x\r\n\r\n..leading dot\r\nbody\r\n.\r\nQUIT\r\n']);
  assert.deepEqual(r, { out: 'Subject: x\r\n\r\n.leading dot\r\nbody\r\n', rest: 'QUIT\r\n', done: true, bare: false });
});

test('end marker split over every possible chunk boundary', () => {
  const msg = 'a\r\n..b\r\n.\r\nNEXT';
  for (let i = 0; i <= msg.length; i++) {
    for (let j = i; j <= msg.length; j++) {
      const r = unstuffAll([msg.slice(0, i), msg.slice(i, j), msg.slice(j)]);
      assert.equal(r.out, 'a\r\n.b\r\n', `split ${i},${j}`);
      assert.equal(r.done, true);
      assert.equal(r.bare, false, `split ${i},${j}`);
    }
  }
});

test('bare LF and bare CR are flagged', () => {
  assert.equal(unstuffAll(['a\nb\r\n.\r\n']).bare, true);
  assert.equal(unstuffAll(['a\rb\r\n.\r\n']).bare, true);
  assert.equal(unstuffAll(['a\r\nb\r\n.\r\n']).bare, false);
});

test('empty message', () => {
  assert.deepEqual(unstuffAll(['.\r\n']), { out: '', rest: '', done: true, bare: false });
});

test('dotStuff round-trips through the unstuffer', () => {
  for (const s of ['', 'x', '.', '.\r\n', 'a\r\n.\r\n..\r\nb', 'a\r\n.', 'line\r\n']) {
    const stuffed = dotStuff(Buffer.from(s)).toString();
    const r = unstuffAll([stuffed]);
    const want = s === '' || s.endsWith('\r\n') ? s : s + '\r\n';
    assert.equal(r.out, want, JSON.stringify(s));
    assert.equal(r.done, true);
  }
});
