// Go's text forms used in `mox queue …` output (fmt %q, time.Time, time.Duration, JSON), with
// expected values as Go 1.23 prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goDurationSeconds, goJsonIndent, goQuote, goTimeString, pathLogString, rfc3339 } from '../../src/engine/ctl/format.js';

/** Runs `fn` with the process's local time zone set to `tz`. */
function inZone<T>(tz: string, fn: () => T): T {
  const old = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env.TZ;
    else process.env.TZ = old;
  }
}

test('goQuote matches strconv.Quote and QuoteToASCII', () => {
  assert.equal(goQuote(''), '""');
  assert.equal(goQuote('delivery canceled by admin'), '"delivery canceled by admin"');
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
  assert.equal(goQuote('\x00\x01\x1f\x7f'), '"\\x00\\x01\\x1f\\x7f"');
  // Printable non-ASCII stays; spaces other than ASCII space and format characters do not.
  assert.equal(goQuote('é 😀 bücher'), '"é 😀 bücher"');
  assert.equal(goQuote('\u00a0\u200b\u2028\u0085'), '"\\u00a0\\u200b\\u2028\\u0085"');
  assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
  assert.equal(goQuote('é😀', true), '"\\u00e9\\U0001f600"');
  assert.equal(goQuote('\ud800x'), '"\\ufffdx"');
});

test('durations are rounded to seconds half away from zero and printed as Go does', () => {
  assert.equal(goDurationSeconds(0), '0s');
  assert.equal(goDurationSeconds(499), '0s');
  assert.equal(goDurationSeconds(500), '1s');
  assert.equal(goDurationSeconds(-500), '-1s');
  assert.equal(goDurationSeconds(-90_500), '-1m31s');
  assert.equal(goDurationSeconds(3600_000), '1h0m0s');
  assert.equal(goDurationSeconds(450_000 + 28 * 3600_000), '28h7m30s');
});

test('times: RFC 3339 with Z or offset, fraction without trailing zeros, Go time.String with zone', () => {
  const t = Date.UTC(2026, 0, 2, 3, 4, 5, 120);
  inZone('UTC', () => {
    assert.equal(rfc3339(t), '2026-01-02T03:04:05Z');
    assert.equal(rfc3339(t, true), '2026-01-02T03:04:05.12Z');
    assert.equal(rfc3339(t - 120, true), '2026-01-02T03:04:05Z');
    assert.equal(goTimeString(t), '2026-01-02 03:04:05 +0000 UTC');
    assert.equal(goTimeString(t + 400), '2026-01-02 03:04:06 +0000 UTC', 'rounded to the second');
  });
  inZone('Asia/Kolkata', () => {
    assert.equal(rfc3339(t), '2026-01-02T08:34:05+05:30');
  });
  inZone('America/New_York', () => {
    assert.equal(rfc3339(t, true), '2026-01-01T22:04:05.12-05:00');
    assert.equal(goTimeString(t), '2026-01-01 22:04:05 -0500 EST');
  });
});

test('paths as mox LogString: Unicode domain plus ASCII form; quoted localparts escaped', () => {
  assert.equal(pathLogString('', '', ''), '');
  assert.equal(pathLogString('app', 'example.org', 'example.org'), 'app@example.org');
  assert.equal(pathLogString('a', 'xn--bcher-kva.example', 'bücher.example'), 'a@bücher.example/a@xn--bcher-kva.example');
  assert.equal(pathLogString('x y', 'example.com', 'example.com'), '"x y"@example.com/"\\"x y\\""@example.com');
  assert.equal(pathLogString('jörg', 'example.com', 'example.com'), 'jörg@example.com/"j\\u00f6rg"@example.com');
  assert.equal(pathLogString('a', '', '[127.0.0.1]'), 'a@127.0.0.1');
});

test('JSON as Go encodes it with tab indentation and HTML escaping', () => {
  assert.equal(goJsonIndent({ A: '<x&y>', B: null, C: [], D: { E: 1 } }), '{\n\t"A": "\\u003cx\\u0026y\\u003e",\n\t"B": null,\n\t"C": [],\n\t"D": {\n\t\t"E": 1\n\t}\n}\n');
});
